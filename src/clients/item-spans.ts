/**
 * The items of a polling answer that hold each marker: the innermost JSON array element around it
 * (a list's message, wherever the app nests its list), else the line it stands on. Their bytes are
 * what a cursorless poll pays again for an event it already had.
 */

/** Calls `onSpan` with the [start, end) of each array element in `text`, innermost first (in the order they close). */
function eachArrayElement(text: string, onSpan: (start: number, end: number) => void): void {
  /** Open containers: '[' with where its current element began (-1: none yet), or '{'. */
  const stack: Array<{ kind: '[' | '{'; start: number }> = [];
  let inString = false;
  /** Just past the last character that was not whitespace: an element ends there, not at the comma after spaces. */
  let lastEnd = 0;
  const close = (end: number): void => {
    const top = stack[stack.length - 1];
    if (top?.kind === '[' && top.start >= 0) onSpan(top.start, end);
    if (top) top.start = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      lastEnd = i + 1;
      continue;
    }
    // Whitespace starts nothing.
    if (c === 32 || c === 10 || c === 13 || c === 9) continue;
    const top = stack[stack.length - 1];
    if (c === 44 /* , */) {
      close(lastEnd);
      continue;
    }
    if (c === 93 /* ] */ || c === 125 /* } */) {
      close(lastEnd);
      stack.pop();
      lastEnd = i + 1;
      continue;
    }
    lastEnd = i + 1;
    // Any other character inside an array begins an element there, if one has not begun.
    if (top?.kind === '[' && top.start < 0) top.start = i;
    if (c === 34) inString = true;
    else if (c === 91 /* [ */) stack.push({ kind: '[', start: -1 });
    else if (c === 123 /* { */) stack.push({ kind: '{', start: -1 });
  }
}

/** The first position in ascending `indexes` at or past `at`. */
function firstAtOrPast(indexes: readonly number[], at: number): number {
  let low = 0;
  let high = indexes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (indexes[middle]! < at) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * For each of `indexes` (ascending character positions in `text`), the bytes of the item holding
 * it: the innermost JSON array element around it, else its line.
 */
export function itemBytesAt(text: string, indexes: readonly number[]): number[] {
  const items: Array<[number, number] | undefined> = indexes.map(() => undefined);
  const body = text.trimStart();
  if (body.startsWith('[') || body.startsWith('{')) {
    // Spans close innermost first: the first one found around a marker is its item.
    eachArrayElement(text, (start, end) => {
      for (let k = firstAtOrPast(indexes, start); k < indexes.length && indexes[k]! < end; k++)
        items[k] ??= [start, end];
    });
  }
  return indexes.map((at, k) => {
    const [start, end] = items[k] ?? lineAround(text, at);
    return Buffer.byteLength(text.slice(start, end));
  });
}

/** The line of `text` that `at` stands on, without its line break. */
function lineAround(text: string, at: number): [number, number] {
  const start = text.lastIndexOf('\n', at) + 1;
  const next = text.indexOf('\n', at);
  return [start, next < 0 ? text.length : next];
}
