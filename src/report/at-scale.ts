// The "At scale" projection: what each transport's measured traffic would weigh for a crowd,
// and the classic whitepaper's table beside it, counted the way it counted.
import { pushMessageBytes, steadyPollBytes } from '../model/wire-figures.js';
import { playsRole } from '../shared/transports.js';
import type { ComparisonResult, TransportResult } from '../shared/result-types.js';
import { formatDecimal, formatInteger, isFigure, safeDivide } from './format.js';
import { transportHead, type Cell, type MetricSection } from './section-model.js';
import { WHITEPAPER } from './whitepaper.js';
import { shortWireLabel } from './wire.js';

/** Crowd sizes the projection is made for. */
export const CROWDS = [1_000, 10_000, 100_000] as const;

const text = (value: string): Cell => ({ lines: [value], tone: 'plain' });
const mbit = (value: number | null): string => (isFigure(value) ? formatDecimal(value, 3) : '–');

/** Decimal Mbit/s of `n` clients each moving `bytesPerSec`. */
function decimalMbps(bytesPerSec: number, n: number): number {
  return (bytesPerSec * n * 8) / 1e6;
}

/** A crowd this size was measured, not projected, when the run had at least this many clients. */
const MEASURED_FROM = 1_000;

/**
 * The projection: one column per transport, from its bytes per client per second. A run of a
 * thousand clients or more also shows its own crowd, measured: every byte its clients moved per
 * second; a crowd of that size among the projected ones is marked measured.
 */
function projection(transports: TransportResult[], clients: number): MetricSection {
  const measured = clients >= MEASURED_FROM;
  const crowds =
    measured && !(CROWDS as readonly number[]).includes(clients)
      ? [...CROWDS, clients].sort((a, b) => a - b)
      : [...CROWDS];
  return {
    title: 'At scale (projected from this run; Mbit/s, 1 Mbit = 10^6 bits)',
    columns: transports.map(transportHead),
    rows: [
      { label: 'per client', cells: transports.map((t) => text(`${formatDecimal(t.bytes.perClientPerSec, 1)} B/s`)) },
      ...crowds.map((n) => ({
        label: `${formatInteger(n)} clients${measured && n === clients ? ' (this run, measured)' : ''}`,
        cells: transports.map((t) => text(mbit(decimalMbps(t.bytes.perClientPerSec, n)))),
      })),
    ],
    notes: [
      'Every byte both ways at the client sockets, per client per second of the phase, times the crowd.',
      ...(measured
        ? [
            `The ${formatInteger(clients)}-client row is this run's own crowd, measured; the others are projected ` +
              `from it.`,
          ]
        : []),
    ],
  };
}

/** Header bytes per short-poll request and response, and framing bytes per WebSocket message, as measured. */
function measuredCounts(result: ComparisonResult): { poll: number | null; frame: number | null } {
  const poll = result.transports.find((t) => playsRole(t.transport, 'short-poll'));
  const ws = result.transports.find((t) => playsRole(t.transport, 'websocket'));
  return {
    poll: poll ? safeDivide(poll.bytes.headers, poll.requests.http) : null,
    frame: ws?.server ? safeDivide(ws.bytes.framing, ws.server.eventsWritten) : null,
  };
}

type Row = MetricSection['rows'][number];

/** A row of the whitepaper's table: `bytesPerSec` per client, for each crowd, in Mbit/s of 2^20 bits. */
function crowdRow(label: string, bytesPerSec: number | null): Row {
  return {
    label,
    cells: CROWDS.map((n) => text(mbit(bytesPerSec === null ? null : (bytesPerSec * n * 8) / WHITEPAPER.bitsPerMbit))),
  };
}

/**
 * Over TLS or HTTP/2, this run's modern wire counted whole: a short poll's steady-state cost and a
 * WebSocket message's, everything but event JSON, labelled by what they spoke (`h2+TLS: short
 * poll, …`); short labels, so the table fits a terminal. None in cleartext HTTP/1.1.
 */
function modernRows(
  result: ComparisonResult,
  pollsPerSec: number,
  messagesPerSec: number,
): { rows: Row[]; note: string } | null {
  if (result.options.tls !== true && result.options.http2 !== true) return null;
  const poll = result.transports.find((t) => playsRole(t.transport, 'short-poll'));
  const ws = result.transports.find((t) => playsRole(t.transport, 'websocket'));
  const perPoll = poll ? steadyPollBytes(poll) : null;
  const perMessage = ws ? pushMessageBytes(ws) : null;
  const pollWire = shortWireLabel(poll) ?? 'this wire';
  const wsWire = shortWireLabel(ws) ?? 'this wire';
  const tls = result.options.tls === true;
  const bytes = (value: number | null): string => (value === null ? '–' : formatDecimal(value, 1));
  const once = [
    ...(tls ? ['the TLS handshake'] : []),
    ...(result.options.http2 ? ['HTTP/2 upkeep'] : []),
    "the first exchange's headers beyond a steady one",
  ];
  return {
    rows: [
      crowdRow(
        `${pollWire}: short poll, ${bytes(perPoll)} B per poll`,
        perPoll === null ? null : perPoll * pollsPerSec,
      ),
      crowdRow(
        `${wsWire}: WebSocket, ${bytes(perMessage)} B per message`,
        perMessage === null ? null : perMessage * messagesPerSec,
      ),
    ],
    note:
      `The ${[...new Set([pollWire, wsWire])].join(' and ')} rows count this run's wire whole, beyond event JSON: ` +
      `a poll in the steady state ` +
      `(its headers after the connection's first exchange, its body's framing${tls ? ', its TLS records' : ''}) ` +
      `and a WebSocket message ` +
      `(its frame${tls ? ' and TLS record' : ''}); what each connection pays once (${once.join(', ')}) is left out.`,
  };
}

/**
 * The whitepaper's table and this run's figures counted the same way (headers or framing only), then, over TLS or
 * HTTP/2, this wire whole.
 */
function whitepaper(result: ComparisonResult): MetricSection {
  const pollsPerSec = 1000 / result.options.pollIntervalMs;
  const messagesPerSec = result.options.ratePerSec;
  const counted = measuredCounts(result);
  const perPoll = counted.poll === null ? '–' : formatDecimal(counted.poll, 1);
  const perFrame = counted.frame === null ? '–' : formatDecimal(counted.frame, 1);
  const modern = modernRows(result, pollsPerSec, messagesPerSec);
  return {
    title: modern
      ? "Counted as Kaazing's whitepaper counted, then this wire whole (Mbit/s, its 1 Mbit = 2^20 bits)"
      : "Counted as Kaazing's whitepaper counted (header or frame bytes only; Mbit/s, its 1 Mbit = 2^20 bits)",
    columns: CROWDS.map((n) => `${formatInteger(n)} clients`),
    rows: [
      crowdRow(`whitepaper: polling, ${WHITEPAPER.pollHeaderBytes} B per poll`, WHITEPAPER.pollHeaderBytes),
      crowdRow(`whitepaper: WebSocket, ${WHITEPAPER.frameBytes} B per frame`, WHITEPAPER.frameBytes),
      crowdRow(
        `this run: short poll, ${perPoll} B per poll`,
        counted.poll === null ? null : counted.poll * pollsPerSec,
      ),
      crowdRow(
        `this run: WebSocket, ${perFrame} B per frame`,
        counted.frame === null ? null : counted.frame * messagesPerSec,
      ),
      ...(modern?.rows ?? []),
    ],
    notes: [
      'The whitepaper (Lubbers & Greco, "HTML5 Web Sockets: A Quantum Leap in Scalability for the Web", Kaazing) ' +
        'counts one poll and one message per client per second; this run polls ' +
        `${formatDecimal(pollsPerSec, 2)} times and sends ${formatDecimal(messagesPerSec, 2)} messages per client ` +
        `per second, ` +
        "and counts the header bytes its requests and responses really carried (--headers browser for a browser's).",
      ...(modern ? [modern.note] : []),
    ],
  };
}

/** Both at-scale sections; none when no transport ran. */
export function atScaleSections(result: ComparisonResult): MetricSection[] {
  if (result.transports.length === 0) return [];
  return [projection(result.transports, result.options.clients), whitepaper(result)];
}
