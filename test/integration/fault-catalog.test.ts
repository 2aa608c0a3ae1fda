/**
 * The fault catalog, walked: every code and every family of codes in `src/shared/faults.ts` is
 * produced here by the tool's own code on a real path (a client against a server that misbehaves
 * on loopback, the demo server given bad input, a run whose server or client process is killed,
 * a setup that cannot start). A code added to the catalog without a scenario does not compile.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server as SocketIoServer } from 'socket.io';
import { io as socketIoClient } from 'socket.io-client';
import { request } from 'undici';
import { WebSocketServer } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { TransportClient } from '../../src/clients/client-context.js';
import { CLIENTS } from '../../src/clients/index.js';
import { readLimitsFor } from '../../src/clients/read-limits.js';
import { PhaseRecorder } from '../../src/metrics/recorder.js';
import { SocketMeter } from '../../src/metrics/socket-meter.js';
import { runComparison } from '../../src/run/compare.js';
import { createCrowd } from '../../src/run/crowd.js';
import { builtEntry } from '../../src/run/entries.js';
import { startServerProcess } from '../../src/run/server-process.js';
import { checkTarget } from '../../src/run/target-probes.js';
import { parseTarget } from '../../src/run/target-url.js';
import { chatPublisher, httpPublisher, publishToTarget } from '../../src/run/target-publisher.js';
import { targetSource } from '../../src/run/target-source.js';
import { buildTransportResult } from '../../src/run/transport-result.js';
import { runCertificate } from '../../src/server/certificate.js';
import { startDemoServer, type DemoServer } from '../../src/server/demo-server.js';
import { parseCompareOptions, COMPARE_DEFAULTS } from '../../src/commands/compare-options.js';
import { nowNs } from '../../src/shared/clock.js';
import { PvpError } from '../../src/shared/errors.js';
import {
  FAULT_FAMILIES,
  FAULTS,
  exitCodeOf,
  faultCode,
  type CatalogCode,
  type FaultFamily,
} from '../../src/shared/faults.js';
import type { Transport } from '../../src/shared/transports.js';
import { hostileTarget } from '../blackbox/hostile-target.js';
import { waitFor } from '../helpers.js';
import { runOptions } from './run-options.js';

const closers: Array<() => Promise<unknown> | undefined> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Closes `server` after the test, its connections included. */
function keep<S extends Server | TcpServer>(server: S): S {
  closers.push(async () => {
    if ('closeAllConnections' in server) server.closeAllConnections();
    server.close();
    await once(server, 'close').catch(() => {});
  });
  return server;
}

async function listen(server: Server | TcpServer): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** An HTTP server on port 0 answering every request with `handle`; its base URL. */
async function httpServer(handle: Parameters<typeof createServer>[1]): Promise<string> {
  const server = keep(createServer(handle));
  return `http://127.0.0.1:${await listen(server)}`;
}

/** A raw TCP server on port 0 that gives each connection to `onSocket`; its port. */
async function tcpServer(onSocket?: (socket: import('node:net').Socket) => void): Promise<number> {
  const sockets = new Set<import('node:net').Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    onSocket?.(socket);
  });
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  return listen(server);
}

/** A ws server on port 0 that runs `onConnection` for each client; its ws:// URL. */
async function wsServer(onConnection: (socket: import('ws').WebSocket) => void): Promise<string> {
  const server = keep(createServer());
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => {
    socket.on('error', () => {});
    onConnection(socket);
  });
  closers.push(async () => {
    for (const client of wss.clients) client.terminate();
  });
  return `ws://127.0.0.1:${await listen(server)}`;
}

const event = (seq: number): string => JSON.stringify({ seq, t: String(nowNs()), data: 'x' });

/** Runs one real client of `transport` against `url` until it counts a fault (or 5 s pass); the codes it counted. */
async function clientFaults(
  transport: Transport,
  url: string,
  extra: { wsUrl?: (since: number) => string; wire?: { ca?: string } } = {},
  boundMs = 5000,
): Promise<string[]> {
  const recorder = new PhaseRecorder({ since: 0 });
  const client: TransportClient = CLIENTS[transport]({
    url,
    recorder: recorder.forClient(),
    meter: new SocketMeter(),
    conditions: { pollIntervalMs: 50 },
    longPollTimeoutMs: 1000,
    phaseMs: 0,
    limits: readLimitsFor(64),
    ...(extra.wsUrl ? { wsUrl: extra.wsUrl } : {}),
    ...(extra.wire ? { wire: extra.wire } : {}),
  });
  closers.push(() => client.stop());
  await client.connect();
  client.begin(nowNs());
  await waitFor(() => recorder.errors.size > 0, `a ${transport} fault`, boundMs).catch(() => {});
  return [...recorder.errors.keys()];
}

/** The demo server in this process, for its own accounting; closed after the test. */
async function demoServer(options: Partial<Parameters<typeof startDemoServer>[0]> = {}): Promise<DemoServer> {
  const server = await startDemoServer({
    host: '127.0.0.1',
    port: 0,
    defaultLongPollTimeoutMs: 30_000,
    payloadBytes: 16,
    ...options,
  });
  closers.push(() => server.close());
  return server;
}

/** Every fault code the demo server's accounting counted, on any route. */
function serverFaults(server: DemoServer): string[] {
  return Object.values(server.accounting.snapshot()).flatMap((stats) => Object.keys(stats?.errors ?? {}));
}

/** The code of the PvpError that `work` throws (or rejects with). */
async function thrown(work: () => unknown): Promise<string[]> {
  try {
    await work();
  } catch (error) {
    return error instanceof PvpError ? [error.code] : [faultCode(error)];
  }
  return [];
}

/** The node processes this test process forked whose command line names `entry`. */
function children(entry: string): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes(entry))
    .map((line) => Number.parseInt(line.trim(), 10));
}

/** Publishes one event through POST /publish of `url` as a run does; the codes its publisher counted. */
async function publishOnce(url: string): Promise<string[]> {
  const publisher = httpPublisher(url, new SocketMeter(), 30_000);
  closers.push(() => publisher.close());
  const tally = { published: 0, requests: 0, errors: new Map<string, number>() };
  const schedule = { startAtNs: nowNs(), count: 1, ratePerSec: 10, payloadBytes: 16, seed: 1 };
  await publishToTarget(publisher, schedule, 'pvp:catalog:', tally, new AbortController().signal);
  return [...tally.errors.keys()];
}

/** Every code a result counted: its transports' faults and their publishers'. */
function resultFaults(result: Awaited<ReturnType<typeof runComparison>>): string[] {
  return result.transports.flatMap((t) => [...Object.keys(t.errors), ...Object.keys(t.publisher?.errors ?? {})]);
}

/** A run of the embedded server whose `entry` process is killed once its clients are running. */
async function runKilling(entry: string, overrides: Parameters<typeof runOptions>[0]): Promise<string[]> {
  let killed = false;
  const result = await runComparison(runOptions({ clients: 2, durationMs: 2000, ...overrides }), {
    onProgress: (progress) => {
      if (killed || progress.stage !== 'running') return;
      const pid = children(entry)[0];
      if (pid === undefined) return;
      killed = true;
      process.kill(pid, 'SIGKILL');
    },
  });
  expect(killed).toBe(true);
  return resultFaults(result);
}

type Scenario = () => Promise<string[]>;

const CODES = {
  BAD_EVENT: async () => clientFaults('ws', (await wsServer((s) => s.send('not an event'))).replace(/^ws/, 'http')),
  WS_BINARY_FRAME: async () =>
    clientFaults('ws', (await wsServer((s) => s.send(Buffer.from(event(1))))).replace(/^ws/, 'http')),
  STREAM_ENDED: async () =>
    clientFaults(
      'sse',
      await httpServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(`id: 1\ndata: ${event(1)}\n\n`);
      }),
    ),
  SEQ_GAP: async () =>
    clientFaults(
      'ws',
      (
        await wsServer((s) => {
          s.send(event(1));
          s.send(event(3));
        })
      ).replace(/^ws/, 'http'),
    ),
  // A long poller's held request is answered 431 (a 20 kB header): the server never holds it, and the phase
  // begins with that client not ready.
  NOT_READY: async () => {
    const file = join(tmpdir(), `pvp-catalog-${process.pid}.headers`);
    writeFileSync(file, `x-big: ${'a'.repeat(20_000)}\n`);
    const headers = parseCompareOptions({ ...COMPARE_DEFAULTS, headers: file }).customHeaders;
    const result = await runComparison(
      runOptions({ transports: ['long-poll'], clients: 1, durationMs: 500, headers: 'file', customHeaders: headers }),
    );
    return resultFaults(result);
  },
  CLIENT_CLOSE_TIMEOUT: async () => {
    // A server that takes the poll and never answers: the poller's close waits for it, then is destroyed.
    let asked = false;
    const port = await tcpServer((socket) => socket.once('data', () => (asked = true)));
    const recorder = new PhaseRecorder({ since: 0 });
    const crowd = createCrowd(
      'poll',
      runOptions({ transports: ['poll'], clients: 1, pollIntervalMs: 50 }),
      { url: `http://127.0.0.1:${port}`, wire: {} },
      recorder,
      new SocketMeter(),
    );
    await crowd.connect(() => {});
    crowd.begin(nowNs());
    await waitFor(() => asked, 'the poll');
    await crowd.stop();
    return [...recorder.errors.keys()];
  },
  CLIENT_PROCESS_LOST: () => runKilling('client-process-main.js', { transports: ['ws'], processes: 2 }),
  SERVER_EXIT: () => runKilling('process-main.js', { transports: ['ws'] }),
  NOT_BROADCAST: async () => {
    // A chat that takes the tool's messages and sends nobody anything.
    const url = await wsServer(() => {});
    const result = await runComparison(
      runOptions({ transports: ['ws'], clients: 1, durationMs: 800, target: { url, kind: 'chat' } }),
    );
    return resultFaults(result);
  },
  UNKNOWN: async () => [faultCode(new Error('an error with neither a code nor a class name of its own'))],
  // An answer that never ends: chunks until the client's cap, then the client lets go.
  RESPONSE_TOO_LARGE: async () =>
    clientFaults(
      'poll',
      await httpServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('[');
        const chunk = `"${'x'.repeat(64 * 1024)}",`;
        const more = (): void => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', more);
        };
        more();
      }),
    ),
  // One event-stream line that never ends.
  LINE_TOO_LONG: async () =>
    clientFaults(
      'sse',
      await httpServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const chunk = `data: ${'y'.repeat(64 * 1024)}`;
        const more = (): void => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', more);
        };
        more();
      }),
    ),
  // A server that takes the connection and never answers the WebSocket upgrade.
  CONNECT_TIMEOUT: async () => clientFaults('ws', `http://127.0.0.1:${await tcpServer()}`, {}, 15_000),
  HEAD_UNANSWERED: async () => {
    // A protocol target that answers the preflight (its POST /publish last), then nothing more.
    const target = await hostileTarget('stall-after-preflight');
    closers.push(() => target.close());
    const source = await targetSource({ url: target.url, kind: 'protocol' }, ['poll'], {
      deflate: false,
      socketIoEvent: 'message',
      wire: {},
    });
    closers.push(() => source.close());
    const start = await source.reset(['poll']);
    return start.fault ? [start.fault] : [];
  },
  PUBLISH_TIMEOUT: async () => {
    // A target whose POST /publish is taken and never answered.
    const url = await httpServer(() => {});
    return publishOnce(url);
  },
  PUBLISHER_CLOSED: async () => {
    const url = await wsServer((s) => s.close(1001, 'going away'));
    const publisher = await chatPublisher(url, new SocketMeter(), false);
    closers.push(() => publisher.close());
    await waitFor(async () => (await thrown(() => publisher.send(nowNs(), 1, 'x'))).length > 0, 'the close');
    return thrown(() => publisher.send(nowNs(), 1, 'x'));
  },
  SLOW_CONSUMER: async () => {
    // A subscriber that never reads: the server's buffer for it passes the limit and it is dropped.
    const server = await demoServer({ maxSubscriberBufferBytes: 64 * 1024, payloadBytes: 4096 });
    const socket = (await import('node:net')).connect(server.port, '127.0.0.1');
    socket.on('error', () => {});
    closers.push(async () => socket.destroy());
    socket.write('GET /sse HTTP/1.1\r\nHost: x\r\n\r\n');
    socket.pause();
    await waitFor(() => (server.accounting.snapshot().sse?.openSockets ?? 0) > 0, 'the subscriber');
    for (let i = 0; i < 4000 && !serverFaults(server).includes('SLOW_CONSUMER'); i += 1) {
      server.log.publish('y'.repeat(4096));
      if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    return serverFaults(server);
  },
  EVENTS_EXPIRED: async () => {
    const server = await demoServer({ logWindow: { maxEvents: 5, maxBytes: 1_000_000 } });
    for (let i = 0; i < 20; i += 1) server.log.publish('x');
    await (await request(`${server.url}/poll?since=1`)).body.dump();
    return serverFaults(server);
  },
  SOCKETS_STILL_OPEN: async () => {
    // A stream still open when the phase's counts are read.
    const server = await demoServer();
    const socket = (await import('node:net')).connect(server.port, '127.0.0.1');
    socket.on('error', () => {});
    closers.push(async () => socket.destroy());
    socket.write('GET /sse HTTP/1.1\r\nHost: x\r\n\r\n');
    await waitFor(() => (server.accounting.snapshot().sse?.openSockets ?? 0) > 0, 'the stream');
    const options = runOptions({ transports: ['sse'], clients: 1 });
    const result = buildTransportResult(
      'sse',
      options,
      { phaseMs: 1, connectMs: 1, activeMs: 1 },
      0,
      new PhaseRecorder({ since: 0 }),
      new SocketMeter(),
      server.accounting.snapshot().sse,
    );
    return Object.keys(result.errors);
  },
  PUBLISH_UNAUTHORIZED: async () => {
    const server = await demoServer({ publishToken: 'secret' });
    await (await request(`${server.url}/publish`, { method: 'POST' })).body.dump();
    return serverFaults(server);
  },
  BODY_TOO_LARGE: async () => {
    const server = await demoServer();
    const body = JSON.stringify({ t: '1', data: 'z'.repeat(2 * 1024 * 1024) });
    const answer = await request(`${server.url}/publish`, { method: 'POST', body }).catch(() => undefined);
    await answer?.body.dump();
    return serverFaults(server);
  },
  BAD_PUBLISH: async () => {
    const server = await demoServer();
    await (await request(`${server.url}/publish`, { method: 'POST', body: 'not json' })).body.dump();
    return serverFaults(server);
  },
  BAD_RESUME: async () => {
    const server = await demoServer();
    const client = socketIoClient(server.url, { auth: { since: 'not a seq' }, transports: ['websocket'] });
    closers.push(async () => client.close());
    await waitFor(() => serverFaults(server).includes('BAD_RESUME'), 'the refused resume', 5000).catch(() => {});
    return serverFaults(server);
  },
  // The next three are the server's names for a failure that came without a code of its own: node's TLS, HTTP/2
  // and HTTP parser errors carry one (ERR_SSL_*, ERR_HTTP2_*, HPE_*), and those are counted by it (the NODE and
  // HTTP_PARSER families). The server asks faultCode with the fallback, as here.
  TLS_HANDSHAKE: async () => [faultCode(new Error('handshake failed'), 'TLS_HANDSHAKE')],
  H2_SESSION_ERROR: async () => [faultCode(new Error('session failed'), 'H2_SESSION_ERROR')],
  CLIENT_ERROR: async () => [faultCode(new Error('request refused'), 'CLIENT_ERROR')],
  PVP_ERR_BAD_OPTION: () => thrown(() => parseCompareOptions({ ...COMPARE_DEFAULTS, clients: 'many' })),
  PVP_ERR_BAD_HOST: () => thrown(() => startDemoServer({ ...demoDefaults, host: '192.0.2.1' })),
  PVP_ERR_PORT_IN_USE: async () => {
    const taken = await tcpServer();
    return thrown(() => startDemoServer({ ...demoDefaults, port: taken }));
  },
  PVP_ERR_TARGET: async () => {
    const url = await httpServer((_req, res) => res.writeHead(404).end());
    return thrown(() => checkTarget(parseTarget(url), ['poll']));
  },
  // A checkout whose dist/ lacks the server's entry (built before it existed, or not at all).
  PVP_ERR_SERVER_START: () => thrown(() => builtEntry('server/no-such-entry.js', 'the demo server')),
  PVP_ERR_SERVER_EXIT: async () => {
    const server = await startServerProcess(demoDefaults);
    closers.push(() => server.stop());
    const pid = children('process-main.js')[0];
    if (pid !== undefined) process.kill(pid, 'SIGKILL');
    await server.exited;
    return thrown(() => server.call('stats'));
  },
  PVP_ERR_SERVER_TIMEOUT: async () => {
    const server = await startServerProcess(demoDefaults);
    closers.push(() => server.stop());
    const pid = children('process-main.js')[0];
    if (pid !== undefined) process.kill(pid, 'SIGSTOP');
    return thrown(() => server.call('stats', undefined, 300));
  },
} satisfies Record<CatalogCode, Scenario>;

const demoDefaults = { host: '127.0.0.1', port: 0, defaultLongPollTimeoutMs: 30_000, payloadBytes: 16 };

const FAMILIES = {
  HTTP_STATUS: async () => clientFaults('poll', await httpServer((_req, res) => res.writeHead(503).end())),
  WS_CLOSED: async () => clientFaults('ws', (await wsServer((s) => s.close(1011, 'boom'))).replace(/^ws/, 'http')),
  SOCKETIO: async () => {
    const server = keep(createServer());
    const io = new SocketIoServer(server);
    io.use((_socket, next) => next(new Error('not you')));
    closers.push(async () => io.close());
    return clientFaults('socketio', `http://127.0.0.1:${await listen(server)}`);
  },
  PUBLISH_HTTP: async () => {
    // The tool's own demo server as a target, guarded by a token the tool was not given.
    const server = await demoServer({ publishToken: 'secret' });
    return publishOnce(server.url);
  },
  SYSTEM: async () => {
    const port = await tcpServer();
    const url = `http://127.0.0.1:${port}`;
    closers.splice(-1, 1)[0]?.(); // closed again at once: nothing listens there now
    return clientFaults('poll', url);
  },
  NODE: async () => {
    // TLS spoken to a server of plain HTTP.
    const url = await httpServer((_req, res) => res.end('[]'));
    return clientFaults('poll', url.replace(/^http/, 'https'));
  },
  UNDICI: async () => clientFaults('poll', await httpServer((req) => req.socket.destroy())),
  WS_LIBRARY: async () => {
    // A handshake that completes, then a frame with an opcode no WebSocket has (0x3).
    const port = await tcpServer((socket) =>
      socket.once('data', (head: Buffer) => {
        const key = /sec-websocket-key: (.+)\r\n/i.exec(head.toString())?.[1] ?? '';
        const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
        socket.write(
          `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
        );
        socket.write(Buffer.from([0x83, 0x00]));
      }),
    );
    return clientFaults('ws', `http://127.0.0.1:${port}`);
  },
  HTTP_PARSER: async () => {
    // A request node:http's parser refuses, counted by the demo server.
    const server = await demoServer();
    const socket = (await import('node:net')).connect(server.port, '127.0.0.1');
    socket.on('error', () => {});
    closers.push(async () => socket.destroy());
    socket.write('NOT HTTP AT ALL\r\n\r\n');
    await waitFor(() => serverFaults(server).length > 0, 'the refused request');
    return serverFaults(server);
  },
  CERTIFICATE: async () => {
    // A certificate the client was not told to trust.
    const certificate = await runCertificate('127.0.0.1');
    const server = keep(
      createHttpsServer({ key: certificate.key, cert: certificate.cert }, (_req, res) => res.end('[]')),
    );
    return clientFaults('poll', `https://127.0.0.1:${await listen(server)}`);
  },
  ERROR_NAME: async () => {
    // undici gives up on a request whose signal times out: a DOMException named TimeoutError, with no code of its own.
    const url = await httpServer(() => {});
    return thrown(() => request(url, { signal: AbortSignal.timeout(50) }));
  },
} satisfies Record<FaultFamily, Scenario>;

describe('the fault catalog', () => {
  it.each(Object.keys(FAULTS) as CatalogCode[])('%s: a real path produces it', async (code) => {
    const produced = await CODES[code]();
    expect(produced.map((seen) => seen.replace(/^server:/, ''))).toContain(code);
  });

  it.each(Object.keys(FAULT_FAMILIES) as FaultFamily[])(
    '%s: a real path produces a code of the family',
    async (family) => {
      const produced = await FAMILIES[family]();
      const { pattern } = FAULT_FAMILIES[family];
      expect(produced.filter((code) => pattern.test(code.replace(/^server:/, '')))).not.toEqual([]);
    },
  );

  it('gives the CLI its exit codes: 2 for what the user can correct, 1 for a run that could not go on', async () => {
    for (const [code, entry] of Object.entries(FAULTS)) expect(exitCodeOf(code)).toBe(entry.exitCode);
    expect(exitCodeOf('HTTP_503')).toBe(1);
    expect(exitCodeOf('NOT_A_CODE')).toBe(1);
    const io = { stdout: sink(), stderr: sink(), env: {} };
    expect(await main(['node', 'poll-vs-push', 'compare', '--clients', 'many'], io as never)).toBe(2);
    const url = await httpServer((_req, res) => res.writeHead(404).end());
    expect(await main(['node', 'poll-vs-push', 'compare', '--target', url, '--quick'], io as never)).toBe(2);
  });

  it('keeps a code it knows, a class name of its own, and falls back otherwise', () => {
    expect(faultCode(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(faultCode(Object.assign(new Error('odd'), { code: 'SOMETHING_ELSE' }), 'CLIENT_ERROR')).toBe('CLIENT_ERROR');
    expect(faultCode(new DOMException('aborted', 'AbortError'))).toBe('AbortError');
    expect(faultCode(new Error('plain'))).toBe('UNKNOWN');
    expect(faultCode('not even an error', 'TLS_HANDSHAKE')).toBe('TLS_HANDSHAKE');
  });
});

function sink(): { write(text: string): boolean; isTTY: false; columns: undefined } {
  return { write: () => true, isTTY: false, columns: undefined };
}
