// The terminal layout shared by the run's table report and `explain`: bold section titles,
// cli-table3 tables, word wrapping that honours NBSP, and the classic chart's three columns.
import Table from 'cli-table3';
import { Chalk, type ChalkInstance } from 'chalk';
import { NBSP, type ChartModel } from './chart.js';

/** Widest line a terminal report aims for, in terminal columns. */
export const TERMINAL_WIDTH = 100;

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

// 16 + 40 + 40 columns plus 4 border characters = TERMINAL_WIDTH; text is wrapped to 38 inside,
// ourselves, because cli-table3 would also break at NBSP.
const CHART_COLUMNS = [16, 40, 40];
const CHART_TEXT_WIDTH = 38;

/** The classic chart as a bordered three-column table (a line between aspects), its footnote wrapped under it. */
export function chartTable(c: ChalkInstance, model: ChartModel): string {
  const table = newTable(c, [...model.columns], {
    colWidths: CHART_COLUMNS,
    wordWrap: true,
    style: { head: [], border: [], compact: false },
  });
  const wrap = (text: string): string => wrapText(text, CHART_TEXT_WIDTH);
  for (const row of model.rows) table.push([row.aspect, wrap(row.http.join('\n')), wrap(row.ws)]);
  return `${table.toString()}\n${wrapText(model.footnote, TERMINAL_WIDTH)}`;
}
