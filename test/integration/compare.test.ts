import { beforeAll, describe, expect, it } from 'vitest';
import { runComparison } from '../../src/run/compare.js';
import { planPhase } from '../../src/run/schedule.js';
import type { CompareOptions } from '../../src/shared/options-types.js';
import type { ComparisonResult, TransportResult } from '../../src/shared/result-types.js';
import type { Transport } from '../../src/shared/transports.js';

const options: CompareOptions = {
  transports: ['poll', 'long-poll', 'sse', 'ws'],
  clients: 6,
  ratePerSec: 20,
  durationMs: 1200,
  pollIntervalMs: 300,
  payloadBytes: 48,
  longPollTimeoutMs: 30_000,
  host: '127.0.0.1',
  port: 0,
  seed: 7,
  rttMs: 0,
  jitterMs: 0,
  headers: 'minimal',
};

let result: ComparisonResult;
const phases: string[] = [];

beforeAll(async () => {
  result = await runComparison(options, {
    onProgress: (progress) => {
      if (progress.stage === 'done') phases.push(progress.transport);
    },
  });
});

const of = (transport: Transport): TransportResult => {
  const found = result.transports.find((t) => t.transport === transport);
  if (!found) throw new Error(`no result for ${transport}`);
  return found;
};

describe('a whole comparison against the server in its own process', () => {
  it('runs every transport in order and describes the run', () => {
    expect(result.schemaVersion).toBe(1);
    expect(result.tool.name).toBe('poll-vs-push');
    expect(result.transports.map((t) => t.transport)).toEqual(options.transports);
    expect(phases).toEqual(options.transports);
    expect(result.options).toMatchObject({ ...options, settleMs: 300, publishWindowMs: 900 });
    expect(result.environment.node).toBe(process.version);
  });

  it.each(options.transports)('%s: every event delivered once, in order, without faults', (transport) => {
    const t = of(transport);
    const published = planPhase(options).count;
    expect(published).toBe(18);
    expect(t.events).toEqual({
      published,
      expected: published * options.clients,
      delivered: published * options.clients,
      lost: 0,
      duplicates: 0,
      outOfOrder: 0,
    });
    expect(t.errors).toEqual({});
    expect(t.latencyMs?.samples).toBe(t.events.delivered);
  });

  it.each(options.transports)('%s: client and server byte counts agree at the sockets', (transport) => {
    const { bytes, requests, server } = of(transport);
    expect(bytes.clientSent).toBeGreaterThan(0);
    expect(bytes.clientSent).toBe(bytes.serverReceived);
    expect(bytes.clientReceived).toBe(bytes.serverSent);
    // Overhead is measured, so it must be there: wire bytes exceed the events' JSON.
    expect(bytes.clientReceived).toBeGreaterThan(bytes.payload);
    expect(requests.http).toBe(server!.requests);
    expect(requests.connections).toBe(server!.connections);
    expect(requests.handshakes).toBe(server!.handshakes);
  });

  it('short polling makes about clients × duration / interval requests', () => {
    const { requests } = of('poll');
    const expected = (options.clients * options.durationMs) / options.pollIntervalMs;
    expect(requests.http).toBeGreaterThanOrEqual(expected * 0.8);
    expect(requests.http).toBeLessThanOrEqual(expected * 1.2);
    expect(requests.connections).toBe(options.clients);
  });

  it('WebSocket makes no HTTP request after its handshakes; SSE makes one per client', () => {
    expect(of('ws').requests).toMatchObject({ http: 0, handshakes: options.clients, connections: options.clients });
    expect(of('sse').requests).toMatchObject({ http: options.clients, handshakes: 0, connections: options.clients });
  });

  it('long polling asks again after every answer', () => {
    const { requests, events, server } = of('long-poll');
    // At least one answered request per delivery batch, plus the one held when the phase ended.
    expect(requests.http).toBeGreaterThan(events.published);
    expect(server!.eventsWritten).toBe(events.delivered);
  });

  it('push beats polling on latency: WebSocket p50 is below short-poll p50', () => {
    expect(of('ws').latencyMs!.p50).toBeLessThan(of('poll').latencyMs!.p50);
  });
});

describe('every byte on the wire accounted for', () => {
  it.each(['poll', 'long-poll', 'sse'] as const)(
    '%s: bytes received = response heads + event JSON + framing',
    (transport) => {
      const { bytes } = of(transport);
      // The clients send only bodiless GETs, so all they sent is request heads; the server
      // measured request and response heads together, so response heads = headers − sent.
      expect(bytes.clientReceived).toBe(bytes.headers! - bytes.clientSent + bytes.payload + bytes.framing!);
    },
  );

  it('ws: bytes received = 101 responses + frames + one close frame per client', () => {
    const { bytes, clients } = of('ws');
    // Each client sends its upgrade request and a masked close frame: 2 + 4 (mask) + 2 (code)
    // + "phase over" (10) = 18 bytes; ws answers with the same code and reason unmasked: 14 bytes.
    const upgradeRequests = bytes.clientSent - 18 * clients;
    const responses = bytes.headers! - upgradeRequests;
    expect(bytes.clientReceived).toBe(responses + bytes.payload + bytes.framing! + 14 * clients);
    expect(bytes.framing).toBe(2 * of('ws').server!.eventsWritten);
  });

  it('measures what each phase cost the server', () => {
    for (const t of result.transports) {
      expect(t.serverCost!.cpuMs).toBeGreaterThan(0);
      expect(t.serverCost!.cpuPerEventUs).toBeCloseTo((t.serverCost!.cpuMs * 1000) / t.events.delivered, 6);
      expect(t.serverCost).toEqual({
        cpuMs: expect.any(Number),
        cpuPerEventUs: expect.any(Number),
        rssPerClientBytes: expect.any(Number),
        rssPeakBytes: expect.any(Number),
        heapPerClientBytes: expect.any(Number),
        loopDelayP99Ms: expect.any(Number),
        loopDelayMaxMs: expect.any(Number),
        publishLagMaxMs: expect.any(Number),
      });
      expect(Object.values(t.serverCost!).every(Number.isFinite)).toBe(true);
      // A percentile never passes the maximum of the same histogram.
      expect(t.serverCost!.loopDelayP99Ms).toBeLessThanOrEqual(t.serverCost!.loopDelayMaxMs);
      expect(t.serverCost!.rssPeakBytes).toBeGreaterThan(0);
    }
  });

  it('measures what each phase cost the process holding the clients, and how long they took to connect', () => {
    for (const t of result.transports) {
      // One process held them: this run's own.
      expect(t.clientCost!.processes).toBe(1);
      expect(t.clientCost!.cpuMs).toBeGreaterThan(0);
      expect(t.clientCost!.rssPeakBytes).toBeGreaterThan(0);
      expect(t.connectMs!).toBeGreaterThan(0);
      expect(t.activeMs!).toBeGreaterThanOrEqual(result.options.durationMs);
    }
  });
});
