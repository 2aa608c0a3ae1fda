/**
 * `--target` against servers the tool does not control, each misbehaving as one of issue 21's
 * table did: the built CLI, run as a user runs it, must end with a result or one clear line,
 * within the phase plus its bounded waits, holding little memory, and never print a credential.
 * The bound on each run is a deadline that kills a hung CLI (the test then fails), not a timing.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { Server as SocketIoServer } from 'socket.io';
import { WebSocketServer } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from './cli-runner.js';
import { hostileTarget, type Misbehaviour } from './hostile-target.js';

/** Each run: 5 clients, 10 events/s, a 1 s phase (the table's runs used 3 s; the bounds scale with it). */
const RUN = ['--clients', '5', '--rate', '10', '--duration', '1s', '--poll-interval', '250ms'];
/** A run of one phase must end within its duration plus 30 s, whatever the target does. */
const BOUND_MS = 1000 + 30_000;
/** What 5 clients may hold at the most, whatever the target sends. */
const RSS_LIMIT_BYTES = 400 * 1024 * 1024;

interface Measured {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The CLI's peak resident set (VmHWM), in bytes. */
  rssPeakBytes: number;
}

/** Runs `compare ARGS` with the built CLI; kills it (and fails) past BOUND_MS. */
async function compare(args: string[]): Promise<Measured> {
  const child = spawn(process.execPath, [BIN, 'compare', ...RUN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let rssPeakBytes = 0;
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const sample = setInterval(() => {
    try {
      const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      if (kb) rssPeakBytes = Number(kb) * 1024;
    } catch {
      // The process has just exited.
    }
  }, 50);
  let hung = false;
  const deadline = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, BOUND_MS);
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(deadline);
  clearInterval(sample);
  expect(hung, `the CLI did not exit within ${BOUND_MS} ms: ${stderr.slice(-500)}`).toBe(false);
  expect(stderr).not.toMatch(/\n\s+at /);
  return { code, stdout, stderr, rssPeakBytes };
}

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function target(misbehaviour: Misbehaviour): Promise<string> {
  const server = await hostileTarget(misbehaviour);
  closers.push(() => server.close());
  return server.url;
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(async () => {
    server.closeAllConnections();
    server.close();
  });
  return (server.address() as AddressInfo).port;
}

/** A Socket.IO broadcast chat whose connection middleware is `use`. */
async function socketIoChat(use: Parameters<SocketIoServer['use']>[0]): Promise<string> {
  const server = createServer();
  const io = new SocketIoServer(server);
  io.use(use);
  io.on('connection', (socket) => socket.on('message', (data) => io.emit('message', data)));
  closers.push(async () => io.close());
  return `http://127.0.0.1:${await listen(server)}`;
}

/** A server that takes every connection and never says a byte; the sockets it holds. */
async function silentServer(): Promise<{ url: string; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const silent = createTcpServer((socket) => sockets.push(socket));
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    silent.close();
  });
  return { url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, sockets };
}

/** One clear line of bad usage or a refused target: exit 2, nothing on stdout. */
function expectOneLine(outcome: Measured, named: string): void {
  expect(outcome.code).toBe(2);
  expect(outcome.stdout).toBe('');
  expect(outcome.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(outcome.stderr).toContain(named);
}

/** A result: the tables printed, exit 1, the named fault among the failure lines. */
function expectResult(outcome: Measured, fault: string): void {
  expect(outcome.code).toBe(1);
  expect(outcome.stdout).toContain('Verdict');
  expect(outcome.stderr).toContain(fault);
}

describe('--target against servers the tool does not control', () => {
  it('measures a Socket.IO server whose connect handler takes no auth (python-socketio 5.7)', async () => {
    // python-socketio calls a two-argument connect(sid, environ) with three when auth is sent, and answers nothing.
    const url = await socketIoChat((socket, next) => {
      if (Object.keys(socket.handshake.auth ?? {}).length === 0) next();
    });
    const outcome = await compare(['--target', url, '--transports', 'socketio', '--format', 'json']);
    expect(outcome.code).toBe(0);
    const [t] = JSON.parse(outcome.stdout).transports;
    expect(t.events.delivered).toBe(t.events.expected);
    expect(t.events.expected).toBeGreaterThan(0);
  });

  it('refuses, in one line, a Socket.IO server whose middleware never calls next()', async () => {
    const url = await socketIoChat(() => {});
    expectOneLine(await compare(['--target', url, '--transports', 'socketio']), 'did not let a Socket.IO client');
  });

  it('refuses a server that takes the connection and never answers, and exits', async () => {
    const { url } = await silentServer();
    expectOneLine(await compare(['--target', url, '--transports', 'socketio']), 'no answer within 5 s');
  });

  it('reports what it measured when every route answers the preflight, then stalls', async () => {
    expectResult(
      await compare(['--target', await target('stall-after-preflight'), '--transports', 'sse']),
      'HEAD_UNANSWERED',
    );
  });

  it('reports what it measured when the whole server stalls after the first publish', async () => {
    const outcome = await compare(['--target', await target('stall-after-first-publish'), '--transports', 'poll']);
    expectResult(outcome, 'PUBLISH_TIMEOUT');
  });

  it('refuses, in one line, a target whose POST /publish never answers', async () => {
    expectOneLine(
      await compare(['--target', await target('publish-never-answers'), '--transports', 'poll']),
      'did not take POST /publish',
    );
  });

  it("reports a chat server that never answers the publisher's upgrade", async () => {
    // The preflight's handshake, its two relay-check connections and the 5 receivers' are answered; the publisher's,
    // the ninth, never is.
    const server = createServer();
    const wss = new WebSocketServer({ noServer: true });
    let upgrades = 0;
    server.on('upgrade', (req, socket, head) => {
      upgrades += 1;
      if (upgrades > 8) return;
      // A broadcast chat for the connections it answers.
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on('error', () => {});
        ws.on('message', (data) => {
          for (const client of wss.clients) client.send(String(data));
        });
      });
    });
    closers.push(async () => {
      for (const ws of wss.clients) ws.terminate();
    });
    const url = `ws://127.0.0.1:${await listen(server)}`;
    expectResult(await compare(['--target', url, '--transports', 'ws']), 'CONNECT_TIMEOUT');
  });

  it('holds little memory against a poll answer without end', async () => {
    const outcome = await compare(['--target', await target('endless-poll-body'), '--transports', 'poll']);
    expectResult(outcome, 'RESPONSE_TOO_LARGE');
    expect(outcome.rssPeakBytes).toBeLessThan(RSS_LIMIT_BYTES);
  });

  it('holds little memory against an event stream of one endless line', async () => {
    const outcome = await compare(['--target', await target('endless-sse-line'), '--transports', 'sse']);
    expectResult(outcome, 'LINE_TOO_LONG');
    expect(outcome.rssPeakBytes).toBeLessThan(RSS_LIMIT_BYTES);
  });

  it("holds little memory when an app's own list or stream answers without end (--receive)", async () => {
    const app = (url: string, lane: string) => [
      ...['--publish', `POST ${url}/publish`, '--publish-body', '{"t":"0","data":"{{marker}}"}'],
      ...['--receive', lane],
    ];
    const poll = await target('endless-poll-body');
    const list = await compare(app(poll, `poll ${poll}/poll?since=0`));
    expectResult(list, 'RESPONSE_TOO_LARGE');
    expect(list.rssPeakBytes).toBeLessThan(RSS_LIMIT_BYTES);
    const sse = await target('endless-sse-line');
    const stream = await compare(app(sse, `sse ${sse}/sse`));
    expectResult(stream, 'LINE_TOO_LONG');
    expect(stream.rssPeakBytes).toBeLessThan(RSS_LIMIT_BYTES);
  });

  it('holds little memory when the server numbers its events by timestamp (seq jumps of 10^9)', async () => {
    const outcome = await compare(['--target', await target('timestamp-seqs'), '--transports', 'poll']);
    expect(outcome.stdout).toContain('Verdict');
    expect(outcome.rssPeakBytes).toBeLessThan(RSS_LIMIT_BYTES);
  });

  it('quits at once on Ctrl-C while a preflight waits on a silent server', async () => {
    const { url, sockets } = await silentServer();
    const child = spawn(process.execPath, [BIN, 'compare', '--target', url, ...RUN], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // Once the preflight's first request has reached the server, the run is waiting on it (up to 5 s).
    const deadline = Date.now() + 10_000;
    while (sockets.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGINT');
    const closed = once(child, 'close');
    // Well before the preflight's own 5 s: a run stuck in it would be killed here and fail the exit code.
    const guard = setTimeout(() => child.kill('SIGKILL'), 3000);
    const [code] = (await closed) as [number | null];
    clearTimeout(guard);
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted before the first phase');
  });

  it('never prints, logs or saves a password given in the target URL', async () => {
    const url = (await target('none')).replace('http://', 'http://alice:s3cr3t-pw@');
    const outcome = await compare(['--target', url, '--transports', 'poll', '--output', '/dev/null']);
    expectOneLine(outcome, 'user name or password');
    expect(outcome.stderr).not.toContain('s3cr3t-pw');
    expect(outcome.stderr).not.toContain('alice');
  });
});
