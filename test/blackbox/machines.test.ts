import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../src/metrics/latency.js';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import { expectUsage, run, serve, type Served } from './cli-runner.js';

// Two processes stand in for two load machines: one run id, a name each, one start time, one
// broadcast server. Each publishes its own tagged events and times only those; the server sends
// everything to everyone; report --merge makes one result of the parts.

const folder = mkdtempSync(join(tmpdir(), 'pvp-machines-'));
let server: Served | undefined;
afterAll(async () => {
  server?.child.kill('SIGINT');
  await server?.closed;
  rmSync(folder, { recursive: true, force: true });
});

// --parallel: one phase for both transports, which --start-at lines up across the machines. One
// after another, the second phase starts when each machine's first has closed, which no clock
// lines up, and a machine may publish before the other's clients have connected.
const PART = [
  '--transports',
  'sse,ws',
  '--parallel',
  '--clients',
  '6',
  '--rate',
  '10',
  '--duration',
  '2s',
  '--run-id',
  'lesson-7',
  '--json',
];

describe('a run on two machines against one broadcast server', () => {
  it('adds up delivered and expected, merges latency exactly, and names both machines', async () => {
    server = await serve(['--rate', '0']);
    // One absolute start for both, as machines of one run are given: '+3s' would be read from each
    // process's own start, which on a busy machine differ by up to 150 ms (a few events apart).
    const startAt = new Date(Date.now() + 4000).toISOString();
    const [a, b] = await Promise.all(
      ['a', 'b'].map((machine) =>
        run(['compare', '--target', server!.url, ...PART, '--start-at', startAt, '--machine', machine]),
      ),
    );
    for (const outcome of [a!, b!]) {
      expect(outcome.stderr).toMatch(/starts its phases at \d{4}-\d\d-\d\dT/);
      expect(outcome.code).toBe(0);
    }
    const parts = [a!, b!].map((outcome) => JSON.parse(outcome.stdout) as ComparisonResult);
    expect(parts.map((p) => [p.options.runId, p.options.machine])).toEqual([
      ['lesson-7', 'a'],
      ['lesson-7', 'b'],
    ]);
    const files = parts.map((part, i) => {
      const file = join(folder, `part-${i}.json`);
      writeFileSync(file, JSON.stringify(part));
      return file;
    });
    const merged = await run(['report', ...files, '--merge', '--json']);
    expect(merged.code).toBe(0);
    const whole = JSON.parse(merged.stdout) as ComparisonResult;
    expect(whole.options.machines).toEqual(['a', 'b']);
    expect(whole.options.clients).toBe(12);
    for (const t of whole.transports) {
      const [x, y] = parts.map((p) => p.transports.find((p2) => p2.transport === t.transport)!);
      // Each machine times only its own events, all of them, and sees the other's as foreign.
      for (const [mine, theirs] of [
        [x!, y!],
        [y!, x!],
      ] as const) {
        expect(mine.events.delivered).toBe(mine.events.expected);
        expect(mine.errors).toEqual({});
        expect(mine.events.foreign).toBe(theirs.events.published * mine.clients);
      }
      expect(t.events.delivered).toBe(x!.events.delivered + y!.events.delivered);
      expect(t.events.expected).toBe(x!.events.expected + y!.events.expected);
      expect(t.events.lost).toBe(0);
      expect(t.latencyMs).toEqual(LatencyHistogram.merge([x!.latencyHistogram!, y!.latencyHistogram!]).summary());
      expect(t.latencyMs!.samples).toBe(t.events.delivered);
    }
    // The same machine twice, or another run's part, is not one measurement.
    expectUsage(await run(['report', files[0]!, files[0]!, '--merge']), "is machine 'a' again");
    const other = { ...parts[1]!, options: { ...parts[1]!.options, runId: 'lesson-8' } };
    writeFileSync(join(folder, 'other.json'), JSON.stringify(other));
    expectUsage(await run(['report', files[0]!, join(folder, 'other.json'), '--merge']), 'was run with other --run-id');
  });

  it('refuses a machine name without a run id, a bad id and a start time that is past, in one line each', async () => {
    expectUsage(await run(['compare', '--machine', 'a']), '--machine: goes with --run-id');
    expectUsage(await run(['compare', '--run-id', 'no spaces']), "--run-id: 'no spaces' is not an id");
    expectUsage(
      await run(['compare', '--start-at', '2020-01-01T00:00:00Z']),
      "--start-at: '2020-01-01T00:00:00Z' is already past",
    );
    expectUsage(await run(['compare', '--start-at', 'noon']), "--start-at: 'noon' is not a time");
  });
});
