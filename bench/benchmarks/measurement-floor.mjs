// 1. Measurement floor: the tool's WebSocket p50 latency with one client vs a bare ws push
// script on the same clock. Both servers run in their own process; the clients run here.
import WebSocket from 'ws';
import { runComparison } from '../../dist/run/compare.js';
import { childScript, forkChild } from '../lib/children.mjs';
import { compareOptions, deliveryNote } from '../lib/compare-options.mjs';
import { percentile } from '../lib/stats.mjs';

const EVENTS = 150;
const INTERVAL_MS = 20;
const PAYLOAD_BYTES = 64;

/** Receives `count` events from a bare push server and returns their publish → receipt latencies in ms. */
function receive(port, count, timeoutMs) {
  return new Promise((resolve, reject) => {
    const latenciesMs = [];
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
    const finish = (error) => {
      clearTimeout(timer);
      ws.terminate();
      if (error) reject(error);
      else resolve(latenciesMs);
    };
    const timer = setTimeout(
      () => finish(new Error(`bare ws push: ${latenciesMs.length}/${count} events within ${timeoutMs} ms`)),
      timeoutMs,
    );
    ws.on('message', (data) => {
      // Same order as the tool's client: the clock first, then the parse.
      const receivedNs = process.hrtime.bigint();
      const event = JSON.parse(data.toString('utf8'));
      latenciesMs.push(Number(receivedNs - BigInt(event.t)) / 1e6);
      if (latenciesMs.length === count) finish();
    });
    ws.on('error', finish);
  });
}

export default {
  id: 'floor',
  title: 'Measurement floor: WebSocket p50 latency, 1 client, 50 events/s for 3 s',
  unit: 'ms',
  digits: 3,
  subjectLabel: 'poll-vs-push (ws, 1 client)',
  referenceLabel: 'bare ws push script',
  ratioLabel: 'tool / bare',
  target: { op: '<=', value: 1.5 },

  async subject() {
    const options = compareOptions({
      transports: ['ws'],
      clients: 1,
      ratePerSec: 50,
      durationMs: 3000,
      pollIntervalMs: 1000,
    });
    const result = await runComparison(options, {}, AbortSignal.timeout(30_000));
    const t = result.transports[0];
    if (result.partial || !t || t.partial) throw new Error('the tool run did not finish within 30 s');
    if (!t.latencyMs) throw new Error('the tool delivered no event');
    return { value: t.latencyMs.p50, note: deliveryNote(t.events, t.errors) };
  },

  async reference() {
    const server = forkChild(childScript('bare-ws-push.mjs'), {
      count: EVENTS,
      intervalMs: INTERVAL_MS,
      payloadBytes: PAYLOAD_BYTES,
    });
    try {
      const { port } = await server.next('ready', 10_000);
      const latenciesMs = await receive(port, EVENTS, EVENTS * INTERVAL_MS + 10_000);
      // Microsecond resolution and nearest rank, as the tool's histogram reads its p50.
      return { value: Math.round(percentile(latenciesMs, 50) * 1000) / 1000 };
    } finally {
      await server.stop();
    }
  },
};
