import type { ComparisonResult, Transport, TransportResult } from '../shared/types.js';
import { MISSING, formatBytes, formatDecimal, formatInteger, formatMs, formatPercent, isFigure, safeDivide, type MaybeNumber } from './format.js';
import { overheadPerEvent, overheadShare } from './figures.js';

/**
 * A space that must not become a line break (it glues `p50 0.204 ms` together). Renderers that wrap
 * honour it and print a plain space; renderers that do not wrap just print a plain space.
 */
export const NBSP = '\u00a0';

/** One aspect of the classic HTTP vs WebSocket chart, with this run's evidence. */
export interface ChartRow {
  aspect: string;
  /** Short poll's line, then long poll's when it ran and the aspect has one. */
  http: string[];
  ws: string;
}

/** The classic chart, each claim checked by this run's figures. */
export interface ChartModel {
  title: string;
  /** Heads of the aspect, HTTP and WebSocket columns. */
  columns: readonly [aspect: string, http: string, ws: string];
  rows: ChartRow[];
  /** What the chart's terms mean, printed under it. */
  footnote: string;
}

interface ChartClaim {
  aspect: string;
  http: (t: TransportResult) => string;
  longPoll?: (t: TransportResult) => string;
  ws: (t: TransportResult) => string;
}

/** Glues a figure to its label and unit so wrapping never splits `p50 0.204 ms`. */
const keep = (text: string): string => text.replaceAll(' ', NBSP);
const withUnit = (ms: MaybeNumber): string => (isFigure(ms) ? `${formatMs(ms)} ms` : MISSING);
const p50p99 = (t: TransportResult): string =>
  `${keep(`p50 ${withUnit(t.latencyMs?.p50)}`)}, ${keep(`p99 ${withUnit(t.latencyMs?.p99)}`)}`;
const overhead = (t: TransportResult): string =>
  `${keep(formatBytes(overheadPerEvent(t), 1))} overhead per event ` +
  `(${formatPercent(overheadShare(t))} of the wire)`;
const perClient = (t: TransportResult): string => formatDecimal(safeDivide(t.requests.http, t.clients), 1);

const CLAIMS: readonly ChartClaim[] = [
  {
    aspect: 'communication mode',
    http: (t) => `request–response: ${formatInteger(t.requests.http)} requests for ${formatInteger(t.events.delivered)} deliveries`,
    longPoll: (t) => `long poll: ${formatInteger(t.requests.http)} requests for ${formatInteger(t.events.delivered)}`,
    ws: (t) =>
      `two-way, long-lived: ${formatInteger(t.requests.http)} HTTP requests after ` +
      `${formatInteger(t.requests.handshakes)} handshakes, ${formatInteger(t.events.delivered)} deliveries`,
  },
  {
    aspect: 'connection state',
    http: (t) =>
      `a request for every exchange: ${perClient(t)} requests per client ` +
      `over ${formatInteger(t.requests.connections)} TCP connections`,
    longPoll: (t) => `long poll: ${perClient(t)} requests per client`,
    ws: (t) =>
      t.requests.connections === t.clients && t.requests.handshakes === t.clients
        ? `one handshake per client, then ${formatInteger(t.requests.connections)} connections stayed open`
        : `one handshake per client, then the connection stays: ${formatInteger(t.requests.handshakes)} ` +
          `handshakes, ${formatInteger(t.requests.connections)} TCP connections for ${formatInteger(t.clients)} clients`,
  },
  {
    aspect: 'data transfer',
    http: (t) => `full headers on every message: ${overhead(t)}`,
    longPoll: (t) => `long poll: ${overhead(t)}`,
    ws: (t) => `light frame headers: ${overhead(t)}`,
  },
  {
    aspect: 'real-time capability',
    http: (t) => `weak (emulated by polling): ${p50p99(t)}`,
    longPoll: (t) => `long poll: ${p50p99(t)}`,
    ws: (t) => `strong (the server pushes): ${p50p99(t)}`,
  },
  {
    aspect: 'fits',
    http: (t) =>
      `REST APIs, static data: ${formatPercent(safeDivide(t.requests.empty, t.requests.http))} of polls came back empty`,
    ws: (t) => `chat, notifications, IoT, games: ${keep(`p99 ${withUnit(t.latencyMs?.p99)}`)}`,
  },
];

function notRun(transport: Transport): string {
  return `not run (add --transports ${transport})`;
}

/** Builds the chart from the short-poll, long-poll and WebSocket results; a missing side says `not run`. Pure. */
export function buildChart(result: ComparisonResult): ChartModel {
  const find = (name: Transport): TransportResult | undefined => result.transports.find((t) => t.transport === name);
  const poll = find('poll');
  const longPoll = find('long-poll');
  const ws = find('ws');
  return {
    title: 'HTTP vs WebSocket, checked by this run',
    columns: ['', 'HTTP (polling)', 'WebSocket (push)'],
    rows: CLAIMS.map((claim) => ({
      aspect: claim.aspect,
      http: [
        poll ? claim.http(poll) : notRun('poll'),
        ...(longPoll && claim.longPoll ? [claim.longPoll(longPoll)] : []),
      ],
      ws: ws ? claim.ws(ws) : notRun('ws'),
    })),
    footnote: 'overhead = client wire bytes − event JSON bytes; latency = publish → receipt',
  };
}
