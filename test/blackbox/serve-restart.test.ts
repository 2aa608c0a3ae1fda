import { describe, expect, it } from 'vitest';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import { expectUsage, run, serve } from './cli-runner.js';

describe('serve --restart-at: a deploy under clients measured against it as a target', () => {
  it('kills its process once and comes back on the same port with its log; the clients lose nothing', async () => {
    const served = await serve(['--port', '0', '--rate', '20', '--restart-at', '3s']);
    try {
      const outcome = await run([
        'compare',
        '--target',
        served.url,
        '--transports',
        'sse',
        '--clients',
        '3',
        '--duration',
        '6s',
        '--json',
      ]);
      const result = JSON.parse(outcome.stdout) as ComparisonResult;
      const sse = result.transports[0]!;
      expect(served.output.stdout).toMatch(/restarted: the server process was killed \(SIGKILL\) 3s in/);
      // Every client saw its stream drop, came back and resumed where it was: nothing lost, nothing twice.
      expect(sse.recovery).toMatchObject({ cause: 'drop', clients: 3, dropped: 3, recovered: 3 });
      expect(sse.recovery!.backMs!.max).toBeGreaterThan(0);
      expect(sse.events.lost).toBe(0);
      expect(sse.events.duplicates).toBe(0);
      // Against a target the drop's faults stay errors: the run says so with its exit code.
      expect(Object.keys(sse.errors).length).toBeGreaterThan(0);
      expect(outcome.code).toBe(1);
    } finally {
      served.child.kill('SIGINT');
      expect(await served.closed).toBe(0);
    }
    expect(served.output.stdout).toMatch(/stopped after publishing \d+ events/);
    expect(served.output.stderr).toBe('');
  });

  it('refuses --tls, whose key lives only in the process it would kill', async () => {
    expectUsage(await run(['serve', '--tls', '--restart-at', '5s']), '--restart-at: cannot go with --tls');
  });
});
