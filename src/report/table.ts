import type { ChalkInstance } from 'chalk';
import type { BaselineComparison, ThresholdOutcome } from '../shared/check-types.js';
import type { ComparisonResult } from '../shared/result-types.js';
import { baselineSection, checksSections, thresholdsSection, type ChecksSection } from './checks.js';
import type { ByteAgreement, Cell, MetricSection, Tone } from './section-model.js';
import { NO_TRANSPORT, buildReport, type ReportHeader } from './sections.js';
import {
  TERMINAL_WIDTH,
  chalkFor,
  chartTable,
  hangingIndent,
  newTable,
  section,
  wrapParts,
  wrapText,
} from './terminal.js';
import { MIN_WIDTH, columnBlocks, fixedColumns, naturalWidths, narrowed } from './fit.js';

/** Widest line the table reporter aims for when not told the terminal's, in terminal columns. */
export const TABLE_WIDTH = TERMINAL_WIDTH;

/** Options of the table reporter: `color` switches chalk's escapes on or off, never guessed from the environment. */
export interface TableOptions {
  color: boolean;
  /** Every table (`--details`); the verdict, the essentials and the chart when absent. */
  details?: boolean;
  /** The terminal's width in columns (80 when absent); no line is wider, down to MIN_WIDTH. */
  width?: number;
}

/** What the compact view says under its tables: where the rest is. */
export const DETAILS_HINT = 'every table: --details';

/**
 * Renders a result for a terminal or CI log: the verdict, then the essentials and the chart (every table with
 * `details`), then its checks; no line wider than `width`. Pure, never prints.
 */
export function renderTable(result: ComparisonResult, options: TableOptions): string {
  const c = chalkFor(options);
  const width = Math.max(MIN_WIDTH, Math.floor(options.width ?? TABLE_WIDTH));
  // Without colour the distribution is drawn in plain characters, as a log or a dumb terminal shows them.
  const model = buildReport(result, { plainDistribution: !options.color });
  const tables = options.details ? model.sections : [model.essentials, ...model.sections.filter((s) => s.alwaysShown)];
  const blocks = [
    header(c, model.header, width, Boolean(options.details)),
    section(c, 'Verdict', model.verdict.map((sentence) => wrapText(sentence, width)).join('\n')),
    ...tables.map((s) => section(c, wrapText(s.title, width), metricTable(c, s, width))),
    section(c, wrapText(model.chart.title, width), chartTable(c, model.chart, width, { compact: !options.details })),
    ...checksSections(result.checks).map((s) => checksBlock(c, s, width)),
  ];
  return `${blocks.join('\n\n')}\n`;
}

/** Renders one titled table of figures, its notes under it, no line wider than `width`. Pure. */
export function renderSectionTable(s: MetricSection, options: { color: boolean; width: number }): string {
  const c = chalkFor(options);
  return section(c, wrapText(s.title, options.width), metricTable(c, s, options.width));
}

/** Renders only the Thresholds section (title, table, summary line), ending with a newline. Pure. */
export function renderThresholdsTable(outcomes: readonly ThresholdOutcome[], options: TableOptions): string {
  return `${checksBlock(chalkFor(options), thresholdsSection(outcomes), options.width)}\n`;
}

/** Renders only the Baseline section (what was compared, table, notes, summary line), ending with a newline. Pure. */
export function renderBaselineTable(baseline: BaselineComparison, options: TableOptions): string {
  return `${checksBlock(chalkFor(options), baselineSection(baseline), options.width)}\n`;
}

function tint(c: ChalkInstance, tone: Tone, text: string): string {
  if (tone === 'bad') return c.red(text);
  if (tone === 'good') return c.green(text);
  return text;
}

/** A cell's lines, each tinted on its own so a colour never spans cli-table3's line breaks. */
function cellText(c: ChalkInstance, cell: Cell): string {
  return cell.lines.map((line) => tint(c, cell.tone, line)).join('\n');
}

function header(c: ChalkInstance, h: ReportHeader, width: number, details: boolean): string {
  const warning = h.partial ? [c.red.bold(h.partial.headline), wrapParts(h.partial.detail.split(' '), ' ', width)] : [];
  // A part longer than the line (a long URL) is wrapped at its spaces too.
  const parts = (details ? [...h.parts, ...h.machine] : [...h.compactParts, DETAILS_HINT]).flatMap((part) =>
    wrapText(part, width).split('\n'),
  );
  if (details) return section(c, h.title, [...warning, wrapParts(parts, ' · ', width)].join('\n'));
  // Compact: the title leads the same lines, in bold.
  const lines = wrapParts([h.shortTitle, ...parts], ' · ', width).split('\n');
  lines[0] = lines[0]!.replace(h.shortTitle, c.bold(h.shortTitle));
  return [...warning, ...lines].join('\n');
}

/** A table of figures: one block of columns, or several that each fit `width`, every block repeating the labels. */
function metricTable(c: ChalkInstance, s: MetricSection, width: number): string {
  if (s.columns.length === 0) return NO_TRANSPORT;
  const texts = [
    ['', ...s.columns],
    ...s.rows.map((row) => [row.label, ...row.cells.map((cell) => cellText(c, cell))]),
  ];
  const tables = columnBlocks(naturalWidths(texts), width).map(({ columns, widths }) => {
    const table = newTable(
      c,
      columns.map((i) => texts[0]![i]!),
      {
        colAligns: columns.map((i) => (i === 0 ? 'left' : 'right')),
        ...fixedColumns(widths),
      },
    );
    for (const row of texts.slice(1)) table.push(columns.map((i) => row[i]!));
    return table.toString();
  });
  const notes = (s.notes ?? []).map((note) => wrapParts(note.split(' '), ' ', width));
  const agreement = s.agreement ?? [];
  const body = tables.join('\n');
  if (agreement.length === 0) return [body, ...notes].join('\n');
  const labelWidth = Math.max(...agreement.map((a) => a.label.length));
  const lines = agreement.map((a) => byteAgreement(c, a, labelWidth));
  return [body, 'server vs client byte counts:', ...lines, ...notes].join('\n');
}

function byteAgreement(c: ChalkInstance, a: ByteAgreement, labelWidth: number): string {
  const label = `  ${a.label.padEnd(labelWidth)}  `;
  if (a.agree) return `${label}agree`;
  const indent = ' '.repeat(label.length);
  return [`${label}${c.red('MISMATCH')}`, ...a.details.map((d) => `${indent}${d}`)].join('\n');
}

/** A note is free text of any length: wrapped to `width` under a `note: ` hanging indent. */
function noteLines(note: string, width: number): string {
  const prefix = 'note: ';
  return hangingIndent(prefix, wrapParts(note.split(' '), ' ', width - prefix.length));
}

function checksBlock(c: ChalkInstance, s: ChecksSection, width = TABLE_WIDTH): string {
  const lines = s.intro.map((line) => wrapText(line, width));
  if (s.rows.length === 0) {
    lines.push(s.empty);
  } else {
    const cells = s.rows.map((row) => row.map((cell) => cellText(c, cell)));
    const natural = naturalWidths([s.columns, ...cells]);
    const narrow = narrowed(natural, width);
    const table = newTable(c, s.columns, {
      colAligns: s.numeric.map((n) => (n ? 'right' : 'left')),
      // Only a table too wide is narrowed; a threshold is one long token, broken inside rather than cut short.
      ...(narrow.some((w, i) => w < natural[i]!) ? { ...fixedColumns(narrow), wrapOnWordBoundary: false } : {}),
    });
    for (const row of cells) table.push(row);
    lines.push(table.toString());
  }
  lines.push(...s.notes.map((note) => noteLines(note, width)));
  if (s.rows.length > 0) lines.push(tint(c, s.summary.tone, s.summary.text));
  return section(c, s.title, lines.join('\n'));
}
