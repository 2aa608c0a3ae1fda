// A Mercure-style hub (https://mercure.rocks/spec): publishers POST a form body to
// /.well-known/mercure with a JWT whose `mercure.publish` claim lists the topic (or "*");
// subscribers GET /.well-known/mercure?topic=… as Server-Sent Events, each update with an
// `id: urn:uuid:…`, resumed after Last-Event-ID. It knows nothing of poll-vs-push.
//
//   node examples/apps/hub.mjs --port 3002 [--jwt-key KEY]    (prints `ready <port>`)
//
// The default key is Mercure's own demo key, '!ChangeThisMercureHubJWTSecretKey!'.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3002' },
    host: { type: 'string', default: '127.0.0.1' },
    'jwt-key': { type: 'string', default: '!ChangeThisMercureHubJWTSecretKey!' },
  },
});
const HISTORY = 1000;
const MAX_BODY = 64 * 1024;
const history = [];
const subscribers = new Set();

/** The claims of an HS256 JWT signed with the hub's key, or null. */
function verify(token) {
  const [head, claims, signature] = token.split('.');
  if (!head || !claims || !signature) return null;
  const expected = createHmac('sha256', values['jwt-key']).update(`${head}.${claims}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(claims, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

function frame(update) {
  const data = update.data
    .split('\n')
    .map((line) => `data: ${line}\n`)
    .join('');
  return `id: ${update.id}\n${update.type ? `event: ${update.type}\n` : ''}${data}\n`;
}

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://hub');
  if (url.pathname !== '/.well-known/mercure') {
    res.writeHead(404).end('not found');
    return;
  }
  if (req.method === 'GET') {
    const topics = url.searchParams.getAll('topic');
    if (topics.length === 0) {
      res.writeHead(400).end('missing "topic" parameter');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(':\n');
    const subscriber = { topics, res };
    const after = req.headers['last-event-id'];
    const from = after ? history.findIndex((update) => update.id === after) + 1 : history.length;
    for (const update of history.slice(from))
      if (update.topics.some((t) => topics.includes(t) || topics.includes('*'))) res.write(frame(update));
    subscribers.add(subscriber);
    req.on('close', () => subscribers.delete(subscriber));
    return;
  }
  if (req.method !== 'POST') {
    res.writeHead(405).end();
    return;
  }
  const claims = verify(String(req.headers.authorization ?? '').replace(/^Bearer /, ''));
  if (!claims) {
    res.writeHead(401).end('Unauthorized');
    return;
  }
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => {
    body += chunk;
    if (body.length > MAX_BODY) req.destroy();
  });
  req.on('end', () => {
    const form = new URLSearchParams(body);
    const topics = form.getAll('topic');
    const allowed = claims.mercure?.publish ?? [];
    if (topics.length === 0 || !topics.every((t) => allowed.includes('*') || allowed.includes(t))) {
      res.writeHead(403).end('Forbidden');
      return;
    }
    const update = {
      id: form.get('id') ?? `urn:uuid:${randomUUID()}`,
      type: form.get('type'),
      topics,
      data: form.get('data') ?? '',
    };
    history.push(update);
    if (history.length > HISTORY) history.shift();
    for (const subscriber of subscribers)
      if (topics.some((t) => subscriber.topics.includes(t) || subscriber.topics.includes('*')))
        subscriber.res.write(frame(update));
    res.writeHead(200, { 'content-type': 'text/plain' }).end(update.id);
  });
});

server.listen(Number(values.port), values.host, () => console.log(`ready ${server.address().port}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
