// The terminal layout shared by the run's table report and `explain`: bold section titles,
// cli-table3 tables, word wrapping that honours NBSP, and the classic chart's three columns.
import Table from 'cli-table3';
import { Chalk, type ChalkInstance } from 'chalk';
import { NBSP, type ChartModel } from './chart.js';

/** Widest line a terminal report aims for when it is not told the terminal's width, in terminal columns. */
export const TERMINAL_WIDTH = 80;

/** A chalk whose level the caller chose: escapes with `color`, none without, never guessed from the environment. */
export function chalkFor(options: { color: boolean }): ChalkInstance {
  return new Chalk({ level: options.color ? 1 : 0 });
}

/** A block of the report: its title in bold, then its body on the following lines. */
export function section(c: ChalkInstance, title: string, body: string): string {
  return `${c.bold(title)}\n${body}`;
}

// Colour comes only from chalk, whose level the caller set: cli-table3's own styling uses
// @colors/colors, which guesses from the environment and would leak escapes with colour off.
// Tables are compact (no line between rows) so they stay short in CI logs.
/** A cli-table3 table with bold heads and no styling of its own; `extra` overrides any option. */
export function newTable(c: ChalkInstance, head: string[], extra: Table.TableConstructorOptions = {}): Table.Table {
  return new Table({ head: head.map((h) => c.bold(h)), style: { head: [], border: [], compact: true }, ...extra });
}

/** Joins parts on one line, breaking only between parts so no line passes `width` columns. */
export function wrapParts(parts: string[], separator: string, width: number): string {
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

/** Word-wraps each line of `text` to `width`, breaking only at ordinary spaces, then prints NBSP as a space. */
export function wrapText(text: string, width: number): string {
  const lines = text.split('\n').map((line) => wrapParts(line.split(' '), ' ', width));
  return lines.join('\n').replaceAll(NBSP, ' ');
}

/** Already-wrapped lines under `prefix`: the first line after it, later lines indented to match. */
export function hangingIndent(prefix: string, wrapped: string): string {
  const indent = ' '.repeat(prefix.length);
  return wrapped
    .split('\n')
    .map((line, i) => `${i === 0 ? prefix : indent}${line}`)
    .join('\n');
}

/**
 * The classic chart as a bordered three-column table (a line between aspects) `width` columns wide, its footnote
 * wrapped under it. The aspect column takes a fifth (15 to 17 columns), the two sides share the rest; their text is
 * wrapped here, because cli-table3 would also break at NBSP.
 */
export function chartTable(
  c: ChalkInstance,
  model: ChartModel,
  width = TERMINAL_WIDTH,
  options: { compact?: boolean } = {},
): string {
  // "communication" fits on its line: 13 letters and the padding.
  const aspect = Math.min(17, Math.max(15, Math.floor(width / 5) - 1));
  const rest = width - aspect - 4;
  const http = Math.ceil(rest / 2);
  const table = newTable(c, [...model.columns], {
    colWidths: [aspect, http, rest - http],
    wordWrap: true,
    style: { head: [], border: [], compact: false },
  });
  const wrap = (text: string, columns: number): string => wrapText(text, columns - 2);
  // Compact: the short poll's figures alone (the long poll and the wire are in the tables).
  const httpText = (lines: string[]): string => (options.compact ? lines.slice(0, 1) : lines).join('\n');
  for (const row of model.rows) table.push([row.aspect, wrap(httpText(row.http), http), wrap(row.ws, rest - http)]);
  return `${table.toString()}\n${wrapText(model.footnote, width)}`;
}
