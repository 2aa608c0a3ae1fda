// The clients of the fan-out and memory benchmarks: `clients` plain ws connections to `url`,
// counting messages. Optionally samples its own RSS, the way the tool's child does.
import WebSocket from 'ws';
import { startRssSampler } from '../lib/rss-sampler.mjs';
import { fail, options, send, serve } from './ipc.mjs';

const { url, clients, sampleRss } = options;
const CONNECT_BATCH = 256;
const HANDSHAKE_TIMEOUT_MS = 10_000;
const CLOSE_TIMEOUT_MS = 5000;

const sampler = sampleRss ? startRssSampler() : undefined;
const sockets = [];
let received = 0;
let lastNs = 0n;
let expected = Infinity;
let reportDone;

function open() {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    });
    sockets.push(ws);
    ws.once('open', resolve);
    ws.once('error', reject);
    ws.on('message', () => {
      lastNs = process.hrtime.bigint();
      received += 1;
      if (received >= expected) reportDone?.(false);
    });
  });
}

function closeAll() {
  return Promise.all(
    sockets.map(
      (ws) =>
        new Promise((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve();
          const timer = setTimeout(() => {
            ws.terminate();
            resolve();
          }, CLOSE_TIMEOUT_MS);
          ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
          else ws.close(1000);
        }),
    ),
  );
}

serve({
  /** Replies 'done' once `total` messages have arrived in all, or at the time bound. */
  await: ({ total, timeoutMs }) => {
    expected = total;
    let timer;
    reportDone = (timedOut) => {
      reportDone = undefined;
      clearTimeout(timer);
      send({ type: 'done', received, lastNs, timedOut });
    };
    timer = setTimeout(() => reportDone?.(true), timeoutMs);
    if (received >= expected) reportDone(false);
  },
  /** Closes every connection, then reports the RSS figures (when sampling). */
  finish: async () => {
    await closeAll();
    send({ type: 'finished', rss: sampler?.stop() });
  },
  close: closeAll,
});

try {
  for (let i = 0; i < clients; i += CONNECT_BATCH) {
    await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, clients - i) }, open));
  }
  send({ type: 'ready', connected: sockets.length });
} catch (error) {
  await closeAll();
  fail(error);
}
