import type { ChalkInstance } from 'chalk';
import type { BaselineComparison, ThresholdOutcome } from '../shared/check-types.js';
import type { ComparisonResult } from '../shared/result-types.js';
import { baselineSection, checksSections, thresholdsSection, type ChecksSection } from './checks.js';
import type { ByteAgreement, Cell, MetricSection, Tone } from './section-model.js';
import { NO_TRANSPORT, buildReport, type ReportHeader } from './sections.js';
import { TERMINAL_WIDTH, chalkFor, chartTable, hangingIndent, newTable, section, wrapParts } from './terminal.js';

/** Widest line the table reporter aims for, in terminal columns. */
export const TABLE_WIDTH = TERMINAL_WIDTH;

/** Options of the table reporter: `color` switches chalk's escapes on or off, never guessed from the environment. */
export interface TableOptions {
  color: boolean;
}

/** Renders a result as titled text tables for a terminal or CI log, then its checks; pure, never prints. */
export function renderTable(result: ComparisonResult, options: TableOptions): string {
  const c = chalkFor(options);
  // Without colour the distribution is drawn in plain characters, as a log or a dumb terminal shows them.
  const model = buildReport(result, { plainDistribution: !options.color });
  const blocks = [
    header(c, model.header),
    ...model.sections.map((s) => section(c, s.title, metricTable(c, s))),
    section(c, model.chart.title, chartTable(c, model.chart)),
    ...checksSections(result.checks).map((s) => checksBlock(c, s)),
  ];
  return `${blocks.join('\n\n')}\n`;
}

/** Renders only the Thresholds section (title, table, summary line), ending with a newline. Pure. */
export function renderThresholdsTable(outcomes: readonly ThresholdOutcome[], options: TableOptions): string {
  return `${checksBlock(chalkFor(options), thresholdsSection(outcomes))}\n`;
}

/** Renders only the Baseline section (what was compared, table, notes, summary line), ending with a newline. Pure. */
export function renderBaselineTable(baseline: BaselineComparison, options: TableOptions): string {
  return `${checksBlock(chalkFor(options), baselineSection(baseline))}\n`;
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

function header(c: ChalkInstance, h: ReportHeader): string {
  const warning = h.partial
    ? [c.red.bold(h.partial.headline), wrapParts(h.partial.detail.split(' '), ' ', TABLE_WIDTH)]
    : [];
  return section(c, h.title, [...warning, wrapParts(h.parts, ' · ', TABLE_WIDTH)].join('\n'));
}

function metricTable(c: ChalkInstance, s: MetricSection): string {
  if (s.columns.length === 0) return NO_TRANSPORT;
  const table = newTable(c, ['', ...s.columns], { colAligns: ['left', ...s.columns.map(() => 'right' as const)] });
  for (const row of s.rows) table.push([row.label, ...row.cells.map((cell) => cellText(c, cell))]);
  const notes = (s.notes ?? []).map((note) => wrapParts(note.split(' '), ' ', TABLE_WIDTH));
  const agreement = s.agreement ?? [];
  if (agreement.length === 0) return [table.toString(), ...notes].join('\n');
  const width = Math.max(...agreement.map((a) => a.label.length));
  const lines = agreement.map((a) => byteAgreement(c, a, width));
  return [table.toString(), 'server vs client byte counts:', ...lines, ...notes].join('\n');
}

function byteAgreement(c: ChalkInstance, a: ByteAgreement, labelWidth: number): string {
  const label = `  ${a.label.padEnd(labelWidth)}  `;
  if (a.agree) return `${label}agree`;
  const indent = ' '.repeat(label.length);
  return [`${label}${c.red('MISMATCH')}`, ...a.details.map((d) => `${indent}${d}`)].join('\n');
}

/** A note is free text of any length: wrapped to the table width under a `note: ` hanging indent. */
function noteLines(note: string): string {
  const prefix = 'note: ';
  return hangingIndent(prefix, wrapParts(note.split(' '), ' ', TABLE_WIDTH - prefix.length));
}

function checksBlock(c: ChalkInstance, s: ChecksSection): string {
  const lines = [...s.intro];
  if (s.rows.length === 0) {
    lines.push(s.empty);
  } else {
    const table = newTable(c, s.columns, { colAligns: s.numeric.map((n) => (n ? 'right' : 'left')) });
    for (const row of s.rows) table.push(row.map((cell) => cellText(c, cell)));
    lines.push(table.toString());
  }
  lines.push(...s.notes.map(noteLines));
  if (s.rows.length > 0) lines.push(tint(c, s.summary.tone, s.summary.text));
  return section(c, s.title, lines.join('\n'));
}
