// 3. Fan-out: deliveries/s at saturation of the demo server vs a naive ws broadcast loop, with
// the same 1,000 plain ws clients in their own process and the same 200 events of 64 bytes.
import { startServerProcess } from '../../dist/run/server-process.js';
import { childScript, forkChild } from '../lib/children.mjs';
import { formatNumber } from '../lib/report.mjs';
import { median } from '../lib/stats.mjs';

const CLIENTS = 1000;
const EVENTS = 200;
const PAYLOAD_BYTES = 64;
const LEAD_NS = 50_000_000n;
const DELIVERY_BOUND_MS = 30_000;

/** Connects the clients to `wsUrl`, starts the broadcast with `start(startAtNs)`, and returns deliveries/s. */
async function measure(wsUrl, start) {
  const clients = forkChild(childScript('ws-clients.mjs'), { url: wsUrl, clients: CLIENTS });
  try {
    await clients.next('ready', 60_000);
    const total = CLIENTS * EVENTS;
    clients.send({ type: 'await', total, timeoutMs: DELIVERY_BOUND_MS });
    const startAtNs = process.hrtime.bigint() + LEAD_NS;
    const [done, writtenNs] = await Promise.all([
      clients.next('done', DELIVERY_BOUND_MS + 5000),
      start(startAtNs).then(() => process.hrtime.bigint()),
    ]);
    if (done.timedOut) throw new Error(`${done.received}/${total} deliveries within ${DELIVERY_BOUND_MS} ms`);
    // From the first event's due time to the last receipt, on the clock both processes share.
    const receivedMs = Number(done.lastNs - startAtNs) / 1e6;
    // When the server said it had written the last event (its IPC reply): tells a slow server from slow clients.
    const writtenMs = Number(writtenNs - startAtNs) / 1e6;
    return { value: total / (receivedMs / 1000), receivedMs, writtenMs };
  } finally {
    await clients.stop();
  }
}

export default {
  id: 'fanout',
  title: `Fan-out: deliveries/s at saturation, ${CLIENTS.toLocaleString('en-US')} ws clients × ${EVENTS} events of ${PAYLOAD_BYTES} B`,
  unit: 'msg/s',
  digits: 0,
  subjectLabel: 'demo server (/ws)',
  referenceLabel: 'naive ws broadcast loop',
  ratioLabel: 'demo / naive',
  target: { op: '>=', value: 2 },

  async subject() {
    const server = await startServerProcess({
      host: '127.0.0.1',
      port: 0,
      defaultLongPollTimeoutMs: 30_000,
      payloadBytes: PAYLOAD_BYTES,
    });
    try {
      return await measure(`${server.url.replace(/^http/, 'ws')}/ws`, (startAtNs) =>
        server.call('publish', {
          schedule: { startAtNs, count: EVENTS, ratePerSec: 10_000, payloadBytes: PAYLOAD_BYTES, seed: 1 },
        }),
      );
    } finally {
      await server.stop();
    }
  },

  /** Whether the servers or the clients set the pace: the last write against the last receipt. */
  explain({ subject, reference }) {
    const line = (label, results) =>
      `${label}: last write at ${formatNumber(median(results.map((r) => r.writtenMs)), 0)} ms, last receipt at ${formatNumber(median(results.map((r) => r.receivedMs)), 0)} ms`;
    return [
      `${line('demo', subject)}; ${line('naive', reference)} (medians, from the first due time; receipt close behind the write means the server, not the clients, set the pace)`,
    ];
  },

  async reference() {
    const server = forkChild(childScript('naive-broadcast.mjs'));
    try {
      const { port } = await server.next('ready', 10_000);
      return await measure(`ws://127.0.0.1:${port}`, (startAtNs) => {
        server.send({ type: 'broadcast', startAtNs, count: EVENTS, intervalMs: 0, payloadBytes: PAYLOAD_BYTES });
        return server.next('broadcast-done', DELIVERY_BOUND_MS);
      });
    } finally {
      await server.stop();
    }
  },
};
