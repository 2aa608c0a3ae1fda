import type { BaselineComparison, ThresholdOutcome } from '../shared/check-types.js';
import type { ComparisonResult } from '../shared/result-types.js';
import { NBSP, type ChartModel } from './chart.js';
import { baselineSection, checksSections, thresholdsSection, type ChecksSection } from './checks.js';
import type { Cell, MetricSection } from './section-model.js';
import { NO_TRANSPORT, buildReport, type ReportHeader } from './sections.js';

/** Options of the Markdown reporter. */
export interface MarkdownOptions {
  /**
   * Level of the title heading, 1..5 (default 2, so the output sits under a page's own `#`); sections go one deeper.
   */
  headingLevel?: number;
}

// Backslash-escapes what GFM would read as markup: `|` would end a table cell, `<` could open
// an HTML tag, `*` `` ` `` `[` emphasis, code or links. An `_` inside a word is left alone
// (GFM never reads it as emphasis) so error codes like ERR_SOCKET_CLOSED stay readable.
const MARKUP = /[\\`*<>[\]|]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;

/** Escapes text for a Markdown paragraph or table cell: `a|b` → `a\|b`; NBSP becomes a plain space. */
export function escapeMarkdown(text: string): string {
  return text.replaceAll(NBSP, ' ').replace(MARKUP, (ch) => `\\${ch}`);
}

/**
 * Renders a result as GitHub-flavoured Markdown for `$GITHUB_STEP_SUMMARY` or a PR comment; never carries ANSI escapes.
 * Pure.
 */
export function renderMarkdown(result: ComparisonResult, options: MarkdownOptions = {}): string {
  const level = Math.min(5, Math.max(1, Math.trunc(options.headingLevel ?? 2)));
  const model = buildReport(result);
  // A job summary is read from the top: the verdict and the checks first, then the essentials and the chart; every
  // table follows, folded, for whoever opens it.
  const blocks = [
    ...header(model.header, level),
    heading(level + 1, 'Verdict'),
    model.verdict.map(escapeMarkdown).join(' '),
    ...checksSections(result.checks).flatMap((s) => checksBlock(s, level + 1)),
    ...metricSection(model.essentials, level + 1),
    ...chart(model.chart, level + 1),
    '<details><summary>Every table</summary>',
    ...model.sections.flatMap((s) => metricSection(s, level + 1)),
    '</details>',
  ];
  return `${blocks.join('\n\n')}\n`;
}

/** Renders only the Thresholds section as Markdown (heading at `level`), ending with a newline. Pure. */
export function renderThresholdsMarkdown(outcomes: readonly ThresholdOutcome[], level = 3): string {
  return `${checksBlock(thresholdsSection(outcomes), level).join('\n\n')}\n`;
}

/** Renders only the Baseline section as Markdown (heading at `level`), ending with a newline. Pure. */
export function renderBaselineMarkdown(baseline: BaselineComparison, level = 3): string {
  return `${checksBlock(baselineSection(baseline), level).join('\n\n')}\n`;
}

function heading(level: number, text: string): string {
  return `${'#'.repeat(level)} ${escapeMarkdown(text)}`;
}

/** One table cell: lines joined with `<br>`, trouble in bold so it stands out without colour. */
function cell(c: Cell): string {
  const lines = c.lines.map(escapeMarkdown);
  return lines.map((line) => (c.tone === 'bad' && line !== '' ? `**${line}**` : line)).join('<br>');
}

function pipeRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** A pipe table; `numeric[i]` right-aligns column i. Cells are already escaped. */
function pipeTable(head: string[], numeric: boolean[], rows: string[][]): string {
  const rule = numeric.map((n) => (n ? '---:' : '---'));
  return [pipeRow(head), pipeRow(rule), ...rows.map(pipeRow)].join('\n');
}

function header(h: ReportHeader, level: number): string[] {
  const blocks = [heading(level, h.title)];
  if (h.partial) blocks.push(`> **${escapeMarkdown(h.partial.headline)}**\n>\n> ${escapeMarkdown(h.partial.detail)}`);
  blocks.push([...h.parts, ...h.machine].map(escapeMarkdown).join(' · '));
  return blocks;
}

/** One titled table of figures as Markdown blocks: heading, pipe table, notes. */
export function metricSection(s: MetricSection, level: number): string[] {
  const blocks = [heading(level, s.title)];
  if (s.columns.length === 0) return [...blocks, escapeMarkdown(NO_TRANSPORT)];
  blocks.push(
    pipeTable(
      ['', ...s.columns.map(escapeMarkdown)],
      [false, ...s.columns.map((column) => !s.textColumns?.includes(column))],
      s.rows.map((row) => [escapeMarkdown(row.label), ...row.cells.map(cell)]),
    ),
  );
  const agreement = s.agreement ?? [];
  if (agreement.length > 0) {
    const items = agreement.map((a) =>
      a.agree
        ? `- ${escapeMarkdown(a.label)}: agree`
        : `- ${escapeMarkdown(a.label)}: **MISMATCH**: ${a.details.map(escapeMarkdown).join('; ')}`,
    );
    blocks.push(`Server vs client byte counts:\n\n${items.join('\n')}`);
  }
  if (s.notes && s.notes.length > 0) blocks.push(s.notes.map(escapeMarkdown).join('<br>\n'));
  return blocks;
}

function chart(model: ChartModel, level: number): string[] {
  const rows = model.rows.map((row) => [
    escapeMarkdown(row.aspect),
    row.http.map(escapeMarkdown).join('<br>'),
    escapeMarkdown(row.ws),
  ]);
  return [
    heading(level, model.title),
    pipeTable(model.columns.map(escapeMarkdown), [false, false, false], rows),
    escapeMarkdown(model.footnote),
  ];
}

function checksBlock(s: ChecksSection, level: number): string[] {
  const blocks = [heading(level, s.title), ...s.intro.map(escapeMarkdown)];
  if (s.rows.length === 0) return [...blocks, escapeMarkdown(s.empty), ...notes(s.notes)];
  const summary = escapeMarkdown(s.summary.text);
  blocks.push(s.summary.tone === 'bad' ? `**${summary}**` : summary);
  blocks.push(
    pipeTable(
      s.columns.map(escapeMarkdown),
      s.numeric,
      s.rows.map((row) => row.map(cell)),
    ),
  );
  return [...blocks, ...notes(s.notes)];
}

function notes(list: string[]): string[] {
  return list.length === 0 ? [] : [`Notes:\n\n${list.map((n) => `- ${escapeMarkdown(n)}`).join('\n')}`];
}
