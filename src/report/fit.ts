// Tables that fit the terminal: never a border wrapped by the terminal. A table of figures (a label
// column, then one column per transport) is split into blocks of columns that fit, each repeating
// the labels; a table of text (the chart, the checks) narrows its widest columns and wraps inside.
import type Table from 'cli-table3';

/** The narrowest a terminal report lays itself out for; below it lines may wrap. */
export const MIN_WIDTH = 40;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the escapes chalk writes are what is stripped.
const ESCAPES = /\x1b\[[0-9;]*m/g;

/** The columns `text` takes in a terminal: its longest line, escapes not counted. */
export function visibleWidth(text: string): number {
  return Math.max(0, ...text.split('\n').map((line) => line.replace(ESCAPES, '').length));
}

/** cli-table3's width of a row with these column widths: each column, and a border before, between and after. */
const tableWidth = (widths: readonly number[]): number => widths.reduce((sum, w) => sum + w, 0) + widths.length + 1;

/** Each column's natural width: its widest cell, with one space of padding each side. */
export function naturalWidths(rows: readonly (readonly string[])[]): number[] {
  const columns = Math.max(0, ...rows.map((row) => row.length));
  return Array.from({ length: columns }, (_, i) => Math.max(3, ...rows.map((row) => visibleWidth(row[i] ?? '') + 2)));
}

/**
 * Widths for a table of text that fit `width`: the widest column gives up a column at a time (never
 * below `floor`) until the whole fits; cells then wrap inside.
 */
export function narrowed(natural: readonly number[], width: number, floor = 8): number[] {
  const widths = [...natural];
  while (tableWidth(widths) > width) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= floor) break;
    widths[widest] = widths[widest]! - 1;
  }
  return widths;
}

/**
 * The column blocks a table of figures is split into so each fits `width`: the label column in
 * every block (narrowed to at most a third of the width, its text wrapped), then as many figure
 * columns as fit. Returns each block's column indexes (0 is the label) and widths.
 */
export function columnBlocks(
  natural: readonly number[],
  width: number,
): Array<{ columns: number[]; widths: number[] }> {
  const label = Math.min(natural[0] ?? 3, Math.max(12, Math.floor(width / 3)));
  const blocks: Array<{ columns: number[]; widths: number[] }> = [];
  let current = { columns: [0], widths: [label] };
  for (let i = 1; i < natural.length; i++) {
    const room = width - tableWidth(current.widths) - 1;
    const column = Math.min(natural[i]!, Math.max(3, width - tableWidth([label]) - 1));
    if (current.columns.length > 1 && column > room) {
      blocks.push(current);
      current = { columns: [0], widths: [label] };
    }
    current.columns.push(i);
    current.widths.push(column);
  }
  blocks.push(current);
  return blocks;
}

/** Options that make cli-table3 keep to `widths` and wrap inside a cell. */
export const fixedColumns = (widths: number[]): Table.TableConstructorOptions => ({
  colWidths: widths,
  wordWrap: true,
});
