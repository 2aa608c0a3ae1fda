import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import WebSocket from 'ws';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../src/server/demo-server.js';
import { publishOnSchedule } from '../../src/server/publisher.js';
import { nowNs } from '../../src/shared/clock.js';
import type { WireEvent } from '../../src/shared/protocol.js';
import { settled, waitFor } from '../helpers.js';

let server: DemoServer;
const sockets: Socket[] = [];

async function start(options: Partial<DemoServerOptions> = {}): Promise<DemoServer> {
  server = await startDemoServer({
    host: '127.0.0.1',
    port: 0,
    defaultLongPollTimeoutMs: 30_000,
    payloadBytes: 16,
    ...options,
  });
  return server;
}

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server.close();
});

/** A raw TCP connection to the server, for exact bytes. */
function raw(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
    sockets.push(socket);
  });
}

/** Writes `text` on a fresh connection and reads until the server closes it (or `until` matches). */
async function exchange(text: string, until?: RegExp): Promise<string> {
  const socket = await raw();
  let received = '';
  return new Promise((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (until?.test(received)) resolve(received);
    });
    socket.once('close', () => resolve(received));
    socket.write(text);
  });
}

const healthy = async (): Promise<boolean> => (await request(`${server.url}/health`)).statusCode === 200;

describe('a window, not a history: what one request can make the server hold', () => {
  it('answers a reader far behind with a bounded slice, the oldest seq it holds, and a sign that more wait', async () => {
    await start({
      logWindow: { maxEvents: 50, maxBytes: 1_000_000 },
      responseLimit: { maxEvents: 20, maxBytes: 1_000_000 },
    });
    for (let i = 0; i < 200; i++) server.log.publish(`e${i}`);
    const response = await request(`${server.url}/poll?since=0`);
    const events = (await response.body.json()) as WireEvent[];
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 151 + i));
    expect(response.headers['pvp-oldest-seq']).toBe('151');
    expect(response.headers['pvp-more']).toBe('1');
    expect(server.accounting.stats('poll').errors).toEqual({ EVENTS_EXPIRED: 1 });
    // Asking on from the last seq is no gap: neither header comes back once the reader is up to date.
    const rest = await request(`${server.url}/poll?since=170`);
    expect(((await rest.body.json()) as WireEvent[]).map((event) => event.seq)).toEqual(
      Array.from({ length: 20 }, (_, i) => 171 + i),
    );
    expect(rest.headers['pvp-oldest-seq']).toBeUndefined();
    const last = await request(`${server.url}/poll?since=190`);
    expect((await last.body.json()) as WireEvent[]).toHaveLength(10);
    expect(last.headers['pvp-more']).toBeUndefined();
    expect(await healthy()).toBe(true);
  });

  it('keeps answering while a publisher far behind its schedule catches up in batches', async () => {
    await start({ logWindow: { maxEvents: 1000, maxBytes: 8_000_000 } });
    // 40,000 events of 1 kB, all overdue at once: without yielding, nothing else would be served until the end.
    const publishing = publishOnSchedule(
      server.log,
      { startAtNs: nowNs() - 10_000_000_000n, count: 40_000, ratePerSec: 4000, payloadBytes: 1024, seed: 1 },
      new AbortController().signal,
    );
    const done = settled(publishing);
    const answered = await healthy();
    // /health was answered while publishing was still going on.
    expect(answered).toBe(true);
    expect(done.done).toBe(false);
    expect(server.log.head).toBeLessThan(40_000);
    expect((await publishing).published).toBe(40_000);
    expect(server.log.retained().events).toBe(1000);
  });
});

/** Publishes 60 kB events, letting the server write each, until `route` drops a subscriber as too slow (or 2,000). */
async function publishUntilSlow(route: 'sse' | 'ws' | 'socketio'): Promise<void> {
  const chunk = 'x'.repeat(60_000);
  for (let i = 0; i < 2000 && !server.accounting.stats(route).errors.SLOW_CONSUMER; i++) {
    server.log.publish(chunk);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('slow consumers are cut off by rule', () => {
  it('drops an SSE reader that stops reading, counts SLOW_CONSUMER, and keeps serving the others', async () => {
    await start({ maxSubscriberBufferBytes: 64 * 1024 });
    const reader = await raw();
    let tail = '';
    reader.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString('latin1')).slice(-200_000)));
    reader.write('GET /sse HTTP/1.1\r\nHost: x\r\n\r\n');
    const stalled = await raw();
    stalled.write('GET /sse HTTP/1.1\r\nHost: x\r\n\r\n');
    await waitFor(() => server.accounting.stats('sse').waiting === 2, 'both streams to open');
    // It never reads again; the reset that ends it is not read either.
    stalled.pause();
    stalled.on('error', () => {});
    await publishUntilSlow('sse');
    expect(server.accounting.stats('sse').errors).toMatchObject({ SLOW_CONSUMER: 1 });
    await waitFor(() => server.accounting.stats('sse').waiting === 1, 'the server to let the slow stream go');
    expect(server.accounting.stats('sse').openSockets).toBe(1);
    // The reader that keeps up still gets every event.
    const last = server.log.publish('after the drop');
    await waitFor(() => tail.includes(`id: ${last.seq}\ndata: ${last.json}\n\n`), 'the reader to get the next event');
    expect(server.accounting.stats('sse').errors).toEqual({ SLOW_CONSUMER: 1 });
    expect(await healthy()).toBe(true);
  });

  it('sends a resuming subscriber a backlog larger than its limit in pieces, all of it, in order', async () => {
    await start({ maxSubscriberBufferBytes: 64 * 1024 });
    for (let i = 0; i < 300; i++) server.log.publish('b'.repeat(1000));
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws?since=0`, { perMessageDeflate: false });
    const seqs: number[] = [];
    ws.on('message', (data: Buffer) => seqs.push((JSON.parse(data.toString()) as WireEvent).seq));
    await waitFor(() => seqs.length === 300, 'the whole backlog');
    // Live events follow the backlog without a gap.
    server.log.publish('live');
    await waitFor(() => seqs.length === 301, 'the live event');
    expect(seqs).toEqual(Array.from({ length: 301 }, (_, i) => i + 1));
    expect(server.accounting.stats('ws').errors).toEqual({});
    ws.terminate();
  });

  it("never stalls a backlog whose pieces are smaller than the socket's high-water mark", async () => {
    // 8 kB pieces: a write below the mark returns true and no 'drain' follows; catching up must not wait for one.
    await start({ maxSubscriberBufferBytes: 16 * 1024, logWindow: { maxEvents: 30_000, maxBytes: 64 * 1024 * 1024 } });
    for (let i = 0; i < 20_000; i++) server.log.publish('s');
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws?since=0`, { perMessageDeflate: false });
    let received = 0;
    let last = 0;
    ws.on('message', (data: Buffer) => {
      received += 1;
      last = (JSON.parse(data.toString()) as WireEvent).seq;
    });
    await waitFor(() => received === 20_000, 'the whole backlog, in pieces', 30_000);
    server.log.publish('live');
    await waitFor(() => last === 20_001, 'the next live event');
    ws.terminate();
  });

  it('drops a Socket.IO client that stops reading, counts SLOW_CONSUMER, and keeps serving the others', async () => {
    await start({ maxSubscriberBufferBytes: 64 * 1024 });
    /** A Socket.IO client in Engine.IO's own words, on its WebSocket transport: '40' joins the namespace. */
    const join = async (): Promise<{ ws: WebSocket; texts: string[] }> => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, {
        perMessageDeflate: false,
      });
      const texts: string[] = [];
      ws.on('message', (data: Buffer) => texts.push(data.toString()));
      ws.on('error', () => {});
      await new Promise((resolve) => ws.once('open', resolve));
      ws.send('40');
      await waitFor(() => texts.some((text) => text.startsWith('40')), 'the namespace to accept');
      return { ws, texts };
    };
    const reader = await join();
    const stalled = await join();
    await waitFor(() => server.accounting.stats('socketio').waiting === 2, 'both clients to join');
    const socket = (stalled.ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    await publishUntilSlow('socketio');
    expect(server.accounting.stats('socketio').errors).toMatchObject({ SLOW_CONSUMER: 1 });
    await waitFor(() => server.accounting.stats('socketio').waiting === 1, 'the server to let the slow client go');
    // The one that keeps up still gets the next event.
    const last = server.log.publish('after the drop');
    await waitFor(() => reader.texts.some((text) => text.includes(`"seq":${last.seq},`)), 'the next event');
    expect(server.accounting.stats('socketio').errors).toEqual({ SLOW_CONSUMER: 1 });
    expect(await healthy()).toBe(true);
    reader.ws.terminate();
    stalled.ws.terminate();
  });

  it('lets a resuming Socket.IO client take a backlog larger than its limit, then the live events', async () => {
    await start({ maxSubscriberBufferBytes: 64 * 1024 });
    for (let i = 0; i < 5000; i++) server.log.publish('b'.repeat(1000));
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: false,
    });
    const seqs: number[] = [];
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      if (text.startsWith('42')) seqs.push((JSON.parse(text.slice(2)) as [string, WireEvent])[1].seq);
    });
    await new Promise((resolve) => ws.once('open', resolve));
    // Joins the namespace asking for everything after 0: the whole backlog goes into Engine.IO's queue at once.
    ws.send('40{"since":0}');
    await waitFor(() => server.accounting.stats('socketio').waiting === 1, 'the client to join');
    // A live event while the backlog is still on its way: the client is behind by the backlog, not slow.
    server.log.publish('live');
    await waitFor(() => seqs.length === 5001, 'the backlog and the live event', 30_000);
    expect(seqs).toEqual(Array.from({ length: 5001 }, (_, i) => i + 1));
    expect(server.accounting.stats('socketio').errors).toEqual({});
    ws.terminate();
  });

  it('closes a WebSocket that stops reading with 1008 and counts SLOW_CONSUMER', async () => {
    await start({ maxSubscriberBufferBytes: 64 * 1024 });
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { perMessageDeflate: false });
    await new Promise((resolve) => ws.once('open', resolve));
    const socket = (ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    await publishUntilSlow('ws');
    expect(server.accounting.stats('ws').errors).toMatchObject({ SLOW_CONSUMER: 1 });
    const code = new Promise<number>((resolve) => ws.once('close', (closeCode: number) => resolve(closeCode)));
    socket.resume();
    expect(await code).toBe(1008);
  });

  it('closes a WebSocket that sends a message past the small limit with 1009', async () => {
    await start();
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { perMessageDeflate: false });
    await new Promise((resolve) => ws.once('open', resolve));
    const code = new Promise<number>((resolve) => ws.once('close', (closeCode: number) => resolve(closeCode)));
    ws.send('z'.repeat(5000));
    expect(await code).toBe(1009);
    expect(await healthy()).toBe(true);
  });
});

describe('HTTP edges', () => {
  it('streams SSE to an HTTP/1.0 reader without chunk-size lines', async () => {
    await start();
    for (let i = 0; i < 2; i++) server.log.publish(`e${i}`);
    const text = await exchange('GET /sse HTTP/1.0\r\n\r\n', /id: 2\ndata: .*\n\n$/);
    const body = text.slice(text.indexOf('\r\n\r\n') + 4);
    expect(text.startsWith('HTTP/1.1 200 OK')).toBe(true);
    expect(text).not.toMatch(/transfer-encoding/i);
    const [a, b] = server.log.after(0);
    expect(body).toBe(`id: 1\ndata: ${a!.json}\n\nid: 2\ndata: ${b!.json}\n\n`);
  });

  it('answers a request head over 16 kB with 431 and keeps serving', async () => {
    await start();
    const text = await exchange(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17_000)}\r\n\r\n`);
    expect(text).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(await healthy()).toBe(true);
  });

  it('answers garbage with 400 and an unparsable target with 400, and keeps serving', async () => {
    await start();
    expect(await exchange('HELLO THERE\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(await exchange('GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    expect(await healthy()).toBe(true);
  });

  it('refuses /ws?since=abc with 400 before the upgrade', async () => {
    await start();
    const text = await exchange(
      'GET /ws?since=abc HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(text).toContain('since (or Last-Event-ID) must be a whole number');
    expect(server.accounting.stats('ws').handshakes).toBe(0);
  });

  it('reads Last-Event-ID and since as the same resume point on every route', async () => {
    await start();
    for (let i = 0; i < 5; i++) server.log.publish(`e${i}`);
    const bySince = await request(`${server.url}/poll?since=3`);
    const byHeader = await request(`${server.url}/poll`, { headers: { 'last-event-id': '3' } });
    expect(((await bySince.body.json()) as WireEvent[]).map((e) => e.seq)).toEqual([4, 5]);
    expect(((await byHeader.body.json()) as WireEvent[]).map((e) => e.seq)).toEqual([4, 5]);
    const longPoll = await request(`${server.url}/long-poll?timeout=100`, { headers: { 'last-event-id': '4' } });
    expect(((await longPoll.body.json()) as WireEvent[]).map((e) => e.seq)).toEqual([5]);
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { headers: { 'last-event-id': '2' } });
    const seqs: number[] = [];
    ws.on('message', (data: Buffer) => seqs.push((JSON.parse(data.toString()) as WireEvent).seq));
    await waitFor(() => seqs.length === 3, 'three frames');
    expect(seqs).toEqual([3, 4, 5]);
    ws.terminate();
    expect((await request(`${server.url}/long-poll`, { headers: { 'last-event-id': 'x' } })).statusCode).toBe(400);
  });
});

describe('exposure: CORS for readers, a token for publishers', () => {
  it('lets a page on any origin read, and answers the preflight', async () => {
    await start();
    const crossOrigin = await request(`${server.url}/poll?since=0`, {
      headers: { origin: 'http://elsewhere.example' },
    });
    expect(crossOrigin.headers['access-control-allow-origin']).toBe('*');
    expect(crossOrigin.headers['access-control-expose-headers']).toContain('pvp-more');
    await crossOrigin.body.dump();
    // A same-origin client (no Origin header) pays no CORS bytes.
    const plain = await request(`${server.url}/poll?since=0`);
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
    await plain.body.dump();
    const preflight = await request(`${server.url}/sse`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://elsewhere.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'last-event-id',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-headers']).toContain('last-event-id');
    expect(preflight.headers['access-control-allow-methods']).toContain('GET');
  });

  it('guards POST /publish with the token when one is set', async () => {
    await start({ publishToken: 'sesame-0123' });
    const none = await request(`${server.url}/publish`, { method: 'POST' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    await none.body.dump();
    const wrong = await request(`${server.url}/publish`, {
      method: 'POST',
      headers: { authorization: 'Bearer sesame-0124' },
    });
    expect(wrong.statusCode).toBe(401);
    await wrong.body.dump();
    expect(server.log.head).toBe(0);
    const right = await request(`${server.url}/publish`, {
      method: 'POST',
      headers: { authorization: 'Bearer sesame-0123' },
    });
    expect(right.statusCode).toBe(201);
    expect(await right.body.json()).toMatchObject({ seq: 1 });
    expect(server.accounting.stats('control').errors).toEqual({ PUBLISH_UNAUTHORIZED: 2 });
  });

  it("guards a teacher's rate change with the token, and hands a valid one to the publisher", async () => {
    await start({ publishToken: 'sesame-0123' });
    const rates: number[] = [];
    server.steerRate({ ratePerSec: () => rates.at(-1) ?? 2, change: (ratePerSec) => rates.push(ratePerSec) });
    const refused = await request(`${server.url}/rate?per_sec=5`, { method: 'POST' });
    expect(refused.statusCode).toBe(401);
    await refused.body.dump();
    const bad = await request(`${server.url}/rate?per_sec=-1`, {
      method: 'POST',
      headers: { authorization: 'Bearer sesame-0123' },
    });
    expect(bad.statusCode).toBe(400);
    await bad.body.dump();
    const done = await request(`${server.url}/rate?per_sec=5`, {
      method: 'POST',
      headers: { authorization: 'Bearer sesame-0123' },
    });
    expect(await done.body.json()).toEqual({ ratePerSec: 5 });
    expect(rates).toEqual([5]);
    // The page's teacher box shows the rate the server runs at, from /stats.
    const stats = await request(`${server.url}/stats`);
    expect(await stats.body.json()).toMatchObject({ ratePerSec: 5 });
  });

  it('counts what each classroom page sent, by the route it asked for, and lets only a bounded id name a page', async () => {
    await start();
    await (await request(`${server.url}/poll?since=0&client=page-1`)).body.dump();
    await (await request(`${server.url}/health?client=page-1`)).body.dump();
    await (await request(`${server.url}/poll?since=0&client=${'x'.repeat(41)}`)).body.dump();
    const stats = (await (await request(`${server.url}/stats`)).body.json()) as {
      connected: number;
      browsers: Record<
        string,
        Record<string, { requests: number; requestHeadBytes: number; responseHeadBytes: number }>
      >;
    };
    expect(stats.connected).toBe(1);
    expect(Object.keys(stats.browsers)).toEqual(['page-1']);
    expect(stats.browsers['page-1']!.poll).toMatchObject({ requests: 1 });
    expect(stats.browsers['page-1']!.poll!.requestHeadBytes).toBeGreaterThan(0);
    expect(stats.browsers['page-1']!.control).toMatchObject({ requests: 1 });
  });

  it('refuses a publish body over 64 kB with 413', async () => {
    await start();
    const response = await request(`${server.url}/publish`, { method: 'POST', body: 'b'.repeat(100_000) });
    expect(response.statusCode).toBe(413);
    await response.body.dump();
    expect(server.log.head).toBe(0);
    expect(await healthy()).toBe(true);
  });
});
