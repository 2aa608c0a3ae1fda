import { beforeAll, describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../src/metrics/latency.js';
import { runComparison } from '../../src/run/compare.js';
import { mergeResults } from '../../src/run/merge.js';
import { validateResult } from '../../src/run/result-file.js';
import { UsageError } from '../../src/shared/errors.js';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import { clone } from '../fixtures/index.js';
import { runOptions } from './run-options.js';

const options = runOptions({ transports: ['sse', 'ws'], clients: 3, ratePerSec: 20, durationMs: 1000, seed: 4 });
let a: ComparisonResult;
let b: ComparisonResult;

beforeAll(async () => {
  a = await runComparison(options);
  b = await runComparison({ ...options, clients: 5 });
});

describe('a result keeps its latency distribution', () => {
  it('carries the histogram behind its percentiles, valid against the schema, decoding to the same figures', () => {
    for (const t of a.transports) {
      expect(t.latencyHistogram).toMatchObject({
        encoding: 'hdr-compressed-base64',
        unit: 'us',
        samples: t.events.delivered,
      });
      expect(LatencyHistogram.merge([t.latencyHistogram!]).summary()).toEqual(t.latencyMs);
    }
    expect(validateResult(JSON.parse(JSON.stringify(a)))).toEqual([]);
  });
});

describe('mergeResults', () => {
  it('adds the counts up and merges the histograms exactly: percentiles between the parts, extremes of both', () => {
    const merged = mergeResults([a, b], ['a.json', 'b.json']);
    expect(merged.options.clients).toBe(8);
    for (const t of merged.transports) {
      const parts = [a, b].map((r) => r.transports.find((x) => x.transport === t.transport)!);
      expect(t.events.delivered).toBe(parts[0]!.events.delivered + parts[1]!.events.delivered);
      expect(t.events.expected).toBe(parts[0]!.events.expected + parts[1]!.events.expected);
      expect(t.bytes.clientReceived).toBe(parts[0]!.bytes.clientReceived + parts[1]!.bytes.clientReceived);
      expect(t.latencyMs!.samples).toBe(t.events.delivered);
      expect(t.latencyMs!.min).toBe(Math.min(...parts.map((p) => p.latencyMs!.min)));
      expect(t.latencyMs!.max).toBe(Math.max(...parts.map((p) => p.latencyMs!.max)));
      // Between the parts' percentiles, within the histogram's resolution (3 significant digits):
      // a part's percentile is clamped to its own exact maximum, the merged one to the larger.
      const resolution = (ms: number): number => ms * 0.001 + 0.001;
      for (const p of ['p50', 'p99'] as const) {
        const low = Math.min(...parts.map((x) => x.latencyMs![p]));
        const high = Math.max(...parts.map((x) => x.latencyMs![p]));
        expect(t.latencyMs![p]).toBeGreaterThanOrEqual(low - resolution(low));
        expect(t.latencyMs![p]).toBeLessThanOrEqual(high + resolution(high));
      }
    }
    expect(validateResult(JSON.parse(JSON.stringify(merged)))).toEqual([]);
  });

  it("merges what the wire spoke exactly: protocols and TLS connections summed, the handshakes' total kept", () => {
    const tlsOf = (t: ComparisonResult['transports'][number], connections: number, handshake: number): typeof t => ({
      ...t,
      wire: {
        protocols: { h2: connections },
        tls: {
          cipher: 'TLSv1.3 TLS_AES_256_GCM_SHA384',
          connections,
          plaintext: 1000 * connections,
          handshakePerConnection: handshake,
        },
      },
    });
    const x = { ...a, options: { ...a.options, tls: true }, transports: a.transports.map((t) => tlsOf(t, 3, 1823)) };
    const y = { ...b, options: { ...b.options, tls: true }, transports: b.transports.map((t) => tlsOf(t, 5, 1824)) };
    const merged = mergeResults([x, y], ['x.json', 'y.json']);
    for (const t of merged.transports) {
      expect(t.wire!.protocols).toEqual({ h2: 8 });
      expect(t.wire!.tls!.connections).toBe(8);
      expect(t.wire!.tls!.plaintext).toBe(8000);
      expect(t.wire!.tls!.connections * t.wire!.tls!.handshakePerConnection!).toBeCloseTo(3 * 1823 + 5 * 1824, 9);
      const parts = [a, b].map((r) => r.transports.find((p) => p.transport === t.transport)!);
      expect(t.bytes.headersFirst).toBe(parts[0]!.bytes.headersFirst! + parts[1]!.bytes.headersFirst!);
      expect(t.server!.firstExchanges).toBe(parts[0]!.server!.firstExchanges! + parts[1]!.server!.firstExchanges!);
    }
    expect(validateResult(JSON.parse(JSON.stringify(merged)))).toEqual([]);
    // A TLS run and a cleartext one are not one measurement.
    expect(() => mergeResults([x, b], ['x.json', 'b.json'])).toThrow("'b.json' was run with other --tls than 'x.json'");
  });

  it('refuses results of other options with one line naming the option, and results without histograms', () => {
    const other = { ...b, options: { ...b.options, ratePerSec: 99 } };
    expect(() => mergeResults([a, other], ['a.json', 'c.json'])).toThrow(UsageError);
    expect(() => mergeResults([a, other], ['a.json', 'c.json'])).toThrow(
      "'c.json' was run with other --rate than 'a.json'",
    );
    const old = clone();
    expect(() => mergeResults([old, clone()], ['old.json', 'old2.json'])).toThrow('carries no latency histogram');
    expect(() => mergeResults([a], ['a.json'])).toThrow('two or more');
  });
});
