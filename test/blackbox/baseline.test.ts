// The README's CI job, by its checks: the first run makes the baseline, later runs are held to it,
// a real regression fails in one line, and a baseline made under other conditions is not comparable.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import { run } from './cli-runner.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/result.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pvp-baseline-'));
const baseline = join(dir, 'perf', 'poll-vs-push-baseline.json');

/** A copy of the fixture result with `change` applied, saved in the temporary folder. */
function variant(name: string, change: (result: ComparisonResult) => void): string {
  const result = JSON.parse(readFileSync(FIXTURE, 'utf8')) as ComparisonResult;
  change(result);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(result));
  return file;
}

describe('--baseline in CI', () => {
  it('makes the first baseline from the run when the file does not exist, and says so in one line', async () => {
    const first = await run(['report', FIXTURE, '--baseline', baseline]);
    expect(first.code).toBe(0);
    expect(first.stderr.trim().split('\n')).toEqual([
      `poll-vs-push: --baseline: ${baseline} did not exist; this run's result is written there as the baseline ` +
        "(keep it, as the README's CI job does, and later runs are compared with it)",
    ]);
    const saved = JSON.parse(readFileSync(baseline, 'utf8')) as ComparisonResult;
    expect(saved.transports.map((t) => t.transport)).toEqual(['poll', 'long-poll', 'sse', 'ws']);
    expect(saved.verdict?.length).toBeGreaterThan(0);
    const again = await run(['report', FIXTURE, '--baseline', baseline]);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
    expect(again.stdout).toContain('no figure regressed');
  });

  it('fails in one clear line on a real regression', async () => {
    const worse = variant('worse.json', (r) => {
      for (const t of r.transports) if (t.transport === 'poll') t.bytes.perEvent = t.bytes.perEvent! * 2;
    });
    const outcome = await run(['report', worse, '--baseline', baseline]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr.trim().split('\n')).toEqual([
      'poll-vs-push: regression: poll bytes.perEvent 125.9 B → 251.8 B (change +100.0%, tolerance 5%)',
    ]);
  });

  it('says "not comparable" across other headers, TLS or transports, and calls nothing a regression', async () => {
    const browser = variant('browser.json', (r) => {
      r.options.headers = 'browser';
      r.options.tls = true;
      for (const t of r.transports) t.bytes.perEvent = t.bytes.perEvent! * 3;
    });
    const outcome = await run(['report', browser, '--baseline', baseline]);
    expect(outcome.code).toBe(0);
    expect(outcome.stderr.trim()).toBe(
      'poll-vs-push: warning: --baseline not comparable: --headers differs (baseline minimal, this run browser); ' +
        '--tls differs (baseline false, this run true); no figure was held to it (make a baseline under these ' +
        'conditions)',
    );
    expect(outcome.stdout).not.toContain('REGRESSED');
  });
});
