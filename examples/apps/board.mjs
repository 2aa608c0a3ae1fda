// A small message board, written the way an ordinary app is: it knows nothing of poll-vs-push.
//
//   POST /api/messages    {"text": "...", "author": "..."}  → 201 and the stored message
//   GET  /api/messages    {"messages": [...]}: the newest 500, oldest first (no cursor)
//   GET  /api/stream      Server-Sent Events: `event: message`, `id: N`,
//                         data {"type":"message","payload":{...}}; resumes after Last-Event-ID
//   WS   /live            sends {"type":"hello"}; after {"type":"subscribe","channel":"board"}
//                         every new message as {"type":"message","payload":{...}}
//
//   node examples/apps/board.mjs --port 3000        (prints `ready <port>`; --port 0 picks one)
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '3000' }, host: { type: 'string', default: '127.0.0.1' } },
});
const KEEP = 500;
const MAX_BODY = 16 * 1024;

const messages = [];
let nextId = 1;
const streams = new Set();
const subscribers = new Set();

function json(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function sseFrame(message) {
  return `id: ${message.id}\nevent: message\ndata: ${JSON.stringify({ type: 'message', payload: message })}\n\n`;
}

function post(message) {
  messages.push(message);
  if (messages.length > KEEP) messages.shift();
  for (const res of streams) res.write(sseFrame(message));
  const frame = JSON.stringify({ type: 'message', payload: message });
  for (const ws of subscribers) ws.send(frame);
}

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://board');
  if (url.pathname === '/api/messages' && req.method === 'GET') return json(res, 200, { messages });
  if (url.pathname === '/api/messages' && req.method === 'POST') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > MAX_BODY) req.destroy();
    });
    req.on('end', () => {
      let input;
      try {
        input = JSON.parse(body);
      } catch {
        return json(res, 400, { error: 'body must be JSON' });
      }
      if (typeof input?.text !== 'string' || input.text === '') return json(res, 422, { error: 'text is required' });
      const message = {
        id: nextId++,
        author: typeof input.author === 'string' ? input.author : 'anonymous',
        text: input.text,
        createdAt: new Date().toISOString(),
      };
      post(message);
      json(res, 201, message);
    });
    return;
  }
  if (url.pathname === '/api/stream' && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write('retry: 2000\n\n');
    const after = Number(req.headers['last-event-id'] ?? 0);
    if (after > 0) for (const message of messages) if (message.id > after) res.write(sseFrame(message));
    streams.add(res);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      streams.delete(res);
    });
    return;
  }
  json(res, 404, { error: 'not found' });
});

const wss = new WebSocketServer({ server, path: '/live', maxPayload: 64 * 1024 });
wss.on('connection', (ws) => {
  ws.send(JSON.stringify({ type: 'hello', online: wss.clients.size }));
  ws.on('message', (data) => {
    let request;
    try {
      request = JSON.parse(String(data));
    } catch {
      return ws.send(JSON.stringify({ type: 'error', error: 'not JSON' }));
    }
    if (request?.type === 'subscribe' && request.channel === 'board') {
      subscribers.add(ws);
      ws.send(JSON.stringify({ type: 'subscribed', channel: 'board' }));
    }
  });
  ws.on('close', () => subscribers.delete(ws));
});

server.listen(Number(values.port), values.host, () => console.log(`ready ${server.address().port}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
