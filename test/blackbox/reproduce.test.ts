import { describe, expect, it } from 'vitest';
import type { ReproduceResult } from '../../src/shared/reproduce-types.js';
import { expectUsage, run } from './cli-runner.js';

describe('poll-vs-push reproduce, run as a user would', () => {
  it('reruns RFC 6202’s transits and HTTP/2’s compression beside their sources, in JSON', async () => {
    const json = await run(['reproduce', 'rfc6202', 'hpack', '--quick', '--json'], { COLUMNS: '80' });
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as ReproduceResult;
    expect(result.kind).toBe('reproduce');
    expect(result.quick).toBe(true);
    expect(result.groups.map((g) => g.name)).toEqual(['rfc6202', 'hpack']);
    const [rfc, hpack] = result.groups;
    expect(rfc!.source).toMatchObject({ year: 2011 });
    const worst = rfc!.figures.find((f) => f.claim.startsWith('long poll, worst case'))!;
    expect(worst.published).toBe(3);
    // Measured through the relay's 50 ms each way: a long poll's worst case is more than one transit, at most four.
    expect(worst.measured).toBeGreaterThan(1.5);
    expect(worst.measured).toBeLessThan(4);
    const saved = hpack!.figures[0]!;
    expect(saved.published).toBe(76);
    expect(saved.measured).toBeGreaterThan(0);
    expect(saved.measured).toBeLessThan(100);
    expect(saved.ratio).toBeCloseTo(saved.measured! / 76, 12);
  });

  it('refuses a claim it does not know in one line, naming those it does', async () => {
    const outcome = await run(['reproduce', 'moon-landing']);
    expectUsage(outcome, "'moon-landing' is not a claim; name any of whitepaper, rfc6202, hpack");
  });
});
