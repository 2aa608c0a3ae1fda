import { describe, expect, it } from 'vitest';
import { runComparison } from '../../src/run/compare.js';
import { runOptions } from './run-options.js';

describe('--radio: a phone radio model applied to every client’s measured timeline', () => {
  it('gives each transport joules per client-hour and an awake share, the same whether clients run here or apart', async () => {
    const options = runOptions({
      transports: ['poll', 'ws'],
      clients: 3,
      ratePerSec: 2,
      durationMs: 1500,
      radio: 'lte',
    });
    for (const run of [options, { ...options, clientsApart: true }]) {
      const result = await runComparison(run);
      expect(result.options.radio).toBe('lte');
      for (const t of result.transports) {
        expect(t.radio?.model, t.transport).toBe('lte');
        // Messages every few hundred ms keep an LTE radio (an 11.6 s tail) awake from its first message on.
        expect(t.radio!.awakeShare).toBeGreaterThan(0.5);
        expect(t.radio!.awakeShare).toBeLessThanOrEqual(1);
        expect(t.radio!.joulesPerClientHour).toBeGreaterThan(0.5 * 1.06 * 3600);
        expect(t.radio!.joulesPerClientHour).toBeLessThanOrEqual(1.2107 * 3600);
      }
    }
  });

  it('keeps no timeline without --radio', async () => {
    const result = await runComparison(runOptions({ transports: ['ws'], durationMs: 500 }));
    expect(result.transports[0]!.radio).toBeUndefined();
  });
});
