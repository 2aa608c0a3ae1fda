import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import { waitFor } from '../helpers.js';
import { expectUsage, run, serve, type Served } from './cli-runner.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A ws server on port 0 that runs `onConnection` for each client; closed after the test. */
async function wsServer(onConnection: (socket: import('ws').WebSocket, all: WebSocketServer) => void): Promise<string> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket) => onConnection(socket, server));
  await new Promise((resolve) => server.once('listening', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(resolve);
      }),
  );
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** `serve --rate 0` (and `extra`), stopped after the test. */
async function served(extra: string[] = []): Promise<Served> {
  const s = await serve(['--rate', '0', ...extra]);
  cleanups.push(async () => {
    s.child.kill('SIGINT');
    await s.closed;
  });
  return s;
}

const quick = ['--clients', '4', '--rate', '10', '--duration', '1s', '--poll-interval', '250ms'];

describe('compare --target, refused before it starts', () => {
  it('names a wrong scheme, an address nothing answers and a server that does not speak the protocol, with exit 2', async () => {
    expectUsage(
      await run(['compare', '--target', 'ftp://127.0.0.1:21']),
      "--target: 'ftp://127.0.0.1:21' has the scheme ftp:",
    );
    expectUsage(
      await run(['compare', '--target', 'https://127.0.0.1:1']),
      '--target: https://127.0.0.1:1 did not answer GET /health',
    );
    expectUsage(
      await run(['compare', '--target', 'http://127.0.0.1:1']),
      '--target: http://127.0.0.1:1 did not answer GET /health',
    );
    const notProtocol = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => notProtocol.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => (notProtocol as Server).close(resolve)));
    const url = `http://127.0.0.1:${(notProtocol.address() as AddressInfo).port}`;
    expectUsage(
      await run(['compare', '--target', url]),
      `--target: ${url} did not answer GET /health with {"ok":true,"head":N}: answered 404; check the address`,
    );
  });

  it('measures a chat server on WebSocket only, and a failed handshake is refused', async () => {
    const chat = await wsServer(() => {});
    expectUsage(
      await run(['compare', '--target', chat, '--transports', 'ws,sse']),
      '--transports: a ws:// target is a chat server, measured on ws only; drop sse',
    );
    expectUsage(
      await run(['compare', '--target', chat.replace(/:\d+$/, ':1'), '--transports', 'ws']),
      'did not complete the WebSocket handshake: connect ECONNREFUSED',
    );
  });
});

describe('compare --target during the run', () => {
  it('measures serve --rate 0 on all four transports, every event delivered, the server side not available', async () => {
    const s = await served();
    const outcome = await run(['compare', '--target', s.url, ...quick, '--json']);
    expect(outcome.code).toBe(0);
    const result = JSON.parse(outcome.stdout) as ComparisonResult;
    expect(result.transports.map((t) => t.transport)).toEqual(['poll', 'long-poll', 'sse', 'ws']);
    for (const t of result.transports) {
      expect(t.events.delivered).toBe(t.events.expected);
      expect(t.events.expected).toBe(4 * t.events.published);
      expect(t.server).toBeNull();
      expect(t.bytes.headers).toBeNull();
      expect(t.publisher!.requests).toBe(t.events.published);
    }
    // Every table (--details) says what is missing and why, and gives the publisher its own line.
    const table = await run(['compare', '--target', s.url, ...quick, '--transports', 'ws', '--details']);
    expect(table.stdout).toMatch(/not\s+available: external\s+server/);
    expect(table.stdout).toMatch(/Publisher \(the tool\) during WebSocket: \d+ publishes/);
  });

  it("measures serve's Socket.IO too: what the tool emits reaches every client, and no earlier phase's events", async () => {
    const s = await served();
    // The WebSocket phase publishes through POST /publish into serve's log; the Socket.IO phase after it emits its
    // own events, and its receivers, which send no resume point, start at the head rather than replay the log.
    const outcome = await run(['compare', '--target', s.url, ...quick, '--transports', 'ws,socketio', '--json']);
    expect(outcome.code).toBe(0);
    const result = JSON.parse(outcome.stdout) as ComparisonResult;
    expect(result.transports.map((t) => t.transport)).toEqual(['ws', 'socketio']);
    for (const t of result.transports) {
      expect(t.events.published, t.transport).toBeGreaterThan(0);
      expect(t.events.delivered, t.transport).toBe(4 * t.events.published);
      expect(t.events.duplicates, t.transport).toBe(0);
      expect(t.errors, t.transport).toEqual({});
    }
  });

  it('measures an https target over h2 with --insecure, and refuses its self-signed certificate without it', async () => {
    const s = await served(['--tls', '--http2']);
    expect(s.url).toMatch(/^https:\/\//);
    // serve prints its URL first and the certificate's line after it, in a write of its own.
    await waitFor(() => s.output.stdout.includes('SHA-256'), 'the certificate line');
    expect(s.output.stdout).toMatch(/SHA-256 [0-9A-F]{2}(:[0-9A-F]{2}){31}/);
    expectUsage(await run(['compare', '--target', s.url, ...quick]), 'add --insecure for a self-signed one');
    const outcome = await run(['compare', '--target', s.url, '--insecure', '--http2', ...quick, '--json']);
    expect(outcome.code).toBe(0);
    const result = JSON.parse(outcome.stdout) as ComparisonResult;
    for (const t of result.transports) {
      expect(t.events.delivered).toBe(t.events.expected);
      expect(t.errors).toEqual({});
      expect(t.server).toBeNull();
      // HTTP/2 where requests can be streams, WebSocket's HTTP/1.1 upgrade, all over TLS, measured at the tool's sockets.
      expect(t.wire!.protocols).toEqual({ [t.transport === 'ws' ? 'http/1.1' : 'h2']: t.requests.connections });
      expect(t.wire!.tls!.connections).toBe(t.requests.connections);
      expect(t.wire!.tls!.handshakePerConnection).toBeGreaterThan(0);
      expect(t.wire!.tls!.plaintext).toBeLessThan(t.bytes.clientSent + t.bytes.clientReceived);
    }
  });

  it("counts another publisher's events on a shared chat as foreign, not as faults or deliveries", async () => {
    const chat = await wsServer((socket, all) => {
      // A chat: every message goes to everyone, and someone else keeps talking too.
      socket.on('message', (data) => {
        for (const peer of all.clients) peer.send(data.toString());
      });
      const chatter = setInterval(() => socket.send('hello from someone else'), 50);
      socket.once('close', () => clearInterval(chatter));
    });
    const outcome = await run(['compare', '--target', chat, '--transports', 'ws', ...quick, '--json']);
    expect(outcome.code).toBe(0);
    const [ws] = (JSON.parse(outcome.stdout) as ComparisonResult).transports;
    expect(ws!.events.delivered).toBe(ws!.events.expected);
    expect(ws!.events.foreign).toBeGreaterThan(0);
    expect(ws!.errors).toEqual({});
  });

  it("reads the tool's events inside a chat that wraps what it relays, as the FastAPI docs' chat does", async () => {
    let next = 0;
    const chat = await wsServer((socket, all) => {
      const id = ++next;
      socket.on('message', (data) => {
        for (const peer of all.clients) peer.send(`Client #${id} says: ${data.toString()}`);
      });
    });
    const outcome = await run(['compare', '--target', chat, '--transports', 'ws', ...quick, '--json']);
    expect(outcome.code).toBe(0);
    const [ws] = (JSON.parse(outcome.stdout) as ComparisonResult).transports;
    expect(ws!.events.delivered).toBe(ws!.events.expected);
    expect(ws!.errors).toEqual({});
  });

  it('refuses a chat that broadcasts nothing before the run, in one line', async () => {
    const silent = await wsServer(() => {});
    const outcome = await run(['compare', '--target', silent, ...quick]);
    expectUsage(
      outcome,
      `--target: ${silent} did not pass a message from one connection to another within 3 s, so it is not a ` +
        "broadcast chat; to measure an app's own WebSocket feed, use --publish and --receive",
    );
  });
});

describe('serve and its token', () => {
  it("a target guarded by a token is refused before the run, naming POST /publish's answer; its Socket.IO relays nothing", async () => {
    const s = await serve(['--rate', '0', '--token', 'secret-token-1']);
    cleanups.push(async () => {
      s.child.kill('SIGINT');
      await s.closed;
    });
    await waitFor(() => s.output.stdout.includes('publish token'), 'the token line');
    const outcome = await run(['compare', '--target', s.url, '--transports', 'sse', ...quick]);
    expectUsage(outcome, `--target: ${s.url} did not take POST /publish (2xx expected): answered 401`);
    // A Socket.IO emit is a publish too: without the token serve relays none, and counts each one it refused.
    const socketIo = await run(['compare', '--target', s.url, '--transports', 'socketio', ...quick, '--json']);
    const t = (JSON.parse(socketIo.stdout) as ComparisonResult).transports[0]!;
    expect(t.events.published).toBeGreaterThan(0);
    expect(t.events.delivered).toBe(0);
    expect(t.errors).toEqual({ NOT_BROADCAST: 1 });
    const stats = (await (await fetch(`${s.url}/stats`)).json()) as { routes: Record<string, { errors: object }> };
    expect(stats.routes.socketio!.errors).toEqual({ PUBLISH_UNAUTHORIZED: t.events.published });
  });
});
