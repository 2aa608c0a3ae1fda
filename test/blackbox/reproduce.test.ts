import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReproduceResult } from '../../src/shared/reproduce-types.js';
import { expectUsage, run } from './cli-runner.js';

describe('poll-vs-push reproduce, run as a user would', () => {
  // RFC 6202's transits and the whitepaper's crowd take longer: their arithmetic is tested on fixtures, their runs in
  // the README's figures.
  it('reruns HTTP/2’s compression beside its source, in JSON and as a table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pvp-reproduce-'));
    const file = join(dir, 'figures.json');
    // The file takes the JSON (from its extension), the terminal the table.
    const table = await run(['reproduce', 'hpack', '--quick', '--output', file], { COLUMNS: '80' });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('Cloudflare, "HPACK: the silent killer (feature) of HTTP/2"');
    expect(table.stdout).toMatch(/header compression \(%\) │\s+76% │/);
    for (const line of table.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    const result = JSON.parse(readFileSync(file, 'utf8')) as ReproduceResult;
    rmSync(dir, { recursive: true, force: true });
    expect(result.kind).toBe('reproduce');
    expect(result.quick).toBe(true);
    expect(result.groups.map((g) => g.name)).toEqual(['hpack']);
    const [hpack] = result.groups;
    expect(hpack!.source).toMatchObject({ year: 2016 });
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
