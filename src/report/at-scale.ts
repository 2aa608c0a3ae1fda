// The "At scale" projection: what each transport's measured traffic would weigh for a crowd,
// and the classic whitepaper's table beside it, counted the way it counted.
import { NOMINAL_HEADER_BYTES } from '../model/headers.js';
import type { ComparisonResult, TransportResult } from '../shared/types.js';
import { formatDecimal, formatInteger, isFigure, safeDivide } from './format.js';
import { transportHead, type Cell, type MetricSection } from './sections.js';

/** Crowd sizes the projection is made for. */
export const CROWDS = [1_000, 10_000, 100_000] as const;

/**
 * The whitepaper's counts ("HTML5 Web Sockets: A Quantum Leap in Scalability for the Web",
 * Lubbers & Greco): 871 header bytes per polling request and response, 2 bytes per WebSocket
 * frame, one message per client per second, Mbit = 2^20 bits. Quoted, not measured. The 871 B
 * is the model's nominal browser header pair, the same count, so it is defined there once.
 */
export const WHITEPAPER = { pollHeaderBytes: NOMINAL_HEADER_BYTES.browser, frameBytes: 2, bitsPerMbit: 2 ** 20 } as const;

const text = (value: string): Cell => ({ lines: [value], tone: 'plain' });
const mbit = (value: number | null): string => (isFigure(value) ? formatDecimal(value, 3) : '–');

/** Decimal Mbit/s of `n` clients each moving `bytesPerSec`. */
function decimalMbps(bytesPerSec: number, n: number): number {
  return (bytesPerSec * n * 8) / 1e6;
}

/** The measured projection: one column per transport, from its bytes per client per second. */
function projection(transports: TransportResult[]): MetricSection {
  return {
    title: 'At scale (projected from this run; Mbit/s, 1 Mbit = 10^6 bits)',
    columns: transports.map(transportHead),
    rows: [
      { label: 'per client', cells: transports.map((t) => text(`${formatDecimal(t.bytes.perClientPerSec, 1)} B/s`)) },
      ...CROWDS.map((n) => ({
        label: `${formatInteger(n)} clients`,
        cells: transports.map((t) => text(mbit(decimalMbps(t.bytes.perClientPerSec, n)))),
      })),
    ],
    notes: [
      'Every byte both ways at the client sockets, per client per second of the phase, times the crowd.',
    ],
  };
}

/** Header bytes per short-poll request and response, and framing bytes per WebSocket message, as measured. */
function measuredCounts(result: ComparisonResult): { poll: number | null; frame: number | null } {
  const poll = result.transports.find((t) => t.transport === 'poll');
  const ws = result.transports.find((t) => t.transport === 'ws');
  return {
    poll: poll ? safeDivide(poll.bytes.headers, poll.requests.http) : null,
    frame: ws?.server ? safeDivide(ws.bytes.framing, ws.server.eventsWritten) : null,
  };
}

/** The whitepaper's table and this run's figures counted the same way (headers or framing only). */
function whitepaper(result: ComparisonResult): MetricSection {
  const pollsPerSec = 1000 / result.options.pollIntervalMs;
  const messagesPerSec = result.options.ratePerSec;
  const counted = measuredCounts(result);
  const row = (label: string, bytesPerSec: number | null): MetricSection['rows'][number] => ({
    label,
    cells: CROWDS.map((n) => text(mbit(bytesPerSec === null ? null : (bytesPerSec * n * 8) / WHITEPAPER.bitsPerMbit))),
  });
  const perPoll = counted.poll === null ? '–' : formatDecimal(counted.poll, 1);
  const perFrame = counted.frame === null ? '–' : formatDecimal(counted.frame, 1);
  return {
    title: 'Counted as the whitepaper counted (header or frame bytes only; Mbit/s, 1 Mbit = 2^20 bits)',
    columns: CROWDS.map((n) => `${formatInteger(n)} clients`),
    rows: [
      row(`whitepaper: polling, ${WHITEPAPER.pollHeaderBytes} B per poll`, WHITEPAPER.pollHeaderBytes),
      row(`whitepaper: WebSocket, ${WHITEPAPER.frameBytes} B per frame`, WHITEPAPER.frameBytes),
      row(`this run: short poll, ${perPoll} B per poll`, counted.poll === null ? null : counted.poll * pollsPerSec),
      row(`this run: WebSocket, ${perFrame} B per frame`, counted.frame === null ? null : counted.frame * messagesPerSec),
    ],
    notes: [
      'The whitepaper counts one poll and one message per client per second; this run polls ' +
        `${formatDecimal(pollsPerSec, 2)} times and sends ${formatDecimal(messagesPerSec, 2)} messages per client per second, ` +
        'and counts the header bytes its requests and responses really carried (--headers browser for a browser\'s).',
    ],
  };
}

/** Both at-scale sections; none when no transport ran. */
export function atScaleSections(result: ComparisonResult): MetricSection[] {
  if (result.transports.length === 0) return [];
  return [projection(result.transports), whitepaper(result)];
}
