/**
 * The fault catalog, walked: every code and every family of codes in `src/shared/faults.ts` is
 * produced here by the tool's own code on a real path, and read where the tool counts it: a real
 * client's recorder (against a loopback server that misbehaves), the demo server's accounting
 * (given bad input on a raw socket), a run's result (a run whose server or client process is
 * killed, whose clients the server never sees), a publisher's tally, or a setup error thrown. A
 * code added to the catalog without an entry in SCENARIOS does not compile, and a code no real path
 * reaches has no place in the catalog.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import {
  connect,
  createServer as createTcpServer,
  type AddressInfo,
  type Server as TcpServer,
  type Socket,
} from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server as SocketIoServer } from 'socket.io';
import { io as socketIoClient } from 'socket.io-client';
import { request } from 'undici';
import { WebSocketServer, type WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../src/cli.js';
import type { ClientContext, TransportClient } from '../../src/clients/client-context.js';
import { CLIENTS } from '../../src/clients/index.js';
import { readLimitsFor } from '../../src/clients/read-limits.js';
import { parseAppOptions } from '../../src/commands/app-options.js';
import { COMPARE_DEFAULTS, parseCompareOptions } from '../../src/commands/compare-options.js';
import { PhaseRecorder } from '../../src/metrics/recorder.js';
import { SocketMeter } from '../../src/metrics/socket-meter.js';
import { runComparison } from '../../src/run/compare.js';
import { recoveryOf } from '../../src/run/recovery.js';
import { createCrowd } from '../../src/run/crowd.js';
import { startServerProcess, type ServerProcess } from '../../src/run/server-process.js';
import { createPath } from '../../src/run/netns.js';
import { chatPublisher, httpPublisher, publishToTarget, type TargetPublisher } from '../../src/run/target-publisher.js';
import { checkTarget } from '../../src/run/target-probes.js';
import { targetSource } from '../../src/run/target-source.js';
import { parseTarget } from '../../src/run/target-url.js';
import { runCertificate } from '../../src/server/certificate.js';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../src/server/demo-server.js';
import { nowNs } from '../../src/shared/clock.js';
import { PvpError } from '../../src/shared/errors.js';
import {
  FAULT_FAMILIES,
  FAULTS,
  exitCodeOf,
  faultCode,
  isFaultCode,
  type CatalogCode,
  type FaultFamily,
  type SetupCode,
} from '../../src/shared/faults.js';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import type { Transport } from '../../src/shared/transports.js';
import { hostileTarget } from '../blackbox/hostile-target.js';
import { waitFor } from '../helpers.js';
import { runOptions } from './run-options.js';

/** What a scenario leaves behind, closed when its test ends (the scenarios that wait run side by side). */
interface Scope {
  defer(close: () => unknown): void;
}

/** Produces `wanted` (a catalog code, or a family's example) on a real path; every code the tool counted there. */
type Scenario = (scope: Scope, wanted: string) => Promise<readonly string[]>;

/** A code a real path produces; `waits` when that path waits out a fixed deadline of the tool's (run at once). */
interface Reached {
  readonly run: Scenario;
  readonly waits?: true;
}

const waits = (run: Scenario): Reached => ({ run, waits: true });

// ---------------------------------------------------------------------------------------------
// Loopback servers that misbehave, each closed with its test.

async function listen(server: Server | TcpServer): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** A node:http (or https) server, closed with its connections when the test ends. */
function kept<S extends Server>(scope: Scope, server: S): S {
  scope.defer(async () => {
    server.closeAllConnections();
    server.close();
  });
  return server;
}

/** An HTTP server on port 0 answering every request with `handle`; its base URL. */
async function httpServer(scope: Scope, handle: RequestListener): Promise<string> {
  return `http://127.0.0.1:${await listen(kept(scope, createServer(handle)))}`;
}

/** A raw TCP server on port 0 that gives each connection to `onSocket`; its port. */
async function tcpServer(scope: Scope, onSocket: (socket: Socket) => void = () => {}): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    onSocket(socket);
  });
  scope.defer(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  return listen(server);
}

/** A ws server on port 0 that runs `onConnection` for each client; its http:// base URL (the ws client's form). */
async function wsServer(scope: Scope, onConnection: (socket: WebSocket) => void): Promise<string> {
  const server = kept(scope, createServer());
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => {
    socket.on('error', () => {});
    onConnection(socket);
  });
  scope.defer(() => {
    for (const client of wss.clients) client.terminate();
  });
  return `http://127.0.0.1:${await listen(server)}`;
}

/** Writes `chunk` for ever (until the reader lets go): an answer, or a line, without end. */
function endless(res: ServerResponse, chunk: string): void {
  const more = (): void => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', more);
  };
  more();
}

const event = (seq: number): string => JSON.stringify({ seq, t: String(nowNs()), data: 'x' });

/** A raw connection to `port` that writes `text` and is destroyed when the test ends. */
function rawRequest(scope: Scope, port: number, text: string | Buffer): Socket {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  socket.write(text);
  scope.defer(() => socket.destroy());
  return socket;
}

// ---------------------------------------------------------------------------------------------
// Where the tool counts: a client's recorder, the demo server's accounting, a publisher, a run, a setup.

/**
 * Runs one real client of `transport` against `url`, as a crowd makes it, until its recorder has
 * counted `wanted` (or 5 s pass: the assertion then shows what it counted instead); its codes.
 */
/** One client of `transport` against `url`, recording into `recorder`; stopped when the test ends. */
function clientOf(
  scope: Scope,
  transport: Transport,
  url: string,
  recorder: PhaseRecorder,
  extra: Partial<ClientContext> = {},
): TransportClient {
  const client = CLIENTS[transport]({
    url,
    recorder: recorder.forClient(),
    meter: new SocketMeter(),
    conditions: { pollIntervalMs: 50 },
    longPollTimeoutMs: 1000,
    phaseMs: 0,
    limits: readLimitsFor(64),
    ...extra,
  });
  scope.defer(() => client.stop());
  return client;
}

async function clientFaults(
  scope: Scope,
  transport: Transport,
  url: string,
  wanted: string,
  extra: Partial<ClientContext> = {},
): Promise<string[]> {
  const recorder = new PhaseRecorder({ since: 0 });
  const client = clientOf(scope, transport, url, recorder, extra);
  await client.connect();
  client.begin(nowNs());
  await waitFor(() => isFaultCode(wanted) && recorder.errors.has(wanted), wanted, 5000).catch(() => {});
  return [...recorder.errors.keys()];
}

const DEMO = { host: '127.0.0.1', port: 0, defaultLongPollTimeoutMs: 30_000, payloadBytes: 16 } as const;

/** The demo server in this process, for its own accounting; closed when the test ends. */
async function demoServer(scope: Scope, options: Partial<DemoServerOptions> = {}): Promise<DemoServer> {
  const server = await startDemoServer({ ...DEMO, ...options });
  scope.defer(() => server.close());
  return server;
}

/** Every code the demo server's accounting counted, on any route. */
function serverFaults(server: DemoServer): string[] {
  return Object.values(server.accounting.snapshot()).flatMap((stats) => Object.keys(stats?.errors ?? {}));
}

/** Waits until the demo server has counted `wanted` (bounded); every code it counted. */
async function serverCounted(server: DemoServer, wanted: string): Promise<string[]> {
  await waitFor(() => serverFaults(server).includes(wanted), wanted, 5000).catch(() => {});
  return serverFaults(server);
}

/** Publishes one event through `publisher` as a run does; the codes its tally counted. */
async function publishOnce(scope: Scope, publisher: TargetPublisher): Promise<string[]> {
  scope.defer(() => publisher.close());
  const tally = { published: 0, requests: 0, errors: new Map<string, number>() };
  const schedule = { startAtNs: nowNs(), count: 1, ratePerSec: 10, payloadBytes: 16, seed: 1 };
  await publishToTarget(publisher, schedule, 'pvp:catalog:', tally, new AbortController().signal);
  return [...tally.errors.keys()];
}

/** Every code a run's result counted: its transports' faults (server-side ones as `server:CODE`) and its publisher's. */
function resultFaults(result: ComparisonResult): string[] {
  return result.transports.flatMap((t) => [...Object.keys(t.errors), ...Object.keys(t.publisher?.errors ?? {})]);
}

/** The code of the setup error `work` throws (or rejects with); none when it does not. */
async function thrown(work: () => unknown): Promise<string[]> {
  try {
    await work();
  } catch (error) {
    return [error instanceof PvpError ? error.code : `not a PvpError: ${String(error)}`];
  }
  return [];
}

/** The processes this test process forked whose command line names `entry`. */
function children(entry: string): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes(entry))
    .map((line) => Number.parseInt(line.trim(), 10));
}

/** The one process forked since `before` whose command line names `entry` (undefined until there is one). */
function forkedSince(entry: string, before: readonly number[]): number | undefined {
  return children(entry).find((pid) => !before.includes(pid));
}

/** A run of the embedded server whose `entry` process is killed once its clients are running; the run's codes. */
async function runKilling(entry: string, overrides: Parameters<typeof runOptions>[0]): Promise<string[]> {
  const before = children(entry);
  let killed = false;
  const result = await runComparison(runOptions({ clients: 1, durationMs: 1000, ...overrides }), {
    onProgress: (progress) => {
      if (killed || progress.stage !== 'running') return;
      const pid = forkedSince(entry, before);
      if (pid === undefined) return;
      killed = true;
      process.kill(pid, 'SIGKILL');
    },
  });
  expect(killed, `no ${entry} process to kill`).toBe(true);
  return resultFaults(result);
}

// ---------------------------------------------------------------------------------------------
// One scenario per catalog code and per family.

/** The demo server forked as a run forks it, stopped with the test, and its process's pid. */
async function serverProcess(scope: Scope): Promise<{ server: ServerProcess; pid: number | undefined }> {
  const entry = 'server/process-main.js';
  const before = children(entry);
  const server = await startServerProcess(DEMO);
  scope.defer(() => server.stop());
  return { server, pid: forkedSince(entry, before) };
}

const SCENARIOS = {
  BAD_EVENT: {
    run: async (scope, wanted) =>
      clientFaults(scope, 'ws', await wsServer(scope, (s) => s.send('not an event')), wanted),
  },
  WS_BINARY_FRAME: {
    run: async (scope, wanted) =>
      clientFaults(scope, 'ws', await wsServer(scope, (s) => s.send(Buffer.from(event(1)))), wanted),
  },
  STREAM_ENDED: {
    run: async (scope, wanted) => {
      const url = await httpServer(scope, (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(`id: 1\ndata: ${event(1)}\n\n`);
      });
      return clientFaults(scope, 'sse', url, wanted);
    },
  },
  SEQ_GAP: {
    run: async (scope, wanted) => {
      const url = await wsServer(scope, (s) => {
        s.send(event(1));
        s.send(event(3));
      });
      return clientFaults(scope, 'ws', url, wanted);
    },
  },
  // A long poller whose request heads carry a 20 kB header (--headers FILE) is answered 431 by node:http: the
  // server never holds its request, and after the wait for readiness (10 s) the phase begins without it.
  NOT_READY: waits(async (scope) => {
    const dir = mkdtempSync(join(tmpdir(), 'pvp-catalog-'));
    scope.defer(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'headers');
    writeFileSync(file, `x-big: ${'a'.repeat(20_000)}\n`);
    const { customHeaders } = parseCompareOptions({ ...COMPARE_DEFAULTS, headers: file });
    const options = runOptions({
      transports: ['long-poll'],
      clients: 1,
      durationMs: 300,
      headers: 'file',
      ...(customHeaders ? { customHeaders } : {}),
    });
    return resultFaults(await runComparison(options));
  }),
  // A poll the server takes and never answers: the crowd's close waits for it (5 s), then destroys it.
  CLIENT_CLOSE_TIMEOUT: waits(async (scope) => {
    let asked = false;
    const port = await tcpServer(scope, (socket) => socket.once('data', () => (asked = true)));
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
  }),
  // The client process stops answering mid-phase and dies while the run waits for its tallies.
  CLIENT_PROCESS_LOST: {
    run: async (scope) => {
      const entry = 'client-process-main.js';
      const before = children(entry);
      let pid: number | undefined;
      let killed = false;
      // Never left stopped, whatever happens to the run.
      scope.defer(() => {
        if (pid !== undefined && !killed) process.kill(pid, 'SIGKILL');
      });
      const options = runOptions({
        transports: ['ws'],
        clients: 1,
        processes: 2,
        durationMs: 1000,
        pollIntervalMs: 50,
      });
      const result = await runComparison(options, {
        onProgress: ({ stage }) => {
          if (pid === undefined && (stage === 'running' || stage === 'draining')) {
            pid = forkedSince(entry, before);
            if (pid !== undefined) process.kill(pid, 'SIGSTOP');
          } else if (pid !== undefined && stage === 'closing' && !killed) {
            killed = true;
            process.kill(pid, 'SIGKILL');
          }
        },
      });
      expect(killed, 'the client process was stopped, then killed as the run closed').toBe(true);
      return resultFaults(result);
    },
  },
  SERVER_EXIT: { run: () => runKilling('server/process-main.js', { transports: ['ws'] }) },
  // A restart the server never came back from: a WebSocket server that sends one event, then, from the planned restart
  // on, closes every connection at once. The client's recorder never sees an event published after the restart.
  NOT_RECOVERED: {
    run: async (scope) => {
      // Its one event was published before the restart: a client that has it is not back.
      const before = String(nowNs());
      const url = await wsServer(scope, (s) => {
        s.send(JSON.stringify({ seq: 1, t: before, data: 'x' }));
        s.close(1012);
      });
      const recorder = new PhaseRecorder({ since: 0 });
      const client = clientOf(scope, 'ws', url, recorder);
      const startAtNs = nowNs();
      recorder.recovery.begin(startAtNs, 0);
      await client.connect();
      client.begin(startAtNs);
      await waitFor(() => (recorder.recovery.tally()?.dropped ?? 0) > 0, 'a drop', 5000);
      const at = nowNs();
      recoveryOf(
        recorder,
        { stoppedAtNs: at, killedAtNs: at, listeningAtNs: at, handedOver: 1, publishedAfter: 1 },
        startAtNs,
        1,
        0,
      );
      return [...recorder.errors.keys()];
    },
  },
  NOT_BROADCAST: {
    run: async (scope) => {
      // An app that takes the tool's messages and passes none of them to its event stream.
      const url = await httpServer(scope, (req, res) => {
        if (req.method === 'POST') return void res.writeHead(204).end();
        res.writeHead(200, { 'content-type': 'text/event-stream' }).write(':\n\n');
      });
      const app = parseAppOptions({ publish: `POST ${url}/messages`, receive: [`sse ${url}/stream`] })!;
      const options = runOptions({ transports: ['sse'], clients: 1, durationMs: 500, app });
      return resultFaults(await runComparison(options));
    },
  },
  // ws refuses a WebSocket whose upgrade is answered with anything but 101 by an Error without a code
  // ('Unexpected server response: 503'); the client counts it as UNKNOWN (a poller would count HTTP_503).
  UNKNOWN: {
    run: async (scope, wanted) =>
      clientFaults(scope, 'ws', await httpServer(scope, (_req, res) => res.writeHead(503).end()), wanted),
  },
  // An answer that never ends: chunks past the client's cap, then the client lets go.
  RESPONSE_TOO_LARGE: {
    run: async (scope, wanted) => {
      const url = await httpServer(scope, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('[');
        endless(res, `"${'x'.repeat(64 * 1024)}",`);
      });
      return clientFaults(scope, 'poll', url, wanted);
    },
  },
  // One event-stream line that never ends.
  LINE_TOO_LONG: {
    run: async (scope, wanted) => {
      const url = await httpServer(scope, (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: ');
        endless(res, 'y'.repeat(64 * 1024));
      });
      return clientFaults(scope, 'sse', url, wanted);
    },
  },
  // A protocol target that passes the preflight (its POST /publish last), then answers nothing: the phase's
  // GET /health waits out the preflight deadline (5 s).
  HEAD_UNANSWERED: waits(async (scope) => {
    const target = await hostileTarget('stall-after-preflight');
    scope.defer(() => target.close());
    const source = await targetSource(parseTarget(target.url), ['poll'], {
      deflate: false,
      socketIoEvent: 'message',
      wire: {},
    });
    scope.defer(() => source.close());
    const start = await source.reset(['poll']);
    return start.fault ? [start.fault] : [];
  }),
  // A server that takes the connection and never answers the WebSocket upgrade, past the client's deadline for an
  // answer (ClientContext.answerTimeoutMs, which a crowd sizes from its clients; 10 s when absent).
  CONNECT_TIMEOUT: {
    run: async (scope, wanted) =>
      clientFaults(scope, 'ws', `http://127.0.0.1:${await tcpServer(scope)}`, wanted, { answerTimeoutMs: 200 }),
  },
  // A target whose POST /publish is taken and never answered: the publish waits out its deadline (5 s).
  PUBLISH_TIMEOUT: waits(async (scope) => {
    const target = await hostileTarget('publish-never-answers');
    scope.defer(() => target.close());
    return publishOnce(scope, httpPublisher(target.url, new SocketMeter(), 30_000));
  }),
  PUBLISHER_CLOSED: {
    run: async (scope) => {
      // A chat that says goodbye as soon as the publisher is in.
      let closed = false;
      const url = await wsServer(scope, (s) => {
        s.once('close', () => (closed = true));
        s.close(1001, 'going away');
      });
      const publisher = await chatPublisher(url.replace(/^http/, 'ws'), new SocketMeter(), false);
      await waitFor(() => closed, 'the close handshake');
      return publishOnce(scope, publisher);
    },
  },
  SLOW_CONSUMER: {
    run: async (scope, wanted) => {
      // An event-stream reader that never reads: its unread bytes pass the limit and the server drops it.
      const server = await demoServer(scope, { maxSubscriberBufferBytes: 64 * 1024 });
      rawRequest(scope, server.port, 'GET /sse HTTP/1.1\r\nHost: x\r\n\r\n').pause();
      await waitFor(() => server.accounting.stats('sse').waiting === 1, 'the stream to open');
      const chunk = 'y'.repeat(60_000);
      for (let i = 0; i < 2000 && !serverFaults(server).includes(wanted); i++) {
        server.log.publish(chunk);
        await new Promise((resolve) => setImmediate(resolve));
      }
      return serverFaults(server);
    },
  },
  EVENTS_EXPIRED: {
    run: async (scope) => {
      const server = await demoServer(scope, { logWindow: { maxEvents: 5, maxBytes: 1_000_000 } });
      for (let i = 0; i < 20; i++) server.log.publish('x');
      await (await request(`${server.url}/poll?since=1`)).body.dump();
      return serverFaults(server);
    },
  },
  // An event stream that is none of the run's clients stays open on the embedded server past the phase: the
  // run reads the server's counts once its wait for the sockets to close (5 s) is over.
  SOCKETS_STILL_OPEN: waits(async (scope) => {
    const options = runOptions({ transports: ['sse'], clients: 1, durationMs: 300 });
    const result = await runComparison(options, {
      onServerReady: (url) => {
        rawRequest(scope, Number(new URL(url).port), 'GET /sse HTTP/1.1\r\nHost: x\r\n\r\n');
      },
    });
    return resultFaults(result);
  }),
  PUBLISH_UNAUTHORIZED: {
    run: async (scope) => {
      const server = await demoServer(scope, { publishToken: 'secret' });
      await (await request(`${server.url}/publish`, { method: 'POST' })).body.dump();
      return serverFaults(server);
    },
  },
  BODY_TOO_LARGE: {
    run: async (scope) => {
      const server = await demoServer(scope);
      const body = JSON.stringify({ t: '1', data: 'z'.repeat(100 * 1024) });
      // The server answers 413 and ends the connection while the body is still coming: either is what a client sees.
      const answer = await request(`${server.url}/publish`, { method: 'POST', body }).catch(() => undefined);
      await answer?.body.dump();
      return serverFaults(server);
    },
  },
  BAD_PUBLISH: {
    run: async (scope) => {
      const server = await demoServer(scope);
      await (await request(`${server.url}/publish`, { method: 'POST', body: 'not json' })).body.dump();
      return serverFaults(server);
    },
  },
  BAD_RESUME: {
    run: async (scope, wanted) => {
      // A Socket.IO client that resumes from something that is not a seq (the tool's own always sends a number).
      const server = await demoServer(scope);
      const client = socketIoClient(server.url, { auth: { since: 'not a seq' }, transports: ['websocket'] });
      scope.defer(() => client.close());
      return serverCounted(server, wanted);
    },
  },
  PVP_ERR_BAD_OPTION: { run: () => thrown(() => parseCompareOptions({ ...COMPARE_DEFAULTS, clients: 'many' })) },
  // 192.0.2.1 (TEST-NET-1) is no address of this machine.
  PVP_ERR_BAD_HOST: { run: () => thrown(() => startDemoServer({ ...DEMO, host: '192.0.2.1' })) },
  PVP_ERR_PORT_IN_USE: {
    run: async (scope) => {
      const taken = await tcpServer(scope);
      return thrown(() => startDemoServer({ ...DEMO, port: taken }));
    },
  },
  PVP_ERR_TARGET: {
    run: async (scope) => {
      const url = await httpServer(scope, (_req, res) => res.writeHead(404).end());
      return thrown(() => checkTarget(parseTarget(url), ['poll']));
    },
  },
  // A link-local address without its interface (no %eth0): the server process cannot listen there (EINVAL).
  PVP_ERR_SERVER_START: { run: () => thrown(() => startServerProcess({ ...DEMO, host: 'fe80::1' })) },
  // The run's own server namespace already exists (made here first): the kernel refuses to make it again. Without
  // root (or without `ip`) making any namespace fails, and that is the same fault.
  PVP_ERR_NETWORK: {
    run: (scope) => {
      if (process.getuid?.() !== 0) return thrown(() => createPath({ lossPercent: 1 }));
      execFileSync('ip', ['netns', 'add', `pvp${process.pid}-s`]);
      // The failed run removes what it made, this one included; whatever is left goes here.
      scope.defer(() => {
        try {
          execFileSync('ip', ['netns', 'del', `pvp${process.pid}-s`], { stdio: 'ignore' });
        } catch {
          // Already gone.
        }
      });
      return thrown(() => createPath({ lossPercent: 1 }));
    },
  },
  PVP_ERR_SERVER_EXIT: {
    run: async (scope) => {
      const { server, pid } = await serverProcess(scope);
      if (pid === undefined) return ['no server process to kill'];
      process.kill(pid, 'SIGKILL');
      // Both what the run is told when it exits and what a call after that gets.
      return [(await server.exited).code, ...(await thrown(() => server.call('stats')))];
    },
  },
  PVP_ERR_SERVER_TIMEOUT: {
    run: async (scope) => {
      const { server, pid } = await serverProcess(scope);
      if (pid === undefined) return ['no server process to stop'];
      // A server process that no longer runs (SIGSTOP) answers nothing; the call kills it past its deadline.
      process.kill(pid, 'SIGSTOP');
      return thrown(() => server.call('stats', undefined, 300));
    },
  },

  HTTP_STATUS: {
    run: async (scope, wanted) =>
      clientFaults(scope, 'poll', await httpServer(scope, (_req, res) => res.writeHead(503).end()), wanted),
  },
  WS_CLOSED: {
    run: async (scope, wanted) => clientFaults(scope, 'ws', await wsServer(scope, (s) => s.close(1011)), wanted),
  },
  SOCKETIO: {
    run: async (scope, wanted) => {
      // A Socket.IO server whose middleware refuses every client.
      const server = kept(scope, createServer());
      const io = new SocketIoServer(server);
      io.use((_socket, next) => next(new Error('not you')));
      scope.defer(() => io.close());
      return clientFaults(scope, 'socketio', `http://127.0.0.1:${await listen(server)}`, wanted);
    },
  },
  PUBLISH_HTTP: {
    run: async (scope) => {
      // The tool's own demo server as a target, guarded by a token the publisher was not given.
      const server = await demoServer(scope, { publishToken: 'secret' });
      return publishOnce(scope, httpPublisher(server.url, new SocketMeter(), 30_000));
    },
  },
  SYSTEM: {
    run: async (scope, wanted) => {
      // A port that was listening a moment ago and no longer is.
      const server = createTcpServer();
      const port = await listen(server);
      await new Promise((resolve) => server.close(resolve));
      return clientFaults(scope, 'poll', `http://127.0.0.1:${port}`, wanted);
    },
  },
  NODE: {
    run: async (scope, wanted) => {
      // TLS spoken to a server of plain HTTP.
      const url = await httpServer(scope, (_req, res) => res.end('[]'));
      return clientFaults(scope, 'poll', url.replace(/^http/, 'https'), wanted);
    },
  },
  UNDICI: {
    run: async (scope, wanted) =>
      clientFaults(scope, 'poll', await httpServer(scope, (req) => req.socket.destroy()), wanted),
  },
  WS_LIBRARY: {
    run: async (scope, wanted) => {
      // A handshake that completes, then a frame with an opcode no WebSocket has (0x3).
      const port = await tcpServer(scope, (socket) =>
        socket.once('data', (head: Buffer) => {
          const key = /sec-websocket-key: (.+)\r\n/i.exec(head.toString())?.[1] ?? '';
          const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
          socket.write(
            'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
              `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
          );
          socket.write(Buffer.from([0x83, 0x00]));
        }),
      );
      return clientFaults(scope, 'ws', `http://127.0.0.1:${port}`, wanted);
    },
  },
  HTTP_PARSER: {
    run: async (scope, wanted) => {
      // A request node:http's parser refuses, counted by the demo server.
      const server = await demoServer(scope);
      rawRequest(scope, server.port, 'NOT HTTP AT ALL\r\n\r\n');
      return serverCounted(server, wanted);
    },
  },
  CERTIFICATE: {
    run: async (scope, wanted) => {
      // A certificate the client was not told to trust.
      const { key, cert } = await runCertificate('127.0.0.1');
      const server = kept(
        scope,
        createHttpsServer({ key, cert }, (_req, res) => res.end('[]')),
      );
      return clientFaults(scope, 'poll', `https://127.0.0.1:${await listen(server)}`, wanted);
    },
  },
} satisfies Record<CatalogCode | FaultFamily, Reached>;

// ---------------------------------------------------------------------------------------------

/** Closes what a test's scenario left behind, last opened first, when the test ends. */
function scopeOf(onTestFinished: (fn: () => Promise<void>) => void): Scope {
  const closers: Array<() => unknown> = [];
  onTestFinished(async () => {
    for (const close of closers.reverse()) await close();
  });
  return { defer: (close) => void closers.push(close) };
}

type Key = keyof typeof SCENARIOS;
const KEYS: readonly Key[] = [
  ...(Object.keys(FAULTS) as CatalogCode[]),
  ...(Object.keys(FAULT_FAMILIES) as FaultFamily[]),
];
const entryOf = (key: Key): Reached => SCENARIOS[key];
const isFamily = (key: Key): key is FaultFamily => Object.hasOwn(FAULT_FAMILIES, key);
/** What the scenario must produce: the code itself, or its family's example. */
const wantedOf = (key: Key): string => (isFamily(key) ? FAULT_FAMILIES[key].example : key);
const sideOf = (key: Key): string => (isFamily(key) ? FAULT_FAMILIES[key] : FAULTS[key]).side;

describe('the fault catalog, each code produced by a real path', () => {
  // Those that wait out a fixed deadline of the tool's run side by side (nothing they do is timed); the others,
  // some of which kill the processes a run forks, one at a time.
  const order = [...KEYS.filter((key) => entryOf(key).waits), ...KEYS.filter((key) => !entryOf(key).waits)];
  for (const key of order) {
    const { run, waits: concurrent } = entryOf(key);
    const wanted = wantedOf(key);
    const name = `${key} (${sideOf(key)}): ${isFamily(key) ? `produces ${wanted}` : 'produced'}`;
    (concurrent ? it.concurrent : it)(name, async ({ expect, onTestFinished }) => {
      const produced = await run(scopeOf(onTestFinished), wanted);
      // A run's result names what the server counted `server:CODE`.
      const codes = produced.map((code) => code.replace(/^server:/, ''));
      expect(codes).toContain(wanted);
      if (isFamily(key)) expect(FAULT_FAMILIES[key].pattern.test(wanted)).toBe(true);
    });
  }
});

describe('exit codes', () => {
  /** An io for main() that keeps what it writes to stderr. */
  function captured(): { io: CliIo; stderr: () => string } {
    let err = '';
    const sink = (onText: (text: string) => void): CliIo['stderr'] =>
      ({
        write: (text: string) => {
          onText(String(text));
          return true;
        },
        isTTY: false,
      }) as unknown as CliIo['stderr'];
    return { io: { stdout: sink(() => {}), stderr: sink((text) => (err += text)), env: {} }, stderr: () => err };
  }

  it("gives each setup error the catalog's exit code, as the CLI returns it", async ({ onTestFinished }) => {
    for (const [code, entry] of Object.entries(FAULTS)) expect(exitCodeOf(code)).toBe(entry.exitCode);
    for (const family of Object.values(FAULT_FAMILIES)) expect(exitCodeOf(family.example)).toBe(family.exitCode);
    expect(exitCodeOf('NOT_A_CODE')).toBe(1);

    const scope = scopeOf(onTestFinished);
    const target = await httpServer(scope, (_req, res) => res.writeHead(404).end());
    const taken = await tcpServer(scope);
    const run = ['--transports', 'ws', '--clients', '1', '--duration', '1s'];
    /** Each setup error the CLI can be led to by its arguments alone, and what its one line names. */
    const cases: Array<[SetupCode, string[], RegExp]> = [
      ['PVP_ERR_BAD_OPTION', ['--clients', 'many'], /--clients/],
      ['PVP_ERR_TARGET', ['--target', target, '--transports', 'poll'], /--target: .*404/],
      ['PVP_ERR_PORT_IN_USE', [...run, '--port', String(taken)], /--port: \d+ is already in use/],
      ['PVP_ERR_BAD_HOST', [...run, '--host', '192.0.2.1'], /--host: '192\.0\.2\.1' is not an address/],
      ['PVP_ERR_SERVER_START', [...run, '--host', 'fe80::1'], /could not listen on fe80::1/],
    ];
    for (const [code, args, line] of cases) {
      const { io, stderr } = captured();
      const exit = await main(['node', 'poll-vs-push', 'compare', ...args], io);
      expect(stderr().trimEnd().split('\n').at(-1), code).toMatch(new RegExp(`^poll-vs-push: .*${line.source}`));
      expect(exit, code).toBe(FAULTS[code].exitCode);
    }
  });
});

describe('faultCode', () => {
  it("keeps a Node errno error's code", () => {
    let errno: unknown;
    try {
      readFileSync(join(tmpdir(), 'pvp-catalog-no-such-file'));
    } catch (error) {
      errno = error;
    }
    expect(faultCode(errno)).toBe('ENOENT');
  });

  it('falls back for a code outside the catalog and its families, and for a plain Error', () => {
    const odd = Object.assign(new Error('odd'), { code: 'SOMETHING_ELSE' });
    expect(faultCode(odd)).toBe('UNKNOWN');
    expect(faultCode(odd, 'HEAD_UNANSWERED')).toBe('HEAD_UNANSWERED');
    expect(faultCode(new Error('plain'))).toBe('UNKNOWN');
    expect(faultCode('not even an error')).toBe('UNKNOWN');
  });

  it('does not name an error by its class: an AbortError without a code is UNKNOWN', () => {
    expect(faultCode(AbortSignal.abort().reason)).toBe('UNKNOWN');
    expect(faultCode(new TypeError('no code'))).toBe('UNKNOWN');
  });
});
