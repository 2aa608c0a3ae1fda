import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Server as SocketIoServer } from 'socket.io';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TransportClient } from '../../src/clients/client-context.js';
import { CLIENTS } from '../../src/clients/index.js';
import { readLimitsFor } from '../../src/clients/read-limits.js';
import { PhaseRecorder } from '../../src/metrics/recorder.js';
import { SocketMeter } from '../../src/metrics/socket-meter.js';
import { nowNs } from '../../src/shared/clock.js';
import type { Transport } from '../../src/shared/transports.js';
import { waitFor } from '../helpers.js';

/** What a scripted server saw of each request (or WebSocket upgrade), in order. */
interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
}

interface Scripted {
  url: string;
  seen: Seen[];
}

/** One scripted HTTP answer; `open` writes the body and keeps the response going, as an event stream. */
interface Answer {
  status: number;
  body: string;
  open?: boolean;
}

/** A seq to send as a well-formed event, or a text sent as is (one that is not an event). */
type Item = number | string;

const clients: TransportClient[] = [];
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const client of clients.splice(0)) await client.stop();
  for (const close of closers.splice(0)) await close();
});

/** An event as the demo server writes it: seq, the publish time in ns, data. */
const event = (seq: number): string => JSON.stringify({ seq, t: '123456789', data: 'x' });
const text = (item: Item): string => (typeof item === 'number' ? event(item) : item);
const ok = (body: string): Answer => ({ status: 200, body });
const jsonArray = (items: Item[]): Answer => ok(`[${items.map(text).join(',')}]`);
const sseMessage = (item: Item): string => `${typeof item === 'number' ? `id: ${item}\n` : ''}data: ${text(item)}\n\n`;
const stream = (items: Item[], open = true): Answer => ({ status: 200, body: items.map(sseMessage).join(''), open });

function listening(server: {
  once(event: 'listening', listener: () => void): unknown;
  address(): AddressInfo | string | null;
}): Promise<string> {
  return new Promise((resolve) =>
    server.once('listening', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

/** A node:http server on port 0 that answers request i with `answers[i]`, then `rest` ('hold': never answers). */
async function scriptedHttp(answers: Answer[], rest: Answer | 'hold'): Promise<Scripted> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const answer = answers.shift() ?? rest;
    if (answer === 'hold') return;
    res.writeHead(answer.status, { 'content-type': answer.open ? 'text/event-stream' : 'application/json' });
    if (answer.open) res.write(answer.body);
    else res.end(answer.body);
  });
  const url = listening(server);
  server.listen(0, '127.0.0.1');
  closers.push(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });
  return { url: await url, seen };
}

/** A `ws` server on port 0 that runs `scripts[i]` on connection i (later connections get nothing). */
async function scriptedWs(scripts: Array<(socket: WebSocket) => void>): Promise<Scripted> {
  const seen: Seen[] = [];
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket, req) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    scripts.shift()?.(socket);
  });
  const url = listening(server);
  closers.push(async () => {
    for (const socket of server.clients) socket.terminate();
    await new Promise((resolve) => server.close(resolve));
  });
  return { url: await url, seen };
}

/** Bytes a raw server writes for one request; `cut` closes the connection after them, mid-response. */
interface RawReply {
  bytes: string;
  cut?: boolean;
}

/**
 * A raw node:net server on port 0, for responses no HTTP library would write: request r on
 * connection c (one request per read, as the clients never pipeline) gets `reply(c, r)`, or nothing.
 */
async function rawHttp(
  reply: (connection: number, request: number) => RawReply | undefined,
): Promise<{ url: string; connections: () => number }> {
  const sockets: Socket[] = [];
  const server = createTcpServer((socket) => {
    const connection = sockets.push(socket) - 1;
    let request = 0;
    socket.on('data', () => {
      const answer = reply(connection, request++);
      if (answer?.cut) socket.end(answer.bytes);
      else if (answer) socket.write(answer.bytes);
    });
  });
  const url = listening(server);
  server.listen(0, '127.0.0.1');
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    server.close();
    await once(server, 'close');
  });
  return { url: await url, connections: () => sockets.length };
}

/** A Socket.IO server on port 0 that emits `items` as `message` to each client that connects (an event as an object, anything else as is). */
async function scriptedSocketIo(items: Item[]): Promise<Scripted> {
  const seen: Seen[] = [];
  const http = createServer();
  const io = new SocketIoServer(http, { serveClient: false });
  io.on('connection', (socket) => {
    seen.push({ url: socket.handshake.url, headers: socket.handshake.headers });
    for (const item of items) socket.emit('message', typeof item === 'number' ? JSON.parse(event(item)) : item);
  });
  const url = listening(http);
  http.listen(0, '127.0.0.1');
  closers.push(async () => {
    await io.close();
  });
  return { url: await url, seen };
}

const head = (headers: string): string => `HTTP/1.1 200 OK\r\n${headers}\r\n\r\n`;
const whole = (body: string): string => `${head(`content-length: ${Buffer.byteLength(body)}`)}${body}`;
const chunked = (body: string): string =>
  `${head('content-type: text/event-stream\r\ntransfer-encoding: chunked')}${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n`;

/** Each transport's server sending `items` once, the way that transport carries events, then staying quiet. */
const SENDING: Record<Transport, (items: Item[]) => Promise<Scripted>> = {
  poll: (items) => scriptedHttp([jsonArray(items)], ok('[]')),
  'long-poll': (items) => scriptedHttp([jsonArray(items)], 'hold'),
  sse: (items) => scriptedHttp([stream(items)], 'hold'),
  ws: (items) =>
    scriptedWs([
      (socket) => {
        for (const item of items) socket.send(text(item));
      },
    ]),
  socketio: (items) => scriptedSocketIo(items),
};

/** What a poller's server does once its script is spent: a short poll gets `[]`, a long poll is held. */
const POLLER_REST = { poll: ok('[]'), 'long-poll': 'hold' } as const;
const POLLERS = ['poll', 'long-poll'] as const;

/** Starts `transport`'s real client against `url`: connected, begun, stopped in afterEach. */
async function startClient(transport: Transport, url: string): Promise<PhaseRecorder> {
  const phase = new PhaseRecorder();
  const client = CLIENTS[transport]({
    url,
    recorder: phase.forClient(),
    meter: new SocketMeter(),
    conditions: { pollIntervalMs: 20 },
    longPollTimeoutMs: 30_000,
    phaseMs: 0,
    limits: readLimitsFor(64),
  });
  clients.push(client);
  await client.connect();
  client.begin(nowNs());
  return phase;
}

const sinceOf = (seen: Seen): string | null => new URL(seen.url, 'http://x').searchParams.get('since');

describe('BAD_EVENT: a message that is not an event, the same code on every transport', () => {
  it.each(POLLERS)(
    '%s: a body that is no JSON array, or an array holding a non-event, counts; the next answer is read',
    async (transport) => {
      const server = await scriptedHttp(
        [ok('{"oops":1}'), ok('not json'), jsonArray(['{"seq":"x"}']), jsonArray([1])],
        POLLER_REST[transport],
      );
      const phase = await startClient(transport, server.url);
      await waitFor(() => phase.delivered === 1 && server.seen.length === 5, 'the good event and the request after it');
      expect(phase.errorCounts()).toEqual({ BAD_EVENT: 3 });
      // Nothing was taken from a bad answer: the client asks from seq 0 until the good one came.
      expect(server.seen.map(sinceOf)).toEqual(['0', '0', '0', '0', '1']);
    },
  );

  it.each([
    ['sse', 'not json'],
    ['ws', 'hello'],
    ['socketio', 'hello'],
  ] as const)('%s: a message "%s" counts, and the event after it is delivered', async (transport, bad) => {
    const server = await SENDING[transport]([bad, 1]);
    const phase = await startClient(transport, server.url);
    await waitFor(() => phase.delivered === 1, 'the good event');
    expect(phase.errorCounts()).toEqual({ BAD_EVENT: 1 });
    expect(server.seen).toHaveLength(1);
  });
});

describe('WS_BINARY_FRAME', () => {
  it('ws: a binary frame counts, even one holding an event, and the text frame after it is delivered', async () => {
    const server = await scriptedWs([
      (socket) => {
        socket.send(Buffer.from(event(1)), { binary: true });
        socket.send(event(1));
      },
    ]);
    const phase = await startClient('ws', server.url);
    await waitFor(() => phase.delivered === 1, 'the text frame');
    expect(phase.errorCounts()).toEqual({ WS_BINARY_FRAME: 1 });
    expect(server.seen).toHaveLength(1);
  });
});

describe('HTTP_<status>: an answer other than 200', () => {
  it.each([
    ['poll', jsonArray([1]), POLLER_REST.poll],
    ['long-poll', jsonArray([1]), POLLER_REST['long-poll']],
    ['sse', stream([1]), 'hold'],
  ] as const)(
    '%s: a 503 counts as HTTP_503, and the client asks again and gets the event',
    async (transport, good, rest) => {
      const server = await scriptedHttp([{ status: 503, body: 'busy' }, good], rest);
      const phase = await startClient(transport, server.url);
      await waitFor(() => phase.delivered === 1, 'the event after the 503');
      expect(phase.errorCounts()).toEqual({ HTTP_503: 1 });
      expect(server.seen.slice(0, 2).map(sinceOf)).toEqual(transport === 'sse' ? [null, null] : ['0', '0']);
    },
  );
});

describe('a server that ends the stream: the client resumes from its last seq', () => {
  it('sse: an ended response is STREAM_ENDED, and the next request carries Last-Event-ID', async () => {
    const server = await scriptedHttp([stream([1], false), stream([2])], 'hold');
    const phase = await startClient('sse', server.url);
    await waitFor(() => phase.delivered === 2, 'the event on the second stream');
    expect(phase.errorCounts()).toEqual({ STREAM_ENDED: 1 });
    expect(server.seen).toHaveLength(2);
    expect(server.seen[0]!.headers['last-event-id']).toBeUndefined();
    expect(server.seen[1]!.headers['last-event-id']).toBe('1');
  });

  it('ws: a close with 1011 is WS_CLOSED_1011, and the client reconnects with ?since=<last seq>', async () => {
    const server = await scriptedWs([
      (socket) => {
        socket.send(event(1));
        socket.close(1011, 'boom');
      },
      (socket) => socket.send(event(2)),
    ]);
    const phase = await startClient('ws', server.url);
    await waitFor(() => phase.delivered === 2, 'the event on the second connection');
    expect(phase.errorCounts()).toEqual({ WS_CLOSED_1011: 1 });
    expect(server.seen.map((s) => s.url)).toEqual(['/ws?since=0', '/ws?since=1']);
  });
});

describe('SEQ_GAP: an event past the next one expected', () => {
  it.each(Object.keys(SENDING) as Transport[])(
    '%s: events 1 then 3 deliver both, count the gap once and seq 2 as lost',
    async (transport) => {
      const server = await SENDING[transport]([1, 3]);
      const phase = await startClient(transport, server.url);
      await waitFor(() => phase.delivered === 2, 'both events');
      expect(phase.errorCounts()).toEqual({ SEQ_GAP: 1 });
      expect(phase.deliveryCounts(3, 1)).toEqual({
        published: 3,
        expected: 3,
        delivered: 2,
        lost: 1,
        duplicates: 0,
        outOfOrder: 0,
      });
    },
  );
});

describe("a connection cut mid-response (raw bytes): the socket error's own code", () => {
  it.each([
    ['poll', `${head('content-length: 40')}[`, (request: number) => whole(request === 0 ? jsonArray([1]).body : '[]')],
    [
      'long-poll',
      `${head('content-length: 40')}[`,
      (request: number) => (request === 0 ? whole(jsonArray([1]).body) : undefined),
    ],
    [
      'sse',
      `${head('transfer-encoding: chunked')}20\r\ndata: {"seq":1,`,
      (request: number) => (request === 0 ? chunked(sseMessage(1)) : undefined),
    ],
  ] as const)(
    '%s: counts UND_ERR_SOCKET, then gets the event on a new connection',
    async (transport, cutShort, then) => {
      const server = await rawHttp((connection, request) => {
        if (connection === 0) return { bytes: cutShort, cut: true };
        const bytes = then(request);
        return bytes === undefined ? undefined : { bytes };
      });
      const phase = await startClient(transport, server.url);
      await waitFor(() => phase.delivered === 1, 'the event on the second connection');
      expect(phase.errorCounts()).toEqual({ UND_ERR_SOCKET: 1 });
      expect(server.connections()).toBe(2);
    },
  );
});
