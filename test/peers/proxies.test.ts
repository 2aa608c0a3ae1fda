/**
 * `serve` behind real intermediaries, as teams run it: Debian's nginx and haproxy with the
 * configurations in examples/proxies/ (their ports and paths replaced), measured with --target
 * on all four transports. Every event must arrive through each.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import { run, serve, type Served } from '../blackbox/cli-runner.js';
import { stopChild, waitFor } from '../helpers.js';

const example = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../examples/proxies/${name}`, import.meta.url)), 'utf8');

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  return port;
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

let served: Served;
const dir = mkdtempSync(join(tmpdir(), 'pvp-proxies-'));
const proxies: ChildProcess[] = [];

beforeAll(async () => {
  served = await serve(['--port', '0', '--rate', '0']);
});

afterAll(async () => {
  await Promise.all(proxies.map((proxy) => stopChild(proxy)));
  served.child.kill('SIGINT');
  await served.closed;
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `command` with the example `file` whose ports (8080 → serve's, `listenPort` → a free one) are replaced. */
async function proxy(file: string, listenPort: string, start: (config: string) => string[]): Promise<string> {
  const upstream = new URL(served.url).port;
  const port = await freePort();
  const config = join(dir, file);
  writeFileSync(
    config,
    example(file)
      .replaceAll('127.0.0.1:8080', `127.0.0.1:${upstream}`)
      .replaceAll(`127.0.0.1:${listenPort}`, `127.0.0.1:${port}`)
      .replaceAll('/tmp/pvp-nginx', join(dir, 'nginx')),
  );
  const [command, ...args] = start(config);
  const child = spawn(command!, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  child.stderr!.on('data', (chunk) => (said += chunk));
  proxies.push(child);
  await waitFor(async () => (await listening(port)) || child.exitCode !== null, `${command} to listen`);
  if (child.exitCode !== null) throw new Error(`${command} did not start: ${said.trim()}`);
  return `http://127.0.0.1:${port}`;
}

/** Measures every transport through `url`: each must deliver every event. */
async function measuredThrough(url: string): Promise<ComparisonResult> {
  const outcome = await run([
    'compare',
    '--target',
    url,
    '--transports',
    'poll,long-poll,sse,ws,socketio',
    '--clients',
    '5',
    '--rate',
    '10',
    '--duration',
    '2s',
    '--poll-interval',
    '250ms',
    '--json',
  ]);
  expect(outcome.stderr).not.toMatch(/\n\s+at /);
  expect(outcome.code, outcome.stderr).toBe(0);
  return JSON.parse(outcome.stdout) as ComparisonResult;
}

function expectEverythingDelivered(result: ComparisonResult): void {
  expect(result.transports.map((t) => t.transport)).toEqual(['poll', 'long-poll', 'sse', 'ws', 'socketio']);
  for (const t of result.transports) {
    expect(t.events.expected, t.transport).toBeGreaterThan(0);
    expect(t.events.delivered, t.transport).toBe(t.events.expected);
    expect(t.errors, t.transport).toEqual({});
  }
}

describe('serve behind real intermediaries', () => {
  it('delivers every event on every transport through nginx, its buffering on by default', async () => {
    const url = await proxy('nginx.conf', '8081', (config) => [
      '/usr/sbin/nginx',
      '-p',
      dir,
      '-c',
      config,
      '-g',
      'daemon off;',
    ]);
    expectEverythingDelivered(await measuredThrough(url));
  });

  it('delivers every event on every transport through haproxy', async () => {
    const url = await proxy('haproxy.cfg', '8082', (config) => ['/usr/sbin/haproxy', '-f', config]);
    expectEverythingDelivered(await measuredThrough(url));
  });
});
