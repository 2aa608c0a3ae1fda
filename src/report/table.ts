import Table from 'cli-table3';
import { Chalk, type ChalkInstance } from 'chalk';
import type { BaselineComparison, ComparisonResult, ThresholdOutcome } from '../shared/types.js';
import { NBSP, type ChartModel } from './chart.js';
import { baselineSection, checksSections, thresholdsSection, type ChecksSection } from './checks.js';
import { NO_TRANSPORT, buildReport, type ByteAgreement, type Cell, type MetricSection, type ReportHeader, type Tone } from './sections.js';

/** Widest line the table reporter aims for, in terminal columns. */
export const TABLE_WIDTH = 100;

/** Options of the table reporter: `color` switches chalk's escapes on or off, never guessed from the environment. */
export interface TableOptions {
  color: boolean;
}

/** Renders a result as titled text tables for a terminal or CI log, then its checks; pure, never prints. */
export function renderTable(result: ComparisonResult, options: TableOptions): string {
  const c = chalkFor(options);
  const model = buildReport(result);
  const blocks = [
    header(c, model.header),
    ...model.sections.map((s) => section(c, s.title, metricTable(c, s))),
    section(c, model.chart.title, chart(c, model.chart)),
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

function chalkFor(options: TableOptions): ChalkInstance {
  return new Chalk({ level: options.color ? 1 : 0 });
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

function section(c: ChalkInstance, title: string, body: string): string {
  return `${c.bold(title)}\n${body}`;
}

function header(c: ChalkInstance, h: ReportHeader): string {
  const warning = h.partial ? [c.red.bold(h.partial.headline), wrapParts(h.partial.detail.split(' '), ' ', TABLE_WIDTH)] : [];
  return section(c, h.title, [...warning, wrapParts(h.parts, ' · ', TABLE_WIDTH)].join('\n'));
}

/** Joins parts on one line, breaking only between parts so no line passes `width`. */
function wrapParts(parts: string[], separator: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    if (line !== '' && line.length + separator.length + part.length > width) {
      lines.push(line);
      line = part;
    } else {
      line = line === '' ? part : `${line}${separator}${part}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/** Word-wraps plain text to `width`, breaking only at ordinary spaces (cli-table3 also breaks at NBSP). */
function wrapText(text: string, width: number): string {
  const lines = text.split('\n').map((line) => wrapParts(line.split(' '), ' ', width));
  return lines.join('\n').replaceAll(NBSP, ' ');
}

// Colour comes only from chalk, whose level the caller set: cli-table3's own styling uses
// @colors/colors, which guesses from the environment and would leak escapes with colour off.
// Metric tables are compact (no line between rows) so they stay short in CI logs.
function newTable(c: ChalkInstance, head: string[], extra: Table.TableConstructorOptions = {}): Table.Table {
  return new Table({ head: head.map((h) => c.bold(h)), style: { head: [], border: [], compact: true }, ...extra });
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

function chart(c: ChalkInstance, model: ChartModel): string {
  // 16 + 40 + 40 columns (1 space of padding each side) plus 4 border characters = TABLE_WIDTH.
  const table = newTable(c, [...model.columns], {
    colWidths: [16, 40, 40],
    wordWrap: true,
    style: { head: [], border: [], compact: false },
  });
  const wrap = (text: string): string => wrapText(text, 38);
  for (const row of model.rows) table.push([row.aspect, wrap(row.http.join('\n')), wrap(row.ws)]);
  return `${table.toString()}\n${model.footnote}`;
}

/** A note is free text of any length: wrapped to the table width under a `note: ` hanging indent. */
function noteLines(note: string): string {
  const prefix = 'note: ';
  const wrapped = wrapParts(note.split(' '), ' ', TABLE_WIDTH - prefix.length).split('\n');
  return wrapped.map((line, i) => `${i === 0 ? prefix : ' '.repeat(prefix.length)}${line}`).join('\n');
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
