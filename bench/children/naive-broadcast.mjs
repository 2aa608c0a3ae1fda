// Reference server: a plain ws WebSocketServer that broadcasts the naive way, one
// JSON.stringify and one send per client per event.
import { setImmediate as yieldToLoop, setTimeout as delay } from 'node:timers/promises';
import { WebSocketServer } from 'ws';
import { fail, send, serve } from './ipc.mjs';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
wss.once('error', fail);
wss.once('listening', () => send({ type: 'ready', port: wss.address().port }));

const msUntil = (atNs) => Number(atNs - process.hrtime.bigint()) / 1e6;

serve({
  /** Event i goes out at startAtNs + i·intervalMs; with intervalMs 0, as fast as it can, yielding between events. */
  broadcast: async ({ startAtNs, count, intervalMs, payloadBytes }) => {
    const data = 'x'.repeat(payloadBytes);
    for (let seq = 1; seq <= count; seq++) {
      const dueNs = startAtNs + BigInt(Math.round((seq - 1) * intervalMs * 1e6));
      if (msUntil(dueNs) > 0) await delay(msUntil(dueNs));
      else if (seq > 1) await yieldToLoop();
      const t = process.hrtime.bigint().toString();
      // The naive part: every client gets its own JSON.stringify and its own frame.
      for (const client of wss.clients) client.send(JSON.stringify({ seq, t, data }));
    }
    send({ type: 'broadcast-done', clients: wss.clients.size });
  },
  close: () =>
    new Promise((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close(() => resolve());
    }),
});
