import { describe, expect, it } from 'vitest';
import { checkThresholdTransports, evaluateThresholds, parseThreshold } from '../../src/checks/thresholds.js';
import { UsageError } from '../../src/shared/errors.js';
import { clone } from '../fixtures/index.js';

describe('parseThreshold', () => {
  it("reads transport, metric, operator and a limit in the metric's unit", () => {
    expect(parseThreshold('ws.latency.p99<5ms')).toEqual({
      expression: 'ws.latency.p99<5ms',
      transport: 'ws',
      metric: 'latency.p99',
      operator: '<',
      limit: 5,
      unit: 'ms',
    });
    expect(parseThreshold('poll.bytes.perEvent<=1kb')).toMatchObject({
      transport: 'poll',
      operator: '<=',
      limit: 1024,
      unit: 'bytes',
    });
    expect(parseThreshold('*.events.lost==0')).toMatchObject({
      transport: '*',
      metric: 'events.lost',
      operator: '==',
      limit: 0,
      unit: 'count',
    });
    expect(parseThreshold('long-poll.requests.perEvent<1.5')).toMatchObject({
      transport: 'long-poll',
      limit: 1.5,
      unit: 'ratio',
    });
    expect(parseThreshold('sse.latency.p50 < 250us')).toMatchObject({ limit: 0.25, unit: 'ms' });
    expect(parseThreshold('ws.latency.max<2s').limit).toBe(2000);
    expect(parseThreshold('ws.latency.mean<3').limit).toBe(3);
    expect(parseThreshold('poll.bytes.overheadShare<=20%').limit).toBeCloseTo(0.2, 12);
  });

  it.each([
    ['ws.latency.p99', 'is not a threshold'],
    ['carrier-pigeon.latency.p99<5ms', "unknown transport 'carrier-pigeon'"],
    ['ws.latency.p42<5ms', "unknown metric 'latency.p42'"],
    ['ws.latency.p99<5kb', "unit 'kb'"],
    ['ws.events.lost<1.5', 'whole number'],
    ['ws.bytes.perEvent<5ms', "unit 'ms'"],
  ])('rejects %s with a usage error that says why', (expression, why) => {
    let caught: unknown;
    try {
      parseThreshold(expression);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).code).toBe('PVP_ERR_BAD_OPTION');
    expect((caught as UsageError).message).toMatch(/^--threshold: /);
    expect((caught as UsageError).message).toContain(why);
  });

  it('lists the valid metric names when one is unknown', () => {
    expect(() => parseThreshold('ws.latency.p42<5ms')).toThrow(/latency\.p99.*bytes\.perEvent.*events\.lost/);
  });

  it('rejects a transport that will not run', () => {
    expect(() => checkThresholdTransports([parseThreshold('sse.latency.p99<5ms')], ['poll', 'ws'])).toThrow(
      "--threshold: 'sse.latency.p99<5ms' names sse, which is not among the transports (poll, ws)",
    );
    expect(() => checkThresholdTransports([parseThreshold('*.events.lost==0')], ['ws'])).not.toThrow();
  });
});

describe('evaluateThresholds', () => {
  it('checks each named transport and expands * to every transport that ran', () => {
    const result = clone();
    const ws = result.transports.find((t) => t.transport === 'ws')!;
    const outcomes = evaluateThresholds(
      [parseThreshold('ws.latency.p99<1000ms'), parseThreshold('*.events.lost==0')],
      result,
    );
    expect(outcomes.map((o) => [o.transport, o.metric, o.passed])).toEqual([
      ['ws', 'latency.p99', true],
      ['poll', 'events.lost', true],
      ['long-poll', 'events.lost', true],
      ['sse', 'events.lost', true],
      ['ws', 'events.lost', true],
    ]);
    expect(outcomes[0]!.measured).toBe(ws.latencyMs!.p99);
  });

  it('fails a threshold the figure does not meet, and one whose figure does not exist', () => {
    const result = clone();
    const poll = result.transports.find((t) => t.transport === 'poll')!;
    const [tooSlow] = evaluateThresholds([parseThreshold('poll.latency.p50<1ms')], result);
    expect(tooSlow).toMatchObject({ passed: false, measured: poll.latencyMs!.p50, limit: 1 });
    poll.latencyMs = null;
    const [missing] = evaluateThresholds([parseThreshold('poll.latency.p50<1000s')], result);
    expect(missing).toMatchObject({ passed: false, measured: null });
  });

  it.each([
    ['<', 5, false],
    ['<=', 5, true],
    ['>', 4, true],
    ['>=', 6, false],
    ['==', 5, true],
    ['!=', 5, false],
  ] as const)('applies %s exactly at the edge', (operator, limit, passed) => {
    const result = clone();
    result.transports[0]!.events.lost = 5;
    const [outcome] = evaluateThresholds([parseThreshold(`poll.events.lost${operator}${limit}`)], result);
    expect(outcome!.passed).toBe(passed);
  });
});
