import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { runComparison } from '../../src/run/compare.js';
import { startServerProcess, type ServerProcess } from '../../src/run/server-process.js';
import type { CompareOptions } from '../../src/shared/types.js';

const base: CompareOptions = {
  transports: ['poll', 'ws'],
  clients: 3,
  ratePerSec: 5,
  durationMs: 1500,
  pollIntervalMs: 500,
  payloadBytes: 32,
  longPollTimeoutMs: 30_000,
  host: '127.0.0.1',
  port: 0,
  seed: 3,
  rttMs: 0,
  jitterMs: 0,
  headers: 'minimal',
};

let server: ServerProcess | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('--rtt', () => {
  it('delays every round trip through the relay by at least the RTT', async () => {
    server = await startServerProcess({
      host: '127.0.0.1', port: 0, defaultLongPollTimeoutMs: 30_000, payloadBytes: 16,
      relay: { rttMs: 120, jitterMs: 0, seed: 1 },
    });
    for (let i = 0; i < 3; i++) {
      const started = process.hrtime.bigint();
      const response = await request(`${server.url}/health`);
      await response.body.json();
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      // A lower bound only: the relay must have held the request and the answer RTT/2 each.
      expect(elapsedMs).toBeGreaterThanOrEqual(120);
    }
  });

  it('moves latency by RTT/2 one way, and adds no byte: both sides still agree', async () => {
    const result = await runComparison({ ...base, rttMs: 100 });
    for (const t of result.transports) {
      expect(t.events.lost).toBe(0);
      expect(t.bytes.clientSent).toBe(t.bytes.serverReceived);
      expect(t.bytes.clientReceived).toBe(t.bytes.serverSent);
      // No event can arrive sooner than one way through the relay.
      expect(t.latencyMs!.min).toBeGreaterThanOrEqual(50);
    }
    expect(result.options.rttMs).toBe(100);
  });
});

describe('a long RTT', () => {
  it('waits for events still in flight through the relay before closing the phase', async () => {
    // 3 s of RTT against a 1 s phase: a long poll's last events arrive seconds after it ends.
    const result = await runComparison({ ...base, transports: ['long-poll', 'sse'], rttMs: 3000, durationMs: 1000, ratePerSec: 5, clients: 2 });
    for (const t of result.transports) {
      expect(t.events.published).toBeGreaterThan(0);
      expect(t.events.lost).toBe(0);
      expect(t.errors).toEqual({});
    }
  });
});

describe('--headers browser', () => {
  it('makes a short poll\'s request and response weigh between 700 and 1,000 header bytes', async () => {
    const result = await runComparison({ ...base, transports: ['poll'], headers: 'browser' });
    const [poll] = result.transports;
    const perPair = poll!.bytes.headers / poll!.requests.http;
    expect(perPair).toBeGreaterThanOrEqual(700);
    expect(perPair).toBeLessThanOrEqual(1000);
    const minimal = await runComparison({ ...base, transports: ['poll'] });
    expect(minimal.transports[0]!.bytes.headers / minimal.transports[0]!.requests.http).toBeLessThan(400);
  });
});

describe('theory beside measurement', () => {
  it('attaches the model to every transport, and its bytes per event match what was measured', async () => {
    const result = await runComparison({ ...base, transports: ['poll', 'long-poll', 'sse', 'ws'] });
    for (const t of result.transports) {
      expect(t.model).toBeDefined();
      // Bytes follow from the protocol: the model, fed the measured header size, lands close.
      expect(t.bytes.perEvent! / t.model!.bytesPerEvent).toBeGreaterThan(0.8);
      expect(t.bytes.perEvent! / t.model!.bytesPerEvent).toBeLessThan(1.25);
    }
    const poll = result.transports.find((t) => t.transport === 'poll')!;
    expect(poll.model!.latencyMeanMs).toBe(base.pollIntervalMs / 2);
  });
});
