// What a newcomer meets first: a typo, --help, a ws:// target given as the README shows it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectUsage, run, serve, type Served } from './cli-runner.js';

describe('a newcomer at the command line', () => {
  it('gets "did you mean" for a mistyped command, and the list of commands for an unknown one', async () => {
    expectUsage(await run(['compre']), "unknown command 'compre'; did you mean 'compare'?");
    expectUsage(await run(['frobnicate']), "unknown command 'frobnicate'; the commands are compare, live, sweep");
  });

  it('reads compare --help with the common options first, the rest under headings, defaults as typed', async () => {
    const help = (await run(['compare', '--help'])).stdout;
    const headings = ['Run:', 'Output and checks:', 'Network and wire:', 'Several machines, one measurement:'];
    const at = headings.map((heading) => help.indexOf(`\n${heading}\n`));
    expect(at.every((index) => index > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(help.indexOf('--clients')).toBeLessThan(help.indexOf('--run-id'));
    expect(help).toContain('(default: 50)');
    expect(help).not.toContain('(default: "50")');
  });

  it('takes --quick on sweep as on compare', async () => {
    const outcome = await run(['sweep', '--quick', '--vary', 'rate=1', '--transports', 'ws']);
    // The one value is refused for being one: --quick itself was taken.
    expectUsage(outcome, "--vary: 'rate=1' gives 1 value(s)");
  });
});

describe('a ws:// target', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(['--rate', '0']);
  });
  afterAll(async () => {
    served.child.kill('SIGINT');
    await served.closed;
  });

  it('that does not broadcast is named in one line before any phase, with the --target that would work', async () => {
    const ws = `${served.url.replace('http', 'ws')}/ws`;
    const outcome = await run(['compare', '--target', ws]);
    expectUsage(
      outcome,
      `--target: ${ws} did not pass a message from one connection to another within 3 s, so it is not a broadcast ` +
        `chat; it answers the protocol's GET /health: measure it with --target ${served.url}`,
    );
  });
});
