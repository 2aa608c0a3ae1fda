import type { ComparisonResult } from '../shared/types.js';
import { renderCsv } from './csv.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTable } from './table.js';

/** Every output format a reporter can render, in the order `--help` lists them. */
export const REPORT_FORMATS = ['table', 'json', 'markdown', 'csv'] as const;

/** One of the output formats. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Renders a result in the chosen format; `color` only affects the table (JSON, Markdown and CSV never carry colour). */
export function render(result: ComparisonResult, format: ReportFormat, options: { color: boolean }): string {
  switch (format) {
    case 'table':
      return renderTable(result, options);
    case 'json':
      return renderJson(result);
    case 'markdown':
      return renderMarkdown(result);
    case 'csv':
      return renderCsv(result);
  }
}
