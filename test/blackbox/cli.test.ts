import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ComparisonResult } from '../../src/shared/types.js';
import { waitFor } from '../helpers.js';

const BIN = fileURLToPath(new URL('../../bin/poll-vs-push.js', import.meta.url));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI the way a user does, with stdout and stderr piped (not a TTY). */
function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let blocker: Server | undefined;

afterEach(async () => {
  if (blocker) await new Promise((resolve) => blocker!.close(resolve));
  blocker = undefined;
});

describe('poll-vs-push, run as a user would', () => {
  it('explains itself with --help and --version', async () => {
    const help = await run(['compare', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--transports', '--clients', '--rate', '--duration', '--poll-interval', '--payload', '--long-poll-timeout', '--port', '--seed', '--json']) {
      expect(help.stdout).toContain(option);
    }
    expect(help.stdout).toContain('Examples:');
    const version = await run(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each([
    [['--clients', '-3'], '--clients'],
    [['--duration', 'soon'], '--duration'],
    [['--transports', 'poll,carrier-pigeon'], 'carrier-pigeon'],
    [['--port', '99999'], '--port'],
    [['--payload', '5gb'], '--payload'],
    [['--bogus'], '--bogus'],
  ])('rejects %j with exit 2 and one clear line', async (args, named) => {
    const { code, stdout, stderr } = await run(['compare', ...args]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^poll-vs-push: /);
    expect(lines[0]).toContain(named);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('names a port already in use and exits 2', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const { code, stderr } = await run(['compare', '--port', String(port), '--clients', '1']);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toEqual([`poll-vs-push: --port: ${port} is already in use on 127.0.0.1; choose another or omit --port for a free one`]);
  });

  it('prints only the JSON result with --json, progress on stderr', async () => {
    const { code, stdout, stderr } = await run(['compare', '--clients', '3', '--rate', '10', '--duration', '1s', '--poll-interval', '250ms', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as ComparisonResult;
    expect(result.schemaVersion).toBe(1);
    expect(result.transports.map((t) => t.transport)).toEqual(['poll', 'long-poll', 'sse', 'ws']);
    for (const t of result.transports) {
      expect(t.events.delivered).toBe(t.events.expected);
      expect(t.bytes.clientSent).toBe(t.bytes.serverReceived);
      expect(t.bytes.clientReceived).toBe(t.bytes.serverSent);
    }
    expect(stderr).toContain('[4/4] WebSocket  done in');
  });

  it('prints the four tables without colour when stdout is not a terminal', async () => {
    const { code, stdout } = await run(['compare', '--clients', '2', '--rate', '10', '--duration', '600ms', '--poll-interval', '200ms', '--transports', 'poll,ws']);
    expect(code).toBe(0);
    for (const title of ['Latency (publish → receipt, ms)', 'Bytes (counted at the TCP sockets)', 'Requests & delivery', 'HTTP vs WebSocket']) {
      expect(stdout).toContain(title);
    }
    expect(stdout).not.toContain('\u001b[');
  });

  it('serve runs the demo server until interrupted', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--rate', '20'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    await waitFor(() => /on (http:\/\/\S+),/.test(stdout), 'the server URL');
    const url = /on (http:\/\/\S+),/.exec(stdout)![1]!;
    await waitFor(async () => {
      const events = (await (await fetch(`${url}/poll?since=0`)).json()) as unknown[];
      return events.length >= 2;
    }, 'published events');
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toEqual({ ok: true });
    child.kill('SIGINT');
    expect(await closed).toBe(0);
    expect(stdout).toMatch(/stopped after publishing \d+ events/);
  });
});
