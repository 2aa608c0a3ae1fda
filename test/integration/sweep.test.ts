import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCrossovers } from '../../src/checks/crossovers.js';
import type { SweepPoint, SweepResult } from '../../src/shared/sweep-types.js';
import { parseVary } from '../../src/commands/sweep.js';
import { renderSweep } from '../../src/report/sweep.js';
import { runSweep } from '../../src/run/sweep.js';
import { UsageError } from '../../src/shared/errors.js';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import { clone } from '../fixtures/index.js';
import { runOptions } from './run-options.js';

const require = createRequire(import.meta.url);
const schema = (name: string): object =>
  JSON.parse(readFileSync(require.resolve(`../../schema/${name}`), 'utf8')) as object;

/** A point whose poll and sse results spend `poll` and `sse` bytes per event. */
function point(value: number, poll: number, sse: number): SweepPoint {
  const result: ComparisonResult = clone();
  result.transports = result.transports.filter((t) => t.transport === 'poll' || t.transport === 'sse');
  result.transports[0]!.bytes.perEvent = poll;
  result.transports[1]!.bytes.perEvent = sse;
  return { value, result };
}

describe('findCrossovers', () => {
  it('finds where two transports change order, the interval and the point (log axis)', () => {
    const crossings = findCrossovers([point(1, 600, 200), point(10, 150, 130), point(100, 100, 125)]).filter(
      (c) => c.metric === 'bytesPerEvent',
    );
    expect(crossings).toHaveLength(1);
    expect(crossings[0]).toMatchObject({ transports: ['poll', 'sse'], between: [10, 100] });
    // 20 above at 10, 25 below at 100: zero at 20/45 of the way on a log axis.
    expect(crossings[0]!.at).toBeCloseTo(10 ** (1 + 20 / 45), 6);
  });

  it('finds none when the order holds, and none from a single point', () => {
    expect(
      findCrossovers([point(1, 600, 200), point(10, 300, 200)]).filter((c) => c.metric === 'bytesPerEvent'),
    ).toEqual([]);
    expect(findCrossovers([point(1, 600, 200)])).toEqual([]);
  });
});

describe('parseVary', () => {
  it("reads a list and a log-spaced range, in the parameter's unit", () => {
    expect(parseVary('rate=10,0.5,2')).toEqual({ param: 'rate', values: [0.5, 2, 10] });
    expect(parseVary('poll-interval=100ms..10sx3')).toEqual({ param: 'poll-interval', values: [100, 1000, 10000] });
    expect(parseVary('payload=64,1kb').values).toEqual([64, 1024]);
    // Whole-number parameters run what they say: rounded, then one point each.
    expect(parseVary('clients=1..3x5').values).toEqual([1, 2, 3]);
  });

  it.each(['speed=1,2', 'rate=1', 'rate=5..1x3', 'rtt=5,10', 'rate=a,b'])(
    'refuses %s with one line naming --vary',
    (text) => {
      expect(() => parseVary(text)).toThrow(UsageError);
      expect(() => parseVary(text)).toThrow(/^--vary: /);
    },
  );
});

describe('a sweep', () => {
  let sweep: SweepResult;
  beforeAll(async () => {
    const base = runOptions({
      transports: ['poll', 'sse'],
      clients: 2,
      durationMs: 1200,
      pollIntervalMs: 500,
      seed: 2,
    });
    sweep = await runSweep('rate', [2, 40], (rate) => ({ ...base, ratePerSec: rate }));
  });

  it('runs one comparison per value and matches the documented shape', () => {
    expect(sweep.points.map((p) => p.value)).toEqual([2, 40]);
    for (const p of sweep.points)
      for (const t of p.result.transports) expect(t.events.delivered).toBe(t.events.expected);
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    ajv.addSchema(schema('result.schema.json'));
    const validate = ajv.compile(schema('sweep.schema.json'));
    expect(validate(JSON.parse(renderSweep(sweep, 'json', { color: false }))), JSON.stringify(validate.errors)).toBe(
      true,
    );
  });

  it('renders a table with the model beside each figure, CSV rows per value and transport, and an HTML page', () => {
    const table = renderSweep(sweep, 'table', { color: false });
    expect(table).toContain('bytes per event (B), measured (model)');
    expect(table).toContain('Crossovers');
    expect(renderSweep(sweep, 'csv', { color: false }).trim().split('\n')).toHaveLength(1 + 2 * 2);
    const html = renderSweep(sweep, 'html', { color: false });
    expect(html).toContain('data-chart="sweep-bytesPerEvent"');
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
  });
});
