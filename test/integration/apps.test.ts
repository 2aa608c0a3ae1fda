// Apps measured as they are (--publish, --receive), against examples/apps/: apps written as an
// ordinary app is, that know nothing of the tool. Each lane must deliver every event once.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAppOptions } from '../../src/commands/app-options.js';
import { runComparison } from '../../src/run/compare.js';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import { HUB_JWT, startExampleApp, type ExampleApp } from './example-apps.js';
import { runOptions } from './run-options.js';

const apps: Partial<Record<'board' | 'chat' | 'hub', ExampleApp>> = {};
beforeAll(async () => {
  [apps.board, apps.chat, apps.hub] = await Promise.all([
    startExampleApp('board'),
    startExampleApp('chat'),
    startExampleApp('hub'),
  ]);
});
afterAll(async () => {
  await Promise.all(Object.values(apps).map((app) => app.stop()));
});

/** Measures the app `raw` describes, on a small run. */
function measure(raw: Parameters<typeof parseAppOptions>[0], extra: Parameters<typeof runOptions>[0] = {}) {
  const app = parseAppOptions(raw)!;
  return runComparison(
    runOptions({
      app,
      transports: app.receivers.map((r) => r.transport),
      clients: 4,
      ratePerSec: 10,
      durationMs: 1500,
      pollIntervalMs: 250,
      ...extra,
    }),
  );
}

/** Every lane delivered every event it was sent exactly once, with no fault. */
function expectComplete(result: ComparisonResult): void {
  for (const t of result.transports) {
    expect(t.errors, t.transport).toEqual({});
    expect(t.events.published, t.transport).toBeGreaterThan(5);
    expect(t.events.delivered, t.transport).toBe(t.events.expected);
    expect([t.events.lost, t.events.duplicates, t.events.outOfOrder], t.transport).toEqual([0, 0, 0]);
    expect(t.bytes.clientReceived, t.transport).toBeGreaterThan(0);
    // An app is someone else's server: nothing measured there, nothing estimated in its place.
    expect(t.bytes.serverSent, t.transport).toBeNull();
  }
}

describe('the message board (REST list, SSE, a WebSocket feed after a subscribe)', () => {
  let result: ComparisonResult;
  beforeAll(async () => {
    const url = apps.board!.url;
    result = await measure({
      publish: `POST ${url}/api/messages`,
      publishBody: '{"text":"{{marker}}","author":"poll-vs-push"}',
      publishHeader: ['Content-Type: application/json', 'X-Api-Key: s3cret-board-key'],
      receive: [`sse ${url}/api/stream`, `poll ${url}/api/messages`, `ws ${url.replace('http', 'ws')}/live`],
      receiveSend: '{"type":"subscribe","channel":"board"}',
    });
  });

  it('delivers every event once on every lane, each lane its own phase', () => {
    expect(result.transports.map((t) => t.transport)).toEqual(['sse', 'poll', 'ws']);
    expectComplete(result);
  });

  it("reports the list's re-fetches and their bytes, not as duplicates", () => {
    const poll = result.transports.find((t) => t.transport === 'poll')!;
    expect(poll.events.refetched).toBeGreaterThan(0);
    // Each re-fetched item is a JSON message of the board's, at least its marker and envelope.
    expect(poll.events.refetchedBytes! / poll.events.refetched!).toBeGreaterThan(40);
    expect(poll.events.refetchedBytes).toBeLessThan(poll.bytes.clientReceived);
    for (const t of result.transports.filter((t) => t.transport !== 'poll')) expect(t.events.refetched).toBeUndefined();
  });

  it("keeps the publish headers' names and never their values, and counts the publisher apart", () => {
    expect(result.options.app?.headerNames).toEqual(['Content-Type', 'X-Api-Key']);
    expect(JSON.stringify(result)).not.toContain('s3cret');
    for (const t of result.transports) {
      expect(t.publisher?.requests).toBe(t.events.published);
      expect(t.publisher?.bytesWritten).toBeGreaterThan(0);
    }
  });
});

describe('the board with every lane at once, and with the clients in processes of their own', () => {
  it('delivers everything on the same events (--parallel) and over client processes (--processes 2)', async () => {
    const url = apps.board!.url;
    const raw = {
      publish: `POST ${url}/api/messages`,
      publishBody: '{"text":"{{marker}}"}',
      receive: [`poll ${url}/api/messages`, `ws ${url.replace('http', 'ws')}/live`],
      receiveSend: '{"type":"subscribe","channel":"board"}',
    };
    const parallel = await measure(raw, { parallel: true });
    expectComplete(parallel);
    expect(new Set(parallel.transports.map((t) => t.events.published)).size).toBe(1);
    expectComplete(await measure(raw, { processes: 2 }));
  });
});

describe('a held list (a long poll without a cursor)', () => {
  it('delivers every event once, the list re-fetched on every answer', async () => {
    // An app's own long poll: held until a message newer than the request arrives, then the whole list.
    const messages: string[] = [];
    const waiting = new Set<import('node:http').ServerResponse>();
    const answer = (res: import('node:http').ServerResponse) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messages }));
    const server = createServer((req, res) => {
      if (req.method === 'POST') {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          messages.push(body);
          res.writeHead(204).end();
          for (const held of waiting) answer(held);
          waiting.clear();
        });
        return;
      }
      waiting.add(res);
      setTimeout(() => waiting.delete(res) && answer(res), 5000);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const result = await measure({ publish: `POST ${url}/messages`, receive: [`long-poll ${url}/messages/wait`] });
      expectComplete(result);
      const lane = result.transports[0]!;
      expect(lane.events.refetched).toBeGreaterThan(0);
      // Held: about one answer per event per client, not a loop as fast as the app can answer.
      expect(lane.requests.http).toBeLessThan(3 * lane.events.expected);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("socket.io's tutorial chat", () => {
  it('delivers every emit to every client through its own event name', async () => {
    const url = apps.chat!.url;
    const result = await measure({
      publish: `socketio ${url}#chat message`,
      receive: [`socketio ${url}#chat message`],
    });
    expectComplete(result);
    // Engine.IO's handshake polls, then the upgrade: counted as the demo server's are.
    expect(result.transports[0]!.requests.handshakes).toBe(4);
  });
});

describe('a Mercure-style hub (a form body with a JWT, an SSE subscription)', () => {
  it('delivers everything', async () => {
    const url = apps.hub!.url;
    const topic = 'https://example.com/books/1';
    const result = await measure({
      publish: `POST ${url}/.well-known/mercure`,
      publishBody: `topic=${encodeURIComponent(topic)}&data={{marker}}`,
      publishHeader: ['Content-Type: application/x-www-form-urlencoded', `Authorization: Bearer ${HUB_JWT}`],
      receive: [`sse ${url}/.well-known/mercure?topic=${encodeURIComponent(topic)}`],
    });
    expectComplete(result);
    expect(JSON.stringify(result)).not.toContain(HUB_JWT);
  });
});
