// `reproduce`: each source's claims beside this machine's figures, in every layout.
import type { ClaimFigure, ClaimGroup, ReproduceResult } from '../shared/reproduce-types.js';
import { csvField } from './csv.js';
import { formatRatio, formatSignificant } from './format.js';
import { escapeHtml } from './svg.js';
import { STYLE, section as htmlSection } from './html.js';
import { escapeMarkdown, metricSection } from './markdown.js';
import type { Cell, MetricSection } from './section-model.js';
import { renderSectionTable } from './table.js';
import { TERMINAL_WIDTH, chalkFor, section, wrapText } from './terminal.js';

/** The layouts `reproduce` writes. */
export const REPRODUCE_FORMATS = ['table', 'json', 'markdown', 'csv', 'html'] as const;
export type ReproduceFormat = (typeof REPRODUCE_FORMATS)[number];

const plain = (text: string): Cell => ({ lines: [text], tone: 'plain' });
/** A figure with its unit (`1 transit`, `93.2%`); a published one exactly as the source gives it. */
const withUnit = (value: number | null, unit: string, exact = false): string => {
  if (value === null) return '–';
  const text = exact ? String(value) : formatSignificant(value);
  if (unit === '%') return `${text}%`;
  return `${text} ${unit === 'transits' && text === '1' ? 'transit' : unit}`;
};

/** A source cited whole: authors, "title", where, year. */
export const citationOf = (g: ClaimGroup): string =>
  `${g.source.authors}, "${g.source.title}", ${g.source.published}, ${g.source.year}`;

/** This machine's figure, marked when it was projected from a smaller crowd. */
const measuredText = (f: ClaimFigure): string =>
  `${withUnit(f.measured, f.unit)}${f.basis === 'projected' && f.measured !== null ? ' (projected)' : ''}`;

const WHY = 'why they differ';

/** One source's claims as a table: the claim, its figure, this machine's, the ratio; why they differ below it. */
function groupSection(g: ClaimGroup, whyInTable: boolean): MetricSection {
  return {
    title: citationOf(g),
    columns: ['published', 'this machine', 'ratio', ...(whyInTable ? [WHY] : [])],
    textColumns: [WHY],
    rows: g.figures.map((f) => ({
      label: f.claim,
      cells: [
        plain(withUnit(f.published, f.unit, true)),
        plain(measuredText(f)),
        plain(f.ratio === null ? '–' : `${formatRatio(f.ratio)}×`),
        ...(whyInTable ? [plain(f.why)] : []),
      ],
    })),
    notes: [
      `It says (${g.source.where}): ${g.says}`,
      `Run here: ${g.scenario}.`,
      ...(whyInTable ? [] : whyNotes(g.figures)),
    ],
  };
}

/** Why each figure differs, said once for the rows that share a reason. */
function whyNotes(figures: readonly ClaimFigure[]): string[] {
  const byWhy = new Map<string, string[]>();
  for (const f of figures) byWhy.set(f.why, [...(byWhy.get(f.why) ?? []), f.claim]);
  return [...byWhy].map(([why, claims]) => `${claims.join('; ')}: ${why}`);
}

const heading = (r: ReproduceResult): string =>
  `poll-vs-push ${r.tool.version} reproduce${r.quick ? ' --quick' : ''} · ${r.startedAt} · node ${r.environment.node} · ` +
  `${r.environment.cpus} cpus (${r.environment.cpuModel})`;

const QUICK_NOTE = 'Quick: crowds and phases scaled down to run in under a minute; projected rows say so.';

function table(r: ReproduceResult, color: boolean, width: number): string {
  const c = chalkFor({ color });
  const blocks = [
    section(c, 'The famous figures, rerun on this machine', wrapText(heading(r), width)),
    ...r.groups.map((g) => renderSectionTable(groupSection(g, false), { color, width })),
    ...(r.quick ? [wrapText(QUICK_NOTE, width)] : []),
  ];
  return `${blocks.join('\n\n')}\n`;
}

function markdown(r: ReproduceResult): string {
  const blocks = [
    '## The famous figures, rerun on this machine',
    escapeMarkdown(heading(r)),
    ...r.groups.flatMap((g) => metricSection(groupSection(g, true), 3)),
    ...(r.quick ? [escapeMarkdown(QUICK_NOTE)] : []),
  ];
  return `${blocks.join('\n\n')}\n`;
}

function csv(r: ReproduceResult): string {
  const head = ['source', 'year', 'claim', 'published', 'measured', 'unit', 'basis', 'ratio', 'why'];
  const rows = r.groups.flatMap((g) =>
    g.figures.map((f) => [
      g.source.title,
      g.source.year,
      f.claim,
      f.published,
      f.measured,
      f.unit,
      f.basis,
      f.ratio,
      f.why,
    ]),
  );
  return `${[head, ...rows].map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}

function html(r: ReproduceResult): string {
  const json = JSON.stringify(r).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>The famous figures, rerun · poll-vs-push ${escapeHtml(r.startedAt.slice(0, 16).replace('T', ' '))}</title><style>${STYLE}</style></head>
<body><h1>The famous figures, rerun on this machine</h1><p class="note">${escapeHtml(heading(r))}</p>
${r.groups.map((g) => htmlSection(groupSection(g, true))).join('\n')}
${r.quick ? `<p class="note">${escapeHtml(QUICK_NOTE)}</p>` : ''}
<script type="application/json" id="poll-vs-push-reproduce">${json}</script>
</body></html>
`;
}

/** Renders what `reproduce` found: a terminal table, JSON, Markdown, CSV or one HTML page. Pure. */
export function renderReproduce(
  r: ReproduceResult,
  format: ReproduceFormat,
  options: { color: boolean; width?: number },
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(r, null, 2)}\n`;
    case 'markdown':
      return markdown(r);
    case 'csv':
      return csv(r);
    case 'html':
      return html(r);
    case 'table':
      return table(r, options.color, options.width ?? TERMINAL_WIDTH);
  }
}
