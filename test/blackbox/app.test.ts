// `compare --publish … --receive …` refused before it starts, the way a user meets it: one line on
// stderr naming the option (and, past the preflight, the lane and what came back), exit 2, and
// never a header value, even when the app echoes it back.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExampleApp, type ExampleApp } from '../integration/example-apps.js';
import { expectUsage, run } from './cli-runner.js';

const SECRET = 'Bearer s3cret-token-4711';
let board: ExampleApp;
let echoing: string;
const closers: Array<() => void> = [];

beforeAll(async () => {
  board = await startExampleApp('board');
  // An app that refuses a publish and echoes the credential it was sent in its error.
  const server = createServer((req, res) => {
    if (req.method === 'POST') res.writeHead(401).end(`bad credential: ${req.headers.authorization}`);
    else res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  echoing = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const close of closers) close();
  await board.stop();
});

describe('compare --publish/--receive, refused in one line with exit 2', () => {
  it('names what is missing or wrong in the options', async () => {
    const sse = `sse ${board.url}/api/stream`;
    const publish = `POST ${board.url}/api/messages`;
    expectUsage(await run(['compare', '--receive', sse]), '--receive: needs --publish');
    expectUsage(await run(['compare', '--publish', publish]), '--publish: needs at least one --receive');
    expectUsage(await run(['compare', '--publish', publish, '--receive', `feed ${board.url}`]), "'feed' is not a kind");
    expectUsage(
      await run(['compare', '--publish', publish, '--publish-body', '{"text":"hi"}', '--receive', sse]),
      '--publish-body: has no {{marker}}',
    );
    expectUsage(
      await run(['compare', '--publish', publish, '--receive', sse, '--transports', 'ws']),
      '--transports: with --receive',
    );
    expectUsage(
      await run(['compare', '--publish', publish, '--receive', sse, '--target', board.url]),
      '--publish: measures an app as it is; --target',
    );
    const header = await run(['compare', '--publish', publish, '--publish-header', SECRET, '--receive', sse]);
    expectUsage(header, '--publish-header: header 1 (not shown');
    expect(header.stderr).not.toContain('s3cret');
  });

  it('names the lane that does not answer in the preflight, and what came back', async () => {
    const publish = `POST ${board.url}/api/messages`;
    const missing = await run(['compare', '--publish', publish, '--receive', `sse ${board.url}/api/nope`]);
    expectUsage(missing, `--receive 'sse ${board.url}/api/nope': answered 404 ({"error":"not found"})`);
    const notStream = await run(['compare', '--publish', publish, '--receive', `sse ${board.url}/api/messages`]);
    expectUsage(notStream, 'with content-type application/json; charset=utf-8, not text/event-stream');
    const down = await run(['compare', '--publish', publish, '--receive', 'ws ws://127.0.0.1:1/live']);
    expectUsage(down, "--receive 'ws ws://127.0.0.1:1/live': connect ECONNREFUSED 127.0.0.1:1");
  });

  it('says what a refused publish answered without printing the header the app echoed', async () => {
    const outcome = await run([
      'compare',
      '--publish',
      `POST ${echoing}/api/messages`,
      '--publish-header',
      `Authorization: ${SECRET}`,
      '--receive',
      `poll ${echoing}/api/messages`,
    ]);
    expectUsage(outcome, `--publish 'POST ${echoing}/api/messages': answered 401 (bad credential: ***)`);
    expect(outcome.stderr).not.toContain('s3cret');
  });
});
