import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TransportClientFactory } from '../../src/clients/client-context.js';
import { readLimitsFor } from '../../src/clients/read-limits.js';
import { createLongPollClient } from '../../src/clients/long-poll.js';
import { createPollClient } from '../../src/clients/poll.js';
import { createSseClient } from '../../src/clients/sse.js';
import { createWsClient } from '../../src/clients/ws.js';
import { nowNs } from '../../src/shared/clock.js';
import { PhaseRecorder } from '../../src/metrics/recorder.js';
import { SocketMeter } from '../../src/metrics/socket-meter.js';
import { startDemoServer, type DemoServer } from '../../src/server/demo-server.js';
import type { Transport } from '../../src/shared/transports.js';
import { waitFor } from '../helpers.js';

const FACTORIES: Array<[Transport, TransportClientFactory]> = [
  ['poll', createPollClient],
  ['long-poll', createLongPollClient],
  ['sse', createSseClient],
  ['ws', createWsClient],
];

let server: DemoServer;

beforeEach(async () => {
  server = await startDemoServer({ host: '127.0.0.1', port: 0, defaultLongPollTimeoutMs: 30_000, payloadBytes: 32 });
});

afterEach(async () => {
  await server.close();
});

function startClient(factory: TransportClientFactory, pollIntervalMs = 50) {
  const phase = new PhaseRecorder();
  const meter = new SocketMeter();
  const client = factory({
    url: server.url,
    recorder: phase.forClient(),
    meter,
    conditions: { pollIntervalMs },
    longPollTimeoutMs: 30_000,
    phaseMs: 0,
    limits: readLimitsFor(64),
  });
  return { phase, meter, client };
}

describe.each(FACTORIES)('%s client', (transport, factory) => {
  it("receives every event once, and its socket byte counts equal the server's", async () => {
    const { phase, meter, client } = startClient(factory);
    await client.connect();
    client.begin(nowNs());
    for (let i = 0; i < 5; i++) server.log.publish(`payload-${i}`);
    await waitFor(() => phase.delivered === 5, 'all five events');
    await client.stop();
    await meter.whenAllClosed(5000);
    await waitFor(() => server.accounting.stats(transport).openSockets === 0, 'the server to see the close');
    const serverSide = server.accounting.stats(transport);
    const clientSide = meter.totals();
    expect(phase.deliveryCounts(5, 1)).toEqual({
      published: 5,
      expected: 5,
      delivered: 5,
      lost: 0,
      duplicates: 0,
      outOfOrder: 0,
    });
    expect(phase.errorCounts()).toEqual({});
    expect(clientSide.bytesWritten).toBeGreaterThan(0);
    expect(clientSide.bytesWritten).toBe(serverSide.bytesRead);
    expect(clientSide.bytesRead).toBe(serverSide.bytesWritten);
    expect(meter.connections).toBe(serverSide.connections);
    expect(phase.httpRequests).toBe(serverSide.requests);
    expect(phase.handshakes).toBe(serverSide.handshakes);
    // Payload is the events' JSON as the server encoded it, counted once per delivery.
    const encoded = server.log.after(0).reduce((sum, event) => sum + Buffer.byteLength(event.json), 0);
    expect(phase.payloadBytes).toBe(encoded);
  });

  it('resumes from its last seq after the server resets its connection, losing nothing', async () => {
    const { phase, meter, client } = startClient(factory);
    await client.connect();
    client.begin(nowNs());
    for (let i = 0; i < 3; i++) server.log.publish(`before-${i}`);
    await waitFor(() => phase.delivered === 3, 'the first three events');
    await waitFor(() => server.accounting.stats(transport).openSockets === 1, 'one open connection');
    expect(server.dropConnections(transport)).toBe(1);
    // Published while the client is cut off: it must fetch them when it comes back.
    for (let i = 0; i < 3; i++) server.log.publish(`after-${i}`);
    await waitFor(() => phase.delivered === 6, 'the three events published during the outage');
    await client.stop();
    expect(phase.deliveryCounts(6, 1)).toMatchObject({ delivered: 6, lost: 0, duplicates: 0, outOfOrder: 0 });
    expect(meter.connections).toBe(2);
  });
});

describe.each(FACTORIES)('%s client behind a bounded server', (transport, factory) => {
  it('names a gap the server could no longer fill and counts it as lost', async () => {
    await server.close();
    server = await startDemoServer({
      host: '127.0.0.1',
      port: 0,
      defaultLongPollTimeoutMs: 30_000,
      payloadBytes: 32,
      logWindow: { maxEvents: 5, maxBytes: 1_000_000 },
    });
    for (let i = 0; i < 20; i++) server.log.publish(`gone-${i}`);
    const { phase, client } = startClient(factory);
    await client.connect();
    client.begin(nowNs());
    await waitFor(() => phase.delivered === 5, 'the five events still held');
    await client.stop();
    expect(phase.deliveryCounts(20, 1)).toMatchObject({ delivered: 5, lost: 15, duplicates: 0, outOfOrder: 0 });
    expect(phase.errorCounts()).toEqual({ SEQ_GAP: 1 });
    expect(server.accounting.stats(transport).errors).toEqual({ EVENTS_EXPIRED: 1 });
  });

  it('takes a backlog larger than one answer in several, losing nothing', async () => {
    await server.close();
    server = await startDemoServer({
      host: '127.0.0.1',
      port: 0,
      defaultLongPollTimeoutMs: 30_000,
      payloadBytes: 32,
      responseLimit: { maxEvents: 10, maxBytes: 1_000_000 },
      maxSubscriberBufferBytes: 512,
    });
    for (let i = 0; i < 35; i++) server.log.publish(`backlog-${i}`);
    // A minute between polls: a short poller gets it all in its first tick, or not at all.
    const { phase, client } = startClient(factory, 60_000);
    await client.connect();
    client.begin(nowNs());
    await waitFor(() => phase.delivered === 35, 'the whole backlog');
    await client.stop();
    expect(phase.deliveryCounts(35, 1)).toMatchObject({ delivered: 35, lost: 0, duplicates: 0, outOfOrder: 0 });
    expect(phase.errorCounts()).toEqual({});
    expect(server.accounting.stats(transport).errors).toEqual({});
  });
});

describe('a halted short-poll client', () => {
  it('starts no new poll, so a crowd closing a batch at a time leaves no client polling while it waits', async () => {
    const { phase, client } = startClient(createPollClient, 20);
    await client.connect();
    client.begin(nowNs());
    await waitFor(() => server.accounting.stats('poll').requests >= 3, 'a few polls');
    client.halt!();
    // What was in flight when it halted reaches the server; after that, nothing more goes out.
    const polls = phase.httpRequests;
    await waitFor(() => server.accounting.stats('poll').requests === polls, 'the poll in flight to arrive');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(phase.httpRequests).toBe(polls);
    expect(server.accounting.stats('poll').requests).toBe(polls);
    await client.stop();
    expect(phase.errorCounts()).toEqual({});
  });
});
