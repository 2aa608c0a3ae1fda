import { beforeAll, describe, expect, it } from 'vitest';
import { pushMessageBytes, steadyHeaderBytes, tlsAddedBytes, tlsHandshakeBytes } from '../../src/model/wire-figures.js';
import { runComparison } from '../../src/run/compare.js';
import type { CompareOptions } from '../../src/shared/options-types.js';
import type { ComparisonResult, TransportResult } from '../../src/shared/result-types.js';
import type { Transport } from '../../src/shared/transports.js';
import { runOptions } from './run-options.js';

/**
 * Whole comparisons against the demo server in its own process, over TLS, HTTP/2 (h2c) and both:
 * what each wire delivers, what it says it spoke, and what its own counts say it cost.
 */

const TRANSPORTS: Transport[] = ['poll', 'long-poll', 'sse', 'ws'];
const HTTP_STREAMS: Transport[] = ['poll', 'long-poll', 'sse'];
// Each run publishes 18 events (a phase long enough that its edges weigh little) in a few seconds per transport.
const RUN_MS = 90_000;

const small = (wire: Pick<CompareOptions, 'tls' | 'http2'>): CompareOptions =>
  runOptions({
    transports: TRANSPORTS,
    clients: 3,
    ratePerSec: 10,
    durationMs: 2000,
    pollIntervalMs: 250,
    headers: 'browser',
    ...wire,
  });

const of = (result: ComparisonResult, transport: Transport): TransportResult => {
  const found = result.transports.find((t) => t.transport === transport);
  if (!found) throw new Error(`no result for ${transport}`);
  return found;
};

const wireBytes = (t: TransportResult): number => t.bytes.clientSent + t.bytes.clientReceived;

interface WireCase {
  name: string;
  wire: Pick<CompareOptions, 'tls' | 'http2'>;
  /** What ALPN or prior knowledge makes the HTTP transports speak; WebSocket keeps its HTTP/1.1 upgrade. */
  httpProtocol: string;
}

const CASES: WireCase[] = [
  { name: 'TLS (HTTP/1.1)', wire: { tls: true }, httpProtocol: 'http/1.1' },
  { name: 'HTTP/2 in cleartext (h2c)', wire: { http2: true }, httpProtocol: 'h2c' },
  { name: 'HTTP/2 over TLS (h2)', wire: { tls: true, http2: true }, httpProtocol: 'h2' },
];

const results = new Map<string, ComparisonResult>();
let cleartext: ComparisonResult;

beforeAll(async () => {
  // One after another: each run has the machine to itself, as a user's would.
  cleartext = await runComparison(small({}));
  for (const { name, wire } of CASES) results.set(name, await runComparison(small(wire)));
}, RUN_MS * 4);

describe.each(CASES)('$name', ({ name, wire, httpProtocol }) => {
  const result = (): ComparisonResult => results.get(name)!;

  it("records the wire it ran on in the result's options", () => {
    expect(result().options).toMatchObject({ ...wire, headers: 'browser', clients: 3 });
    expect(result().transports.map((t) => t.transport)).toEqual(TRANSPORTS);
  });

  it.each(TRANSPORTS)('%s: every event delivered, no faults on either side', (transport) => {
    const t = of(result(), transport);
    expect(t.events.published).toBeGreaterThan(0);
    expect(t.events.expected).toBe(t.events.published * 3);
    expect(t.events.delivered).toBe(t.events.expected);
    expect(t.events).toMatchObject({ lost: 0, duplicates: 0, outOfOrder: 0 });
    expect(t.errors).toEqual({});
  });

  it.each(TRANSPORTS)('%s: client and server count the same bytes at the TCP sockets (beneath TLS)', (transport) => {
    const t = of(result(), transport);
    expect(t.bytes.clientSent).toBeGreaterThan(0);
    expect(t.bytes.clientSent).toBe(t.bytes.serverReceived);
    expect(t.bytes.clientReceived).toBe(t.bytes.serverSent);
    expect(t.requests.connections).toBe(t.server!.connections);
    expect(t.requests.http).toBe(t.server!.requests);
    // Every connection's first exchange was told apart (HPACK's table starts empty on each).
    expect(t.server!.firstExchanges).toBe(t.requests.connections);
  });

  it.each(TRANSPORTS)('%s: says which protocol every connection spoke', (transport) => {
    const t = of(result(), transport);
    const spoken = transport === 'ws' ? 'http/1.1' : httpProtocol;
    expect(t.requests.connections).toBeGreaterThanOrEqual(3);
    expect(t.wire!.protocols).toEqual({ [spoken]: t.requests.connections });
    // HTTP/2's connection upkeep is counted where HTTP/2 was spoken, and only there.
    if (spoken === 'http/1.1') expect(t.bytes.control).toBeUndefined();
    else expect(t.bytes.control).toBeGreaterThan(0);
  });

  it.each(TRANSPORTS)('%s: TLS is reported exactly when it ran, with what it added', (transport) => {
    const t = of(result(), transport);
    if (!wire.tls) {
      expect(t.wire!.tls).toBeUndefined();
      return;
    }
    const tls = t.wire!.tls!;
    expect(tls.cipher).toMatch(/^TLSv1\.[23] \S+/);
    expect(tls.connections).toBe(t.requests.connections);
    expect(tls.handshakePerConnection).toBeGreaterThan(0);
    expect(tls.plaintext).toBeGreaterThan(0);
    expect(tls.plaintext).toBeLessThan(wireBytes(t));
    // TLS added the handshakes and, beyond them, a record around what was sent.
    expect(tlsAddedBytes(t)!).toBeGreaterThan(tlsHandshakeBytes(t)!);
  });

  it.each(TRANSPORTS)("%s: the model's bytes per event is within 10%% of the measured figure", (transport) => {
    const t = of(result(), transport);
    expect(t.bytes.perEvent).toBeGreaterThan(0);
    expect(t.model).toBeDefined();
    expect(Math.abs(t.model!.bytesPerEvent / t.bytes.perEvent! - 1)).toBeLessThanOrEqual(0.1);
  });

  it("WebSocket's pushed message carries a TLS record exactly when TLS ran", () => {
    const perMessage = pushMessageBytes(of(result(), 'ws'));
    expect(perMessage).not.toBeNull();
    // Over TLS each frame goes out in a record of its own (22 B with TLS 1.3's AEAD); in cleartext only the 2-byte frame header and a share of the closing frames.
    if (wire.tls) expect(perMessage!).toBeGreaterThan(20);
    else expect(perMessage!).toBeLessThan(20);
  });
});

describe('cleartext HTTP/1.1, the wire the others are measured against', () => {
  it.each(TRANSPORTS)('%s: delivers everything, both sides agree, spoke HTTP/1.1 without TLS', (transport) => {
    const t = of(cleartext, transport);
    expect(t.events.delivered).toBe(t.events.expected);
    expect(t.errors).toEqual({});
    expect(t.bytes.clientSent).toBe(t.bytes.serverReceived);
    expect(t.bytes.clientReceived).toBe(t.bytes.serverSent);
    expect(t.wire).toEqual({ protocols: { 'http/1.1': t.requests.connections } });
    expect(Math.abs(t.model!.bytesPerEvent / t.bytes.perEvent! - 1)).toBeLessThanOrEqual(0.1);
  });

  it("WebSocket's pushed message costs its frame header, under 20 B", () => {
    const perMessage = pushMessageBytes(of(cleartext, 'ws'));
    expect(perMessage).not.toBeNull();
    expect(perMessage!).toBeGreaterThan(0);
    expect(perMessage!).toBeLessThan(20);
  });
});

describe("HTTP/2 over TLS with a browser's headers: HPACK shrinks a poll's steady headers", () => {
  it("a short poll after its connection's first exchange carries under 150 B of headers, less than a cleartext HTTP/1.1 header pair", () => {
    const h2 = of(results.get('HTTP/2 over TLS (h2)')!, 'poll');
    const http1 = of(cleartext, 'poll');
    const steady = steadyHeaderBytes(h2);
    expect(steady).not.toBeNull();
    expect(steady!).toBeGreaterThan(0);
    expect(steady!).toBeLessThan(150);
    // HTTP/1.1 sends every header in full on every request and answer.
    const http1Pair = http1.bytes.headers! / (http1.requests.http + http1.requests.handshakes);
    expect(http1Pair).toBeGreaterThan(150);
    expect(steady!).toBeLessThan(http1Pair);
  });

  it.each(HTTP_STREAMS)(
    "%s: its first exchange (HPACK's table empty) costs more header bytes than a later one",
    (transport) => {
      const t = of(results.get('HTTP/2 over TLS (h2)')!, transport);
      const first = t.bytes.headersFirst! / t.server!.firstExchanges!;
      const steady = steadyHeaderBytes(t);
      // SSE opens one stream per connection: every exchange is a first, so there is no steady figure.
      if (transport === 'sse') expect(steady).toBeNull();
      else expect(first).toBeGreaterThan(steady!);
    },
  );
});
