import type { TransportResult } from '../shared/result-types.js';

/**
 * What a run's own counts say about the modern wire, derived from measured totals only: header
 * bytes of a connection's first exchange and of the steady state after it (HPACK's table is
 * empty at first, full after), and TLS's share split into the handshake and the records around
 * what was sent. Every figure is null where the counts behind it do not exist (a target's server
 * side, an older result, nothing delivered). Pure; reports and the model's inputs read them.
 */

const ratio = (numerator: number, denominator: number): number | null =>
  denominator > 0 && Number.isFinite(numerator) ? numerator / denominator : null;

/** Every byte the clients' sockets carried, both ways. */
function wireTotal(t: TransportResult): number {
  return t.bytes.clientSent + t.bytes.clientReceived;
}

/** Requests plus handshakes: the exchanges that carried headers. */
function exchanges(t: TransportResult): number {
  return t.requests.http + t.requests.handshakes;
}

/** Header bytes of one connection's first exchange (request and answer, or the upgrade), on average. */
export function firstExchangeHeaderBytes(t: TransportResult): number | null {
  const first = t.bytes.headersFirst;
  const count = t.server?.firstExchanges;
  return first == null || count === undefined ? null : ratio(first, count);
}

/** Header bytes of one later exchange (a request and its answer) on average; null where every exchange was a first. */
export function steadyHeaderBytes(t: TransportResult): number | null {
  const first = t.bytes.headersFirst;
  const count = t.server?.firstExchanges;
  if (t.bytes.headers === null || first == null || count === undefined) return null;
  return ratio(t.bytes.headers - first, exchanges(t) - count);
}

/** What TLS added on the clients' connections: TCP bytes less the plaintext above TLS (null in cleartext). */
export function tlsAddedBytes(t: TransportResult): number | null {
  const tls = t.wire?.tls;
  return tls ? wireTotal(t) - tls.plaintext : null;
}

/** Of what TLS added, the handshakes: connections × one probe's handshake (null when not measured). */
export function tlsHandshakeBytes(t: TransportResult): number | null {
  const tls = t.wire?.tls;
  return tls && tls.handshakePerConnection !== null ? tls.connections * tls.handshakePerConnection : null;
}

/** Of what TLS added, the records around what was sent: the rest after the handshakes. */
export function tlsRecordBytes(t: TransportResult): number | null {
  const added = tlsAddedBytes(t);
  const handshakes = tlsHandshakeBytes(t);
  return added === null || handshakes === null ? null : Math.max(0, added - handshakes);
}

/** HTTP/2 connection upkeep counted at the server (0 on HTTP/1.1 and where it was not counted). */
function controlBytes(t: TransportResult): number {
  return t.bytes.control ?? 0;
}

/**
 * Bytes each connection costs once, whatever it carries: the TLS handshake, HTTP/2's upkeep, and
 * the first exchange's header bytes beyond a steady one (HPACK filling its table). Null where a
 * part of it was not measured.
 */
export function perConnectionBytes(t: TransportResult): number | null {
  const connections = t.requests.connections;
  if (connections === 0) return null;
  const first = t.bytes.headersFirst;
  const count = t.server?.firstExchanges;
  if (first == null || count === undefined) return null;
  const steady = steadyHeaderBytes(t);
  const excess = steady === null ? 0 : first - steady * count;
  return ((tlsHandshakeBytes(t) ?? 0) + controlBytes(t) + excess) / connections;
}

/**
 * What one poll costs in the steady state, everything but event JSON: its headers after the first
 * exchange, its body's framing, the TLS records around it. Measured as the wire less the JSON and
 * less what each connection costs once, per request.
 */
export function steadyPollBytes(t: TransportResult): number | null {
  const perConnection = perConnectionBytes(t);
  if (perConnection === null || t.requests.http === 0) return null;
  return ratio(wireTotal(t) - t.bytes.payload - perConnection * t.requests.connections, t.requests.http);
}

/**
 * What one pushed message costs beyond its JSON: its frame (or SSE fields, or DATA frame) and the
 * TLS record around it. Measured as the wire less the JSON, less what each connection costs once,
 * less the opening exchange's headers, per delivered event.
 */
export function pushMessageBytes(t: TransportResult): number | null {
  const perConnection = perConnectionBytes(t);
  if (perConnection === null || t.bytes.headers === null || t.events.delivered === 0) return null;
  // Header bytes not already in the per-connection figure: every exchange at the steady size, or
  // all of them where each exchange was a connection's first (a stream's or an upgrade's opening).
  const steady = steadyHeaderBytes(t);
  const headers = steady === null ? t.bytes.headers : steady * exchanges(t);
  return ratio(wireTotal(t) - t.bytes.payload - perConnection * t.requests.connections - headers, t.events.delivered);
}
