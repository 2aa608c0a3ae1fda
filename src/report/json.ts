import type { ComparisonResult } from '../shared/result-types.js';

/** Renders a result as pretty-printed JSON (2-space indent, trailing newline) for CI snapshots and scripts. */
export function renderJson(result: ComparisonResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
