import type { ComparisonResult } from '../shared/types.js';
import { renderJson } from './json.js';
import { renderTable } from './table.js';

/** The output formats a reporter can render. */
export type ReportFormat = 'table' | 'json';

/** Renders a result in the chosen format; `color` only affects the table (JSON never carries colour). */
export function render(result: ComparisonResult, format: ReportFormat, options: { color: boolean }): string {
  switch (format) {
    case 'table':
      return renderTable(result, options);
    case 'json':
      return renderJson(result);
  }
}
