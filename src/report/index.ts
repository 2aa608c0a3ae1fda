// The output layouts, one registry entry each: a new layout (HTML, say) is one more entry, and
// the format list, `--help`, `render` and the `--output` extension lookup all follow from it.
import type { ComparisonResult } from '../shared/result-types.js';
import { renderHtml } from './html.js';
import { renderCsv } from './csv.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTable } from './table.js';

/** Options every layout is rendered with; a layout that takes no colour ignores `color`. */
export interface RenderOptions {
  color: boolean;
  /** Every table, not the compact view (the terminal table; the other layouts always carry every table). */
  details?: boolean;
  /** The terminal's width in columns (the terminal table). */
  width?: number;
}

/** One output layout: its name, how it renders a result, the file extensions that imply it, whether colour applies. */
export interface ReportLayout {
  name: string;
  render: (result: ComparisonResult, options: RenderOptions) => string;
  /** Lower-case extensions, with their dot, that `--output FILE` infers this layout from; none for the default. */
  extensions: readonly string[];
  /** False for a file format (JSON, Markdown, CSV), which must never carry terminal escapes. */
  color: boolean;
}

/** Every layout, in the order `--help` lists them; the first is the default. */
export const REPORT_LAYOUTS = [
  { name: 'table', render: (result, options) => renderTable(result, options), extensions: [], color: true },
  { name: 'json', render: (result) => renderJson(result), extensions: ['.json'], color: false },
  { name: 'markdown', render: (result) => renderMarkdown(result), extensions: ['.md'], color: false },
  { name: 'csv', render: (result) => renderCsv(result), extensions: ['.csv'], color: false },
  { name: 'html', render: (result) => renderHtml(result), extensions: ['.html', '.htm'], color: false },
] as const satisfies readonly ReportLayout[];

type Names<T extends readonly { name: string }[]> = { readonly [K in keyof T]: T[K]['name'] };

// `map` widens a tuple to an array; the cast gives back the literal tuple the names came from.
/** Every output format a reporter can render, in the order `--help` lists them. */
export const REPORT_FORMATS = REPORT_LAYOUTS.map((layout) => layout.name) as unknown as Names<typeof REPORT_LAYOUTS>;

/** One of the output formats. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The layout of a format name. */
function layoutOf(format: ReportFormat): ReportLayout {
  // Every format name comes from a layout, so the lookup cannot miss.
  return REPORT_LAYOUTS.find((layout) => layout.name === format) as ReportLayout;
}

/** Renders a result in the chosen format; `color` only affects layouts that take colour (the table). */
export function render(result: ComparisonResult, format: ReportFormat, options: RenderOptions): string {
  const layout = layoutOf(format);
  return layout.render(result, { ...options, color: layout.color && options.color });
}

/**
 * The format a file extension implies (`.json` → `json`, `.MD` → `markdown`; with its dot, as `path.extname` gives it),
 * or undefined.
 */
export function formatForExtension(extension: string): ReportFormat | undefined {
  const wanted = extension.toLowerCase();
  const layout = REPORT_LAYOUTS.find((l) => (l.extensions as readonly string[]).includes(wanted));
  return layout?.name;
}
