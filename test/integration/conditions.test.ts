import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { modelParams, predict } from '../../src/model/index.js';
import { runComparison } from '../../src/run/compare.js';
import { planPhase } from '../../src/run/schedule.js';
import { startServerProcess, type ServerProcess } from '../../src/run/server-process.js';
import { runOptions } from './run-options.js';
import type { CompareOptions } from '../../src/shared/options-types.js';
import type { ComparisonResult, TransportResult } from '../../src/shared/result-types.js';
import type { Transport } from '../../src/shared/transports.js';

const base: CompareOptions = runOptions({ transports: ['poll', 'ws'], seed: 3 });

/** Every transport on the base conditions: the model's run, and the minimal-header poll beside --headers browser. */
const everyTransport: CompareOptions = { ...base, transports: ['poll', 'long-poll', 'sse', 'ws'] };

// A comparison takes seconds: each distinct set of options runs once, for every test that reads it.
const runs = new Map<string, Promise<ComparisonResult>>();
function comparison(options: CompareOptions): Promise<ComparisonResult> {
  const key = JSON.stringify(options);
  if (!runs.has(key)) runs.set(key, runComparison(options));
  return runs.get(key)!;
}

const of = (result: ComparisonResult, transport: Transport): TransportResult => {
  const found = result.transports.find((t) => t.transport === transport);
  if (!found) throw new Error(`no result for ${transport}`);
  return found;
};

let server: ServerProcess | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('--rtt', () => {
  it('delays every round trip through the relay by at least the RTT', async () => {
    server = await startServerProcess({
      host: '127.0.0.1',
      port: 0,
      defaultLongPollTimeoutMs: 30_000,
      payloadBytes: 16,
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
    const result = await comparison({ ...base, rttMs: 100 });
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
    const options: CompareOptions = {
      ...base,
      transports: ['long-poll', 'sse'],
      rttMs: 3000,
      durationMs: 1000,
      ratePerSec: 5,
      clients: 2,
    };
    const result = await comparison(options);
    for (const t of result.transports) {
      expect(t.events.published).toBe(planPhase(options).count);
      expect(t.events.lost).toBe(0);
      expect(t.errors).toEqual({});
    }
  });
});

describe('--headers browser', () => {
  let browser: ComparisonResult;
  let minimal: ComparisonResult;
  beforeAll(async () => {
    browser = await comparison({ ...base, transports: ['poll'], headers: 'browser' });
    minimal = await comparison(everyTransport);
  });

  it("makes a short poll's request and response weigh between 700 and 1,000 header bytes", () => {
    const poll = of(browser, 'poll');
    const perPair = poll.bytes.headers! / poll.requests.http;
    expect(perPair).toBeGreaterThanOrEqual(700);
    expect(perPair).toBeLessThanOrEqual(1000);
    const minimalPoll = of(minimal, 'poll');
    expect(minimalPoll.bytes.headers! / minimalPoll.requests.http).toBeLessThan(400);
  });
});

describe('theory beside measurement', () => {
  let result: ComparisonResult;
  beforeAll(async () => {
    result = await comparison(everyTransport);
  });

  it('attaches the model to every transport, and its bytes per event match what was measured', () => {
    const eventsPerPhase = planPhase(everyTransport).count;
    for (const t of result.transports) {
      // The model is fed two measured figures: header bytes per request and response, and event JSON size.
      const measured = {
        eventsPerPhase,
        headerBytesPerPair: t.bytes.headers! / (t.requests.http + t.requests.handshakes),
        eventBytes: t.bytes.payload / t.events.delivered,
      };
      expect(t.model).toEqual(predict(t.transport, modelParams(everyTransport, measured)));
      // Bytes follow from the protocol: the model, fed the measured header size, lands close.
      expect(t.bytes.perEvent! / t.model!.bytesPerEvent).toBeGreaterThan(0.8);
      expect(t.bytes.perEvent! / t.model!.bytesPerEvent).toBeLessThan(1.25);
    }
    expect(of(result, 'poll').model!.latencyMeanMs).toBe(base.pollIntervalMs / 2);
  });
});
