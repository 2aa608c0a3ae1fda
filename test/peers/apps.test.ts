// Apps measured as they are, by the README's own commands, through the built CLI: the apps of
// examples/apps/ and the article's Python servers, none of them written for --publish/--receive.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import { run } from '../blackbox/cli-runner.js';
import { stopChild, waitFor } from '../helpers.js';
import { HUB_JWT, startExampleApp, type ExampleApp } from '../integration/example-apps.js';

const PYTHON = process.env.PVP_PYTHON ?? '/usr/bin/python3';
const small = ['--clients', '10', '--rate', '10', '--duration', '2s'];

/** Runs the built CLI on an app and returns its JSON result (exit 0 required). */
async function measure(args: string[]): Promise<ComparisonResult> {
  const outcome = await run(['compare', ...args, ...small, '--json']);
  if (outcome.code !== 0) throw new Error(`compare ${args.join(' ')} exited ${outcome.code}: ${outcome.stderr.trim()}`);
  return JSON.parse(outcome.stdout) as ComparisonResult;
}

/** Every lane delivered every event once, with no fault. */
function expectComplete(result: ComparisonResult): void {
  for (const t of result.transports) {
    expect(t.errors, t.transport).toEqual({});
    expect(t.events.published, t.transport).toBeGreaterThan(0);
    expect(t.events.delivered, t.transport).toBe(t.events.expected);
    expect([t.events.lost, t.events.duplicates], t.transport).toEqual([0, 0]);
  }
}

const processes: ChildProcess[] = [];
const apps: ExampleApp[] = [];
afterAll(async () => {
  await Promise.all(processes.map((child) => stopChild(child)));
  await Promise.all(apps.map((app) => app.stop()));
});

/** One of the article's Python servers on a free port. */
async function python(script: string): Promise<string> {
  const file = fileURLToPath(new URL(`../../examples/python/${script}`, import.meta.url));
  const child = spawn(PYTHON, [file, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  processes.push(child);
  let out = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  await waitFor(() => /ready \d+/.test(out), `${script} to listen`);
  return `127.0.0.1:${/ready (\d+)/.exec(out)![1]}`;
}

describe('examples/apps, by the README commands', () => {
  let board: string;
  let chat: string;
  let hub: string;
  beforeAll(async () => {
    const started = await Promise.all([startExampleApp('board'), startExampleApp('chat'), startExampleApp('hub')]);
    apps.push(...started);
    [board, chat, hub] = started.map((app) => app.url) as [string, string, string];
  });

  it('the board: SSE, its list without a cursor and its WebSocket feed each deliver everything', async () => {
    const result = await measure([
      ...['--publish', `POST ${board}/api/messages`, '--publish-body', '{"text":"{{marker}}"}'],
      ...['--publish-header', 'Content-Type: application/json'],
      ...['--receive', `sse ${board}/api/stream`, '--receive', `poll ${board}/api/messages`],
      ...['--receive', `ws ${board.replace('http', 'ws')}/live`],
      ...['--receive-send', '{"type":"subscribe","channel":"board"}', '--parallel'],
    ]);
    expectComplete(result);
    expect(result.transports.find((t) => t.transport === 'poll')!.events.refetched).toBeGreaterThan(0);
  });

  it("socket.io's chat and the Mercure-style hub deliver everything", async () => {
    expectComplete(
      await measure(['--publish', `socketio ${chat}#chat message`, '--receive', `socketio ${chat}#chat message`]),
    );
    const topic = 'https://example.com/books/1';
    expectComplete(
      await measure([
        ...['--publish', `POST ${hub}/.well-known/mercure`, '--publish-body', `topic=${topic}&data={{marker}}`],
        ...['--publish-header', 'Content-Type: application/x-www-form-urlencoded'],
        ...['--publish-header', `Authorization: Bearer ${HUB_JWT}`],
        ...['--receive', `sse ${hub}/.well-known/mercure?topic=${topic}`],
      ]),
    );
  });
});

// The websockets chat and python-socketio are measured as --target peers already; FastAPI is the one whose list and
// stream read as an app's.
describe("the article's Python servers, measured as apps", () => {
  it("FastAPI: its list polled without a cursor and its stream, read in the app's own JSON", async () => {
    const address = await python('fastapi_app.py');
    const result = await measure([
      ...['--publish', `POST http://${address}/publish`, '--publish-body', '{"t":"0","data":"{{marker}}"}'],
      ...['--receive', `poll http://${address}/poll?since=0`, '--receive', `sse http://${address}/sse`],
    ]);
    expectComplete(result);
    expect(result.transports[0]!.events.refetched).toBeGreaterThan(0);
  });
});
