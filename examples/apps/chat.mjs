// The Socket.IO chat of socket.io's own tutorial ("Get started"), as an app would have it: every
// `chat message` a client emits is emitted to everyone. It knows nothing of poll-vs-push.
//
//   node examples/apps/chat.mjs --port 3001        (prints `ready <port>`; --port 0 picks one)
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { Server } from 'socket.io';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '3001' }, host: { type: 'string', default: '127.0.0.1' } },
});

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<!doctype html><title>chat</title><ul id="messages"></ul>');
});
const io = new Server(server);

io.on('connection', (socket) => {
  socket.on('chat message', (msg) => {
    io.emit('chat message', msg);
  });
});

server.listen(Number(values.port), values.host, () => console.log(`ready ${server.address().port}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
