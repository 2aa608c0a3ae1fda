// The wire section: what TLS and HTTP/2 changed in this run, per transport, from the measured
// counts only (the derivations live in model/wire-figures.ts). Absent from a cleartext HTTP/1.1 run.
import { firstExchangeHeaderBytes, steadyHeaderBytes, tlsAddedBytes, tlsRecordBytes } from '../model/wire-figures.js';
import { TRANSPORT_SPECS } from '../shared/transports.js';
import type { ComparisonResult, ResultOptions, TransportResult } from '../shared/result-types.js';
import { MISSING, formatBytes, formatInteger, safeDivide } from './format.js';
import { transportHead, type Cell, type MetricSection } from './section-model.js';

/** The section's title. */
export const WIRE_TITLE = 'The wire: what TLS and HTTP/2 change (measured)';

/** How each protocol a connection spoke reads in a cell (the long form) and in a row label (the short one). */
const PROTOCOLS: Record<string, { long: string; short: string }> = {
  h2: { long: 'HTTP/2 (h2)', short: 'h2' },
  h2c: { long: 'HTTP/2 (h2c)', short: 'h2c' },
  'http/1.1': { long: 'HTTP/1.1', short: 'HTTP/1.1' },
};

const HTTP2 = new Set(['h2', 'h2c']);

const text = (value: string): Cell => ({ lines: [value], tone: 'plain' });

/** The protocols a transport's connections spoke, with their counts; empty when the result does not say. */
function spoken(t: TransportResult): Array<[protocol: string, connections: number]> {
  return Object.entries(t.wire?.protocols ?? {}).filter(([, n]) => n > 0);
}

/** True when some transport's connections spoke HTTP/2 (h2 or h2c). */
function anyHttp2(result: ComparisonResult): boolean {
  return result.transports.some((t) => spoken(t).some(([p]) => HTTP2.has(p)));
}

/** True when some transport's connections ran TLS. */
function anyTls(result: ComparisonResult): boolean {
  return result.transports.some((t) => t.wire?.tls !== undefined);
}

/** The TLS version of a cipher as the result records it: `TLSv1.3 TLS_AES_256_GCM_SHA384` → `TLSv1.3`. */
function tlsVersion(cipher: string): string {
  return cipher.split(' ')[0] ?? cipher;
}

/** True for a transport that keeps its HTTP/1.1 upgrade where the others speak HTTP/2 (the registry says which). */
function keepsUpgrade(result: ComparisonResult, t: TransportResult): boolean {
  return result.options.http2 === true && !TRANSPORT_SPECS[t.transport].http2Streams;
}

/** One protocol's long name: an upgrade's HTTP/1.1 says so under --http2; an unknown one is shown as recorded. */
function longName(result: ComparisonResult, t: TransportResult, protocol: string): string {
  if (protocol === 'http/1.1' && keepsUpgrade(result, t)) return 'HTTP/1.1 upgrade';
  return PROTOCOLS[protocol]?.long ?? protocol;
}

/**
 * What a transport's connections spoke, one line per protocol (with its connections when they
 * were mixed), then `over TLSv1.3` or `cleartext`: short lines, so four columns fit a terminal.
 */
export function protocolLines(result: ComparisonResult, t: TransportResult): string[] {
  const protocols = spoken(t);
  if (protocols.length === 0) return [MISSING];
  const names = protocols.map(([p, n]) =>
    protocols.length === 1 ? longName(result, t, p) : `${longName(result, t, p)} ×${formatInteger(n)}`,
  );
  return [...names, t.wire?.tls ? `over ${tlsVersion(t.wire.tls.cipher)}` : 'cleartext'];
}

/**
 * A transport's wire in a few characters for a row label: `h2+TLS`, `h2c`, `HTTP/1.1+TLS`; null when the result does
 * not say.
 */
export function shortWireLabel(t: TransportResult | undefined): string | null {
  const protocols = t ? spoken(t) : [];
  if (!t || protocols.length === 0) return null;
  const names = protocols.map(([p]) => PROTOCOLS[p]?.short ?? p).join('/');
  return t.wire?.tls ? `${names}+TLS` : names;
}

/** The header's phrases for TLS and HTTP/2: none for a cleartext HTTP/1.1 run. */
export function wireHeaderParts(options: ResultOptions): string[] {
  return [
    ...(options.tls ? ['TLS (certificate made for the run)'] : []),
    ...(options.http2 ? ['HTTP/2 for short poll, long poll and SSE (WebSocket: HTTP/1.1 upgrade)'] : []),
  ];
}

/** A per-event figure in bytes with one decimal; `–` when the figure or a delivery is missing. */
const perEvent = (t: TransportResult, bytes: number | null | undefined): Cell =>
  text(formatBytes(safeDivide(bytes, t.events.delivered), 1));

type WireRow = readonly [label: string, cell: (t: TransportResult) => Cell];

const HEADER_ROWS: readonly WireRow[] = [
  ['headers, first exchange', (t) => text(formatBytes(firstExchangeHeaderBytes(t), 1))],
  ['headers, steady state', (t) => text(formatBytes(steadyHeaderBytes(t), 1))],
];

const TLS_ROWS: readonly WireRow[] = [
  ['TLS handshake per connection', (t) => text(formatBytes(t.wire?.tls?.handshakePerConnection))],
  ['TLS added per event', (t) => perEvent(t, tlsAddedBytes(t))],
  ['TLS records per event', (t) => perEvent(t, tlsRecordBytes(t))],
];

const HTTP2_ROWS: readonly WireRow[] = [['HTTP/2 upkeep per event', (t) => perEvent(t, t.bytes.control)]];

/** The lines under the table: how each figure was counted, the cipher, and what --http2 leaves on HTTP/1.1. */
function wireNotes(result: ComparisonResult, tls: boolean, http2: boolean): string[] {
  const ciphers = [...new Set(result.transports.flatMap((t) => (t.wire?.tls ? [t.wire.tls.cipher] : [])))];
  const upgrades = Object.values(TRANSPORT_SPECS)
    .filter((s) => !s.http2Streams)
    .map((s) => s.label);
  return [
    'headers: a request and its response, or a WebSocket upgrade, counted at the server (after HPACK on HTTP/2); ' +
      "the first exchange is each connection's first, the steady state every later one.",
    ...(tls
      ? [
          "TLS added: the TCP bytes at the clients' sockets less the plaintext above TLS.",
          'TLS handshake: measured on a probe connection that only shook hands and took its session tickets; ' +
            'TLS records: the rest of what TLS added, around what was sent.',
          `cipher: ${ciphers.join(', ')}`,
        ]
      : []),
    ...(http2 ? ['HTTP/2 upkeep: preface, SETTINGS, WINDOW_UPDATE and PING frames, counted at the server.'] : []),
    ...(result.options.http2
      ? [`Under --http2, ${upgrades.join(' and ')} keep their HTTP/1.1 upgrade on the same port.`]
      : []),
  ];
}

/**
 * The wire section, one column per transport: the protocol spoken, header bytes of a first and
 * of a steady exchange, TLS's share and HTTP/2's upkeep. Absent unless some transport ran TLS or
 * HTTP/2; TLS and upkeep rows only where some transport had them. Pure.
 */
export function wireSection(result: ComparisonResult): MetricSection | undefined {
  const transports = result.transports;
  const tls = anyTls(result);
  const http2 = anyHttp2(result);
  if (!tls && !http2) return undefined;
  const rows: readonly WireRow[] = [...HEADER_ROWS, ...(tls ? TLS_ROWS : []), ...(http2 ? HTTP2_ROWS : [])];
  return {
    title: WIRE_TITLE,
    columns: transports.map(transportHead),
    rows: [
      {
        label: 'protocol',
        cells: transports.map((t) => ({ lines: protocolLines(result, t), tone: 'plain' as const })),
      },
      ...rows.map(([label, cell]) => ({ label, cells: transports.map(cell) })),
    ],
    notes: wireNotes(result, tls, http2),
  };
}
