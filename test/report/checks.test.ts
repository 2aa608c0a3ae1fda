import { describe, expect, it } from 'vitest';
import {
  baselineSection,
  checksSections,
  formatChange,
  formatLimit,
  formatTolerance,
  formatValue,
  thresholdMiss,
  thresholdsSection,
} from '../../src/report/checks.js';
import type { BaselineRow, ThresholdOutcome } from '../../src/shared/check-types.js';
import { fixtureChecks } from './fixture.js';

function outcome(overrides: Partial<ThresholdOutcome>): ThresholdOutcome {
  return {
    expression: 'poll.latency.p50<1ms',
    transport: 'poll',
    metric: 'latency.p50',
    operator: '<',
    limit: 1,
    unit: 'ms',
    measured: 480.641,
    passed: false,
    ...overrides,
  };
}

function baselineRow(overrides: Partial<BaselineRow>): BaselineRow {
  return {
    transport: 'ws',
    metric: 'bytes.perEvent',
    unit: 'bytes',
    before: 112.64,
    after: 112.64,
    change: 0,
    tolerance: 0.02,
    slack: 0,
    regressed: false,
    ...overrides,
  };
}

describe('formatValue', () => {
  it('writes each unit the way the tables do', () => {
    expect(formatValue(12.3454, 'ms')).toBe('12.345 ms');
    expect(formatValue(1001.2, 'ms')).toBe('1,001.200 ms');
    expect(formatValue(123.44, 'bytes')).toBe('123.4 B');
    expect(formatValue(1024, 'bytes')).toBe('1,024 B');
    expect(formatValue(12345, 'count')).toBe('12,345');
    expect(formatValue(0.984, 'ratio')).toBe('0.98');
    expect(formatValue(0.0025, 'ratio')).toBe('0.0025');
  });

  it('writes a dash for a figure that does not exist', () => {
    for (const unit of ['ms', 'bytes', 'count', 'ratio'] as const) expect(formatValue(null, unit)).toBe('–');
  });
});

describe('thresholdMiss', () => {
  it('says how far a failure is past its limit, in the metric unit', () => {
    expect(thresholdMiss(outcome({}))).toBe('479.641 ms over');
    expect(thresholdMiss(outcome({ operator: '>=', limit: 10, measured: 7, unit: 'count' }))).toBe('3 under');
    expect(thresholdMiss(outcome({ operator: '==', limit: 0, measured: 7, unit: 'count' }))).toBe('7 over');
    expect(thresholdMiss(outcome({ operator: '<=', limit: 1024, measured: 1130.5, unit: 'bytes' }))).toBe(
      '106.5 B over',
    );
    expect(thresholdMiss(outcome({ operator: '<', limit: 5, measured: 5 }))).toBe('at the limit');
    expect(thresholdMiss(outcome({ operator: '!=', limit: 0, measured: 0, unit: 'count' }))).toBe('equals the limit');
    expect(thresholdMiss(outcome({ measured: null }))).toBe('no figure');
  });

  it('is empty for a pass', () => {
    expect(thresholdMiss(outcome({ measured: 0.5, passed: true }))).toBe('');
  });
});

describe('formatLimit, formatChange, formatTolerance', () => {
  it('writes the operator before the limit', () => {
    expect(formatLimit(outcome({}))).toBe('< 1.000 ms');
    expect(formatLimit(outcome({ operator: '==', limit: 0, unit: 'count' }))).toBe('== 0');
  });

  it('signs a change and dashes a missing one', () => {
    expect(formatChange(0.123)).toBe('+12.3%');
    expect(formatChange(-0.04)).toBe('-4.0%');
    expect(formatChange(0)).toBe('0.0%');
    expect(formatChange(0.00001)).toBe('0.0%');
    expect(formatChange(null)).toBe('–');
  });

  it('writes the tolerance as a plain percentage, with the slack when there is one', () => {
    expect(formatTolerance(baselineRow({}))).toBe('2%');
    expect(formatTolerance(baselineRow({ tolerance: 0.125 }))).toBe('12.5%');
    expect(formatTolerance(baselineRow({ unit: 'ms', tolerance: 0.5, slack: 1 }))).toBe('50% (min 1.000 ms)');
  });
});

describe('checks sections', () => {
  it('builds one threshold row per outcome with its status and a failure summary', () => {
    const section = thresholdsSection(fixtureChecks.thresholds);
    expect(section.rows).toHaveLength(fixtureChecks.thresholds.length);
    expect(section.rows.map((r) => r[4]!.tone)).toEqual(['good', 'good', 'good', 'good', 'bad', 'bad']);
    expect(section.summary).toEqual({ text: '2 of 6 thresholds failed', tone: 'bad' });
  });

  it('says the checks passed when they did', () => {
    expect(thresholdsSection([outcome({ passed: true })]).summary).toEqual({
      text: 'the threshold passed',
      tone: 'good',
    });
    const baseline = baselineSection({ file: 'b.json', startedAt: 'x', rows: [baselineRow({})], notes: [] });
    expect(baseline.summary).toEqual({ text: 'no figure regressed (1 compared)', tone: 'good' });
    expect(baseline.rows[0]![6]).toEqual({ lines: ['ok'], tone: 'good' });
  });

  it('marks a regression and keeps the notes', () => {
    const section = baselineSection(fixtureChecks.baseline!);
    expect(section.summary).toEqual({ text: '1 of 4 figures regressed', tone: 'bad' });
    expect(section.rows[1]![6]).toEqual({ lines: ['REGRESSED'], tone: 'bad' });
    expect(section.notes).toEqual(fixtureChecks.baseline!.notes);
  });

  it('has a Thresholds section only with thresholds, a Baseline section only with a baseline', () => {
    expect(checksSections(undefined)).toEqual([]);
    expect(checksSections({ thresholds: [] })).toEqual([]);
    expect(checksSections(fixtureChecks).map((s) => s.title)).toEqual(['Thresholds', 'Baseline']);
    expect(checksSections({ thresholds: [], baseline: fixtureChecks.baseline! }).map((s) => s.title)).toEqual([
      'Baseline',
    ]);
  });
});
