import { beforeAll, describe, expect, it } from 'vitest';
import { runComparison } from '../../src/run/compare.js';
import { planPhase } from '../../src/run/schedule.js';
import { TRANSPORTS } from '../../src/shared/transports.js';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import { runOptions } from './run-options.js';

const options = runOptions({
  transports: [...TRANSPORTS],
  parallel: true,
  clients: 4,
  ratePerSec: 10,
  durationMs: 1500,
  seed: 9,
});
let result: ComparisonResult;
const started: string[] = [];

beforeAll(async () => {
  result = await runComparison(options, {
    onProgress: (progress) => {
      if (progress.stage === 'running' && !started.includes(progress.transport)) started.push(progress.transport);
    },
  });
});

describe('compare --parallel: every transport at once, on the same events', () => {
  it('delivers every event on every transport, each counted by both ends to the byte', () => {
    expect(result.transports.map((t) => t.transport)).toEqual([...TRANSPORTS]);
    for (const t of result.transports) {
      expect(t.errors).toEqual({});
      expect(t.events.delivered).toBe(t.events.expected);
      expect(t.bytes.serverReceived).toBe(t.bytes.clientSent);
      expect(t.bytes.serverSent).toBe(t.bytes.clientReceived);
    }
  });

  it('publishes one schedule for all of them: the same events, in one phase', () => {
    const count = planPhase(options).count;
    for (const t of result.transports) expect(t.events.published).toBe(count);
    expect(new Set(result.transports.map((t) => t.phaseMs)).size).toBe(1);
    expect(started.sort()).toEqual([...TRANSPORTS].sort());
  });

  it('says the transports shared the machine, and splits no server cost among them', () => {
    expect(result.options.parallel).toBe(true);
    for (const t of result.transports) expect(t.serverCost).toBeUndefined();
  });
});
