import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../src/metrics/latency.js';
import { DISTRIBUTION_BUCKETS, latencyDistributions } from '../../src/report/distribution.js';
import { render } from '../../src/report/index.js';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import { clone } from '../fixtures/index.js';

/** The fixture with real histograms: short poll's deliveries around 500 ms, WebSocket's around 1 ms. */
function withHistograms(): ComparisonResult {
  const result = clone();
  for (const t of result.transports) {
    const histogram = new LatencyHistogram();
    const centreNs = t.transport === 'poll' ? 500_000_000n : 1_000_000n;
    for (let i = 0; i < 100; i++) histogram.recordNs(centreNs + BigInt(i) * (centreNs / 100n));
    t.latencyHistogram = histogram.serialize()!;
    t.latencyMs = histogram.summary();
  }
  return result;
}

describe('latency distributions', () => {
  it('puts every transport on one log axis: a short poll at the slow end, a WebSocket at the fast end', () => {
    const d = latencyDistributions(withHistograms(), { plain: true })!;
    expect(d.lowMs).toBe(1);
    expect(d.highMs).toBeCloseTo(995, 0);
    expect(d.cells.poll).toHaveLength(DISTRIBUTION_BUCKETS);
    expect(d.cells.poll!.trimStart().length).toBeLessThanOrEqual(2);
    expect(d.cells.ws!.trimEnd().length).toBeLessThanOrEqual(2);
    expect(d.cells.poll).toMatch(/^[ .:\-=+*#%@]+$/);
    expect(latencyDistributions(withHistograms(), { plain: false })!.cells.ws).toMatch(/^[ ▁▂▃▄▅▆▇█]+$/);
  });

  it('is a row of the table, in plain characters without colour, and absent where no histogram was saved', () => {
    const plain = render(withHistograms(), 'table', { color: false, details: true, width: 100 });
    expect(plain).toMatch(/│ distribution │/);
    expect(plain).toContain('distribution: where each transport');
    expect(render(clone(), 'table', { color: false, details: true, width: 100 })).not.toContain('distribution');
    expect(render(withHistograms(), 'markdown', { color: false })).toMatch(/\| distribution \|/);
  });

  it('stays out of the machine formats', () => {
    expect(render(withHistograms(), 'csv', { color: false })).not.toContain('distribution');
    const json = JSON.parse(render(withHistograms(), 'json', { color: false })) as ComparisonResult;
    expect(json.transports[0]).not.toHaveProperty('distribution');
  });
});
