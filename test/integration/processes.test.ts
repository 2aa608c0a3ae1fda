import { describe, expect, it } from 'vitest';
import { runComparison } from '../../src/run/compare.js';
import type { Transport } from '../../src/shared/transports.js';
import { runOptions } from './run-options.js';

/**
 * A run spread over processes, as one with more clients than a process holds sockets for would
 * be (forced here with a few): the clients in two processes of their own, the server in two
 * workers sharing its port. Nothing may differ from one process but where the counting happens.
 */
const TRANSPORTS: Transport[] = ['poll', 'long-poll', 'sse', 'ws'];

describe.each([
  { name: 'cleartext', wire: {} },
  { name: 'HTTP/2 over TLS', wire: { tls: true, http2: true } },
])('clients and server over two processes each ($name)', ({ wire }) => {
  it("delivers everything, both sides' bytes agree summed over the processes, and latency is every delivery's", async () => {
    const result = await runComparison(
      runOptions({
        transports: TRANSPORTS,
        clients: 7,
        ratePerSec: 10,
        durationMs: 1000,
        pollIntervalMs: 250,
        processes: 2,
        ...wire,
      }),
    );
    expect(result.options.processes).toBe(2);
    for (const t of result.transports) {
      expect(t.errors).toEqual({});
      expect(t.events.published).toBeGreaterThan(0);
      expect(t.events.delivered).toBe(t.events.expected);
      expect(t.events.expected).toBe(7 * t.events.published);
      expect(t.latencyMs!.samples).toBe(t.events.delivered);
      expect(t.latencyHistogram!.samples).toBe(t.events.delivered);
      expect(t.bytes.clientSent).toBe(t.bytes.serverReceived);
      expect(t.bytes.clientReceived).toBe(t.bytes.serverSent);
      expect(t.requests.connections).toBe(t.server!.connections);
      expect(t.server!.eventsWritten).toBeGreaterThanOrEqual(t.events.delivered);
      expect(Object.values(t.wire!.protocols).reduce((a, b) => a + b, 0)).toBe(t.requests.connections);
      if (wire.tls) expect(t.wire!.tls!.connections).toBe(t.requests.connections);
      expect(t.serverCost!.cpuMs).toBeGreaterThan(0);
      // The server's cost is its primary's and its workers' summed; each worker says how late events reached it.
      const processes = t.serverCost!.processes!;
      expect(processes.map((p) => p.role)).toEqual(['primary', 'worker', 'worker']);
      expect(processes.reduce((sum, p) => sum + p.cpuMs, 0)).toBeCloseTo(t.serverCost!.cpuMs, 6);
      for (const worker of processes.slice(1)) expect(worker.hopMaxMs).toBeGreaterThan(0);
      // The clients' cost is their two processes' own.
      expect(t.clientCost!.processes).toBe(2);
      expect(t.clientCost!.cpuMs).toBeGreaterThan(0);
      expect(t.clientCost!.rssPeakBytes).toBeGreaterThan(0);
      // The clients were active for the duration and the stragglers' grace, and no longer than the phase.
      expect(t.activeMs!).toBeGreaterThanOrEqual(1000);
      expect(t.activeMs!).toBeLessThanOrEqual(t.phaseMs);
    }
  }, 90_000);
});
