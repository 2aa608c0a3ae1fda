// Reference of the measurement floor: a plain ws server that, once a client connects, pushes
// `count` events every `intervalMs`, each stamped with the shared clock just before it is sent.
import { WebSocketServer } from 'ws';
import { fail, options, send, serve } from './ipc.mjs';

const { count, intervalMs, payloadBytes } = options;
const data = 'x'.repeat(payloadBytes);
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
let timer;

wss.on('connection', (ws) => {
  let seq = 0;
  timer = setInterval(() => {
    seq += 1;
    ws.send(JSON.stringify({ seq, t: process.hrtime.bigint().toString(), data }));
    if (seq >= count) clearInterval(timer);
  }, intervalMs);
});
wss.once('error', fail);
wss.once('listening', () => send({ type: 'ready', port: wss.address().port }));

serve({
  close: () =>
    new Promise((resolve) => {
      clearInterval(timer);
      for (const client of wss.clients) client.terminate();
      wss.close(() => resolve());
    }),
});
