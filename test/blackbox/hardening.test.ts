import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import { waitFor } from '../helpers.js';
import { expectUsage, run, serve } from './cli-runner.js';

const dir = mkdtempSync(join(tmpdir(), 'pvp-hard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('header files keep their secrets', () => {
  it('sends the headers but leaves no value in any output or format', async () => {
    const headers = join(dir, 'headers.txt');
    writeFileSync(headers, '# a production token\nAuthorization: Bearer S3CRET\nX-Tenant: acme-S3CRET-7\n');
    const saved = join(dir, 'secret-run.json');
    const ran = await run([
      'compare',
      '--quick',
      '--transports',
      'poll,ws',
      '--clients',
      '2',
      '--headers',
      headers,
      '--output',
      saved,
    ]);
    expect(ran.code).toBe(0);
    const outputs = [ran.stdout, ran.stderr, readFileSync(saved, 'utf8')];
    for (const format of ['table', 'json', 'markdown', 'csv']) {
      const report = await run(['report', saved, '--format', format]);
      expect(report.code).toBe(0);
      outputs.push(report.stdout, report.stderr);
    }
    for (const output of outputs) expect(output).not.toContain('S3CRET');
    // What a result keeps instead: each name and the bytes its line weighs on the wire.
    const result = JSON.parse(readFileSync(saved, 'utf8')) as ComparisonResult;
    expect(result.options.customHeaderBytes).toEqual({
      Authorization: Buffer.byteLength('Authorization: Bearer S3CRET\r\n'),
      'X-Tenant': Buffer.byteLength('X-Tenant: acme-S3CRET-7\r\n'),
    });
    expect(result.options).not.toHaveProperty('customHeaders');
    // The server really received them: the poll's request heads carry those bytes.
    const poll = result.transports.find((t) => t.transport === 'poll')!;
    expect(poll.events.delivered).toBe(poll.events.expected);
  });

  it('does not echo a line that is not a header', async () => {
    const headers = join(dir, 'not-headers.txt');
    writeFileSync(headers, 'root:S3CRET-HASH:19000:0:99999:7:::\nthis line has no colon S3CRET\n');
    const outcome = await run(['compare', '--headers', headers]);
    expectUsage(outcome, "line 2 of '");
    expect(outcome.stderr).not.toContain('S3CRET');
  });
});

describe('files the CLI reads are regular files under a size limit', () => {
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const big = join(dir, 'big.json');
  writeFileSync(big, `[${'0,'.repeat(17 * 1024 * 1024)}0]`);

  it.each([
    [['compare', '--headers', '/dev/zero'], "--headers: '/dev/zero' is not a regular file"],
    [['compare', '--headers', fifo], '--headers: '],
    [['compare', '--headers', dir], '--headers: '],
    [['report', '/dev/zero'], "report: '/dev/zero' is not a regular file"],
    [['report', fifo], 'report: '],
    [['report', big], 'is larger than 32mb'],
    [['compare', '--baseline', '/dev/zero'], "--baseline: '/dev/zero' is not a regular file"],
  ])('%j exits 2 with one line', async (args, named) => {
    expectUsage(await run(args), named);
  });
});

describe('serve validates as compare does', () => {
  it.each([
    [['--payload', '900mb'], '--payload'],
    [['--rate', '-1'], '--rate'],
    [['--rate', 'fast'], '--rate'],
    [['--log-window', '0'], '--log-window'],
    [['--log-window-bytes', '1'], '--log-window-bytes'],
    [['--token', 'short'], '--token'],
  ])('serve %j exits 2 with one line', async (args, named) => {
    expectUsage(await run(['serve', ...args]), named);
  });

  it('publishes nothing on its own at --rate 0, only what POST /publish asks for', async () => {
    const served = await serve(['--rate', '0']);
    expect(served.output.stdout).toContain('publishing only on POST /publish');
    const stats = async (): Promise<{ head: number }> =>
      (await (await fetch(`${served.url}/stats`)).json()) as { head: number };
    expect((await stats()).head).toBe(0);
    const published = await fetch(`${served.url}/publish`, { method: 'POST' });
    expect(published.status).toBe(201);
    expect((await stats()).head).toBe(1);
    served.child.kill('SIGINT');
    expect(await served.closed).toBe(0);
    expect(served.output.stdout).toContain('stopped after publishing 1 events');
  });

  it('off loopback, warns and guards POST /publish with the token it prints', async () => {
    const served = await serve(['--host', '0.0.0.0', '--rate', '0']);
    // The token and the warning may come in their own chunks, after the URL.
    await waitFor(
      () => /publish token: \S+/.test(served.output.stdout) && served.output.stderr.includes('warning'),
      'the token and the warning',
    );
    const token = /publish token: (\S+)/.exec(served.output.stdout)?.[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(served.output.stderr).toMatch(
      /^poll-vs-push: warning: the demo server on 0\.0\.0\.0 can be reached from other machines/,
    );
    // Traffic stays on this machine: the wildcard address answers on loopback too.
    const local = served.url.replace('0.0.0.0', '127.0.0.1');
    expect((await fetch(`${local}/publish`, { method: 'POST' })).status).toBe(401);
    expect(
      (await fetch(`${local}/publish`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(201);
    // Reading needs no token, from any origin.
    const read = await fetch(`${local}/poll?since=0`, { headers: { origin: 'http://class.example' } });
    expect(read.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await read.json()) as unknown[]).length).toBe(1);
    served.child.kill('SIGINT');
    expect(await served.closed).toBe(0);
  });
});
