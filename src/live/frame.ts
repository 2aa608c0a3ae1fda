import { Chalk, type ChalkInstance } from 'chalk';
import { TRANSPORT_SPECS } from '../shared/transports.js';
import { formatDurationMs } from '../shared/units.js';
import { WINDOW_MS, type LaneState, type LiveState } from './state.js';

/** Where and how a frame is drawn. */
export interface FrameOptions {
  width: number;
  height: number;
  color: boolean;
}

/** The one-line hint of the keys, always on the last line: quit and help first, so a narrow terminal keeps them. */
export const KEYS_HINT = 'q quit  ? help  ↑↓ RTT  ←→ poll interval  [ ] rate  b headers  space publish now  p pause';

const LABEL_WIDTH = 12;
const SPARK = '▁▂▃▄▅▆▇█';

const HELP = [
  'What to watch, and what to press:',
  '  Each lane is one client of a transport; a dot is an event reaching it. The top row marks when',
  '  events were published. Short polls bunch events up and arrive late; long polls pay a request',
  '  per answer; SSE and WebSocket arrive as soon as an event is published.',
  '  ↑ / ↓      add or take away 50 ms of round trip: push latency follows the RTT at once',
  '  ← / →      halve or double the poll interval: short-poll latency and requests follow',
  '  [ / ]      halve or double the event rate',
  '  b          browser-weight headers (about 900 B per poll) or minimal ones: watch bytes per event',
  '  space      publish one event now: which lane gets it first?',
  '  p          pause or resume publishing        q  quit and print the tables        ? close this help',
];

const ms = (value: number | null | undefined): string =>
  value === null || value === undefined
    ? '–'
    : value < 10
      ? value.toFixed(2)
      : value < 1000
        ? value.toFixed(1)
        : Math.round(value).toLocaleString('en-US');
const int = (value: number): string => Math.round(value).toLocaleString('en-US');
const perEvent = (bytes: number, events: number): string =>
  events > 0 ? (bytes / events).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }) : '–';
/** `line` cut to `width` visible columns; colour codes count for nothing and are kept. */
function clip(line: string, width: number): string {
  let visible = 0;
  let out = '';
  for (let i = 0; i < line.length; i++) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: an ANSI colour code starts with ESC
    const code = /^\u001b\[[0-9;]*m/.exec(line.slice(i));
    if (code) {
      out += code[0];
      i += code[0].length - 1;
    } else if (visible < width) {
      out += line[i];
      visible += 1;
    }
  }
  return out;
}

/** A row of right-aligned columns after a label. */
function row(label: string, cells: string[], widths: number[]): string {
  return label.padEnd(LABEL_WIDTH) + cells.map((cell, i) => cell.padStart(widths[i]!)).join('');
}

/** A timeline of the window: `mark` at each time (ms ago), `base` elsewhere, newest on the right. */
function timeline(agoMs: number[], width: number, mark: string, base: string): string {
  const cells = Array.from({ length: width }, () => base);
  for (const ago of agoMs) {
    const column = width - 1 - Math.floor((ago / WINDOW_MS) * width);
    if (column >= 0 && column < width) cells[column] = mark;
  }
  return cells.join('');
}

/**
 * A sparkline of one lane's per-second p50 on a log axis shared by every lane (`top`, the highest
 * point any lane shows): bars of the same height are the same latency, whichever the transport.
 */
function sparkline(points: Array<number | null>, width: number, top: number): string {
  const shown = points.slice(-width);
  return shown
    .map((p) =>
      p === null ? ' ' : SPARK[Math.min(SPARK.length - 1, Math.floor((Math.log1p(p) / top) * (SPARK.length - 1)))]!,
    )
    .join('');
}

function lanesBlock(c: ChalkInstance, state: LiveState, width: number): string[] {
  const span = Math.max(10, width - LABEL_WIDTH);
  const axis = `${'last 10 s'.padEnd(span - 3)}now`;
  return [
    ' '.repeat(LABEL_WIDTH) + c.dim(axis),
    c.dim('published'.padEnd(LABEL_WIDTH)) + c.dim(timeline(state.publishedAgoMs, span, '│', ' ')),
    ...state.lanes.map(
      (lane) =>
        lane.label.padEnd(LABEL_WIDTH) +
        timeline(lane.arrivalsAgoMs, span, '●', '·').replace(/●/g, c.hex(TRANSPORT_SPECS[lane.transport].color)('●')),
    ),
  ];
}

function windowBlock(c: ChalkInstance, lanes: LaneState[]): string[] {
  const widths = [10, 8, 12, 10, 11, 11];
  return [
    c.bold(row('last 10 s', ['requests', 'empty', 'deliveries', 'B/event', 'mean ms', 'max ms'], widths)),
    ...lanes.map((l) =>
      row(
        l.label,
        [
          int(l.window.requests),
          int(l.window.empty),
          int(l.window.deliveries),
          perEvent(l.window.bytes, l.window.deliveries),
          ms(l.window.latency?.mean),
          ms(l.window.latency?.max),
        ],
        widths,
      ),
    ),
  ];
}

function totalBlock(c: ChalkInstance, state: LiveState): string[] {
  const widths = [9, 7, 15, 9, 9, 9, 9];
  const expected = state.eventsSeen * state.conditions.clients;
  return [
    c.bold(
      row('since start', ['requests', 'empty', 'delivered/exp.', 'B/event', 'overhead', 'p50 ms', 'p99 ms'], widths),
    ),
    ...state.lanes.map((l) => {
      return row(
        l.label,
        [
          int(l.total.requests),
          int(l.total.empty),
          `${int(l.total.delivered)}/${int(expected)}`,
          perEvent(l.total.bytes, l.total.delivered),
          perEvent(l.total.bytes - l.total.payload, l.total.delivered),
          ms(l.total.p50),
          ms(l.total.p99),
        ],
        widths,
      );
    }),
  ];
}

function trendBlock(c: ChalkInstance, lanes: LaneState[], width: number): string[] {
  const span = Math.max(10, Math.min(30, width - LABEL_WIDTH - 12));
  const shown = lanes.flatMap((l) => l.trend.slice(-span)).filter((p): p is number => p !== null && p > 0);
  const highest = Math.max(...shown, 1);
  const top = Math.log1p(highest);
  return [
    c.bold(`p50 latency, one point a second (one log scale for every lane, full bar ${ms(highest)} ms)`),
    ...lanes.map(
      (l) =>
        `${l.label.padEnd(LABEL_WIDTH)}${c.hex(TRANSPORT_SPECS[l.transport].color)(sparkline(l.trend, span, top).padEnd(span))}  ` +
        `${ms(l.lastSecond?.p50)} ms`,
    ),
  ];
}

function statusLine(state: LiveState): string {
  const k = state.conditions;
  const clock = formatDurationMs(Math.floor(state.elapsedMs / 1000) * 1000 || 0);
  // The knobs first: on a narrow terminal the end of the line is what is cut.
  return [
    `RTT ${k.rttMs} ms`,
    `poll every ${formatDurationMs(k.pollIntervalMs)}`,
    `${k.ratePerSec} events/s${k.paused ? ' (PAUSED)' : ''}`,
    `${k.headers} headers`,
    `${k.clients} clients each`,
    `poll-vs-push live ${clock}`,
  ].join(' · ');
}

/**
 * One frame of the live view, exactly `height` lines of at most `width` columns. Sections that
 * do not fit are left out, least needed first: the trend, then the window's counters. Pure.
 */
export function renderFrame(state: LiveState, options: FrameOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const top = [c.bold(statusLine(state)), state.message ? c.yellow(state.message) : ''];
  const lanes = lanesBlock(c, state, options.width);
  const bottom = [c.dim(KEYS_HINT)];
  const optional = state.showHelp
    ? [HELP]
    : [totalBlock(c, state), windowBlock(c, state.lanes), trendBlock(c, state.lanes, options.width)];
  const lines = [...top, ...lanes];
  for (const block of optional) {
    if (lines.length + 1 + block.length + bottom.length > options.height) break;
    lines.push('', ...block);
  }
  while (lines.length + bottom.length < options.height) lines.push('');
  lines.push(...bottom);
  return lines
    .slice(0, options.height)
    .map((line) => clip(line, options.width))
    .join('\n');
}
