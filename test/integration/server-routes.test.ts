import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import WebSocket from 'ws';
import { startDemoServer, type DemoServer } from '../../src/server/demo-server.js';
import type { WireEvent } from '../../src/shared/protocol.js';
import { settled, waitFor } from '../helpers.js';

let server: DemoServer;

beforeEach(async () => {
  server = await startDemoServer({ host: '127.0.0.1', port: 0, defaultLongPollTimeoutMs: 30_000, payloadBytes: 16 });
});

afterEach(async () => {
  await server.close();
});

async function getJson(path: string): Promise<{ status: number; body: unknown }> {
  const response = await request(`${server.url}${path}`);
  return { status: response.statusCode, body: await response.body.json() };
}

const seqs = (events: unknown): number[] => (events as WireEvent[]).map((event) => event.seq);

describe('GET /poll', () => {
  it('answers at once with every event after since, or an empty list', async () => {
    expect(await getJson('/poll?since=0')).toEqual({ status: 200, body: [] });
    for (let i = 0; i < 3; i++) server.log.publish(`event-${i}`);
    const { status, body } = await getJson('/poll?since=1');
    expect(status).toBe(200);
    expect(seqs(body)).toEqual([2, 3]);
    expect((body as WireEvent[])[0]!.data).toBe('event-1');
    expect(server.accounting.stats('poll')).toMatchObject({ requests: 2, empty: 1, eventsWritten: 2 });
  });

  it('rejects a malformed since with 400', async () => {
    const { status, body } = await getJson('/poll?since=abc');
    expect(status).toBe(400);
    expect(body).toEqual({ error: 'since (or Last-Event-ID) must be a whole number' });
  });

  it('stamps each event with the shared clock at publish', async () => {
    const before = process.hrtime.bigint();
    server.log.publish('x');
    const after = process.hrtime.bigint();
    const [event] = (await getJson('/poll?since=0')).body as WireEvent[];
    const stamp = BigInt(event!.t);
    expect(stamp >= before && stamp <= after).toBe(true);
  });
});

describe('GET /long-poll', () => {
  it('holds the request until an event is published, then answers with it', async () => {
    const pending = getJson('/long-poll?since=0&timeout=60000');
    const state = settled(pending);
    await waitFor(() => server.accounting.stats('long-poll').waiting === 1, 'the request to be held');
    // Held at the server and not answered: the client has nothing yet.
    expect(state.done).toBe(false);
    server.log.publish('news');
    const { status, body } = await pending;
    expect(status).toBe(200);
    expect(seqs(body)).toEqual([1]);
    expect(server.accounting.stats('long-poll')).toMatchObject({ requests: 1, empty: 0, waiting: 0, eventsWritten: 1 });
  });

  it('answers at once when an event after since already exists', async () => {
    server.log.publish('a');
    server.log.publish('b');
    const { body } = await getJson('/long-poll?since=1&timeout=60000');
    expect(seqs(body)).toEqual([2]);
    expect(server.accounting.stats('long-poll').waiting).toBe(0);
  });

  it('answers an empty list when the timeout passes with no event', async () => {
    const { status, body } = await getJson('/long-poll?since=0&timeout=50');
    expect(status).toBe(200);
    expect(body).toEqual([]);
    expect(server.accounting.stats('long-poll')).toMatchObject({ requests: 1, empty: 1, waiting: 0 });
  });

  it('stops holding a request whose client went away', async () => {
    const controller = new AbortController();
    const pending = request(`${server.url}/long-poll?since=0&timeout=60000`, { signal: controller.signal }).catch(
      () => undefined,
    );
    await waitFor(() => server.accounting.stats('long-poll').waiting === 1, 'the request to be held');
    controller.abort();
    await pending;
    await waitFor(() => server.accounting.stats('long-poll').waiting === 0, 'the held request to be released');
    server.log.publish('nobody listens');
    expect(server.accounting.stats('long-poll').eventsWritten).toBe(0);
  });
});

describe('GET /sse', () => {
  it('streams one message per event and resumes after Last-Event-ID', async () => {
    for (let i = 0; i < 3; i++) server.log.publish(`e${i}`);
    const controller = new AbortController();
    const response = await request(`${server.url}/sse`, {
      headers: { 'last-event-id': '1' },
      signal: controller.signal,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream');
    let text = '';
    const reading = (async () => {
      for await (const chunk of response.body) text += String(chunk);
    })().catch(() => undefined);
    await waitFor(() => text.includes('id: 3\n'), 'the backlog after Last-Event-ID');
    server.log.publish('e3');
    await waitFor(() => text.includes('id: 4\n'), 'the live event');
    controller.abort();
    await reading;
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
    expect(ids).toEqual([2, 3, 4]);
    expect(text).toMatch(/^id: 4\ndata: \{"seq":4,"t":"\d+","data":"e3"\}\n\n/m);
  });
});

describe('WS /ws', () => {
  it('sends the backlog after since, then one text frame per event', async () => {
    for (let i = 0; i < 3; i++) server.log.publish(`e${i}`);
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws?since=2`);
    const frames: Array<{ seq: number; binary: boolean }> = [];
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      frames.push({ seq: (JSON.parse(data.toString()) as WireEvent).seq, binary: isBinary });
    });
    await new Promise((resolve) => ws.once('open', resolve));
    await waitFor(() => frames.length === 1, 'the backlog frame');
    server.log.publish('e3');
    await waitFor(() => frames.length === 2, 'the live frame');
    expect(frames).toEqual([
      { seq: 3, binary: false },
      { seq: 4, binary: false },
    ]);
    expect(server.accounting.stats('ws')).toMatchObject({
      requests: 0,
      handshakes: 1,
      connections: 1,
      eventsWritten: 2,
    });
    ws.close();
    await new Promise((resolve) => ws.once('close', resolve));
  });
});

describe('control routes', () => {
  it('answers /health, /time, /stats and POST /publish, and 404/405 elsewhere', async () => {
    expect(await getJson('/health')).toEqual({ status: 200, body: { ok: true, head: 0 } });
    const time = (await getJson('/time')).body as { t: string };
    expect(BigInt(time.t) > 0n).toBe(true);
    const published = await request(`${server.url}/publish`, { method: 'POST' });
    expect(published.statusCode).toBe(201);
    expect(((await published.body.json()) as { seq: number }).seq).toBe(1);
    expect(server.log.after(0)[0]!.json).toMatch(/"data":"[A-Za-z0-9]{16}"/);
    const stats = (await getJson('/stats')).body as { head: number; routes: Record<string, unknown> };
    expect(stats.head).toBe(1);
    expect(Object.keys(stats.routes)).toContain('control');
    const missing = await request(`${server.url}/nope`);
    expect(missing.statusCode).toBe(404);
    await missing.body.dump();
    const wrongMethod = await request(`${server.url}/poll`, { method: 'DELETE' });
    expect(wrongMethod.statusCode).toBe(405);
    await wrongMethod.body.dump();
  });
});
