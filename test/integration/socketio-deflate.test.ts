import { beforeAll, describe, expect, it } from 'vitest';
import { runComparison } from '../../src/run/compare.js';
import { runOptions } from './run-options.js';
import type { CompareOptions } from '../../src/shared/options-types.js';
import type { ComparisonResult, TransportResult } from '../../src/shared/result-types.js';

const base: CompareOptions = runOptions({
  transports: ['socketio', 'ws'],
  clients: 8,
  ratePerSec: 20,
  durationMs: 1500,
  payloadBytes: 256,
  seed: 11,
});

let plain: ComparisonResult;
let deflated: ComparisonResult;

beforeAll(async () => {
  plain = await runComparison(base);
  deflated = await runComparison({ ...base, deflate: true });
});

const of = (result: ComparisonResult, transport: string): TransportResult =>
  result.transports.find((t) => t.transport === transport)!;

/** Everything delivered, no fault, and the two ends' socket counts equal. */
function expectWhole(t: TransportResult): void {
  expect(t.errors).toEqual({});
  expect(t.events.delivered).toBe(t.events.expected);
  expect(t.bytes.serverReceived).toBe(t.bytes.clientSent);
  expect(t.bytes.serverSent).toBe(t.bytes.clientReceived);
}

describe('Socket.IO on the demo server', () => {
  it('delivers everything, and both ends count the same bytes', () => {
    expectWhole(of(plain, 'socketio'));
  });

  it("shows what Engine.IO costs: the handshake's polling requests, one upgrade per client, the framing", () => {
    const t = of(plain, 'socketio');
    // The handshake GET and the namespace connect at least, before the upgrade.
    expect(t.requests.http).toBeGreaterThanOrEqual(2 * base.clients);
    expect(t.requests.handshakes).toBe(base.clients);
    expect(t.server!.requests).toBe(t.requests.http);
    expect(t.server!.handshakes).toBe(base.clients);
    // Around each event at least the 42["message", ] wrapper (13 bytes) and a frame header (2).
    expect(t.bytes.framing! / t.server!.eventsWritten).toBeGreaterThanOrEqual(15);
  });
});

describe('--deflate', () => {
  it('compresses WebSocket and Socket.IO frames: fewer bytes per event, both ends still agree', () => {
    for (const transport of ['ws', 'socketio']) {
      const before = of(plain, transport);
      const after = of(deflated, transport);
      expectWhole(after);
      expect(after.bytes.perEvent!).toBeLessThan(before.bytes.perEvent!);
    }
  });

  it('leaves the framing of compressed frames unsplit rather than guess it', () => {
    expect(of(deflated, 'ws').bytes.framing).toBeNull();
    // Uncompressed, a frame of a 256-byte payload's JSON has a 4-byte header (16-bit length).
    expect(of(plain, 'ws').bytes.framing).toBe(4 * of(plain, 'ws').server!.eventsWritten);
  });
});
