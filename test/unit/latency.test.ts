import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../src/metrics/latency.js';
import type { LatencySummary } from '../../src/shared/result-types.js';

function summaryOf(samplesNs: bigint[]): LatencySummary {
  const histogram = new LatencyHistogram();
  for (const ns of samplesNs) histogram.recordNs(ns);
  const summary = histogram.summary();
  if (summary === null) throw new Error('expected a summary');
  return summary;
}

function percentiles(summary: LatencySummary): number[] {
  return [summary.p50, summary.p90, summary.p99, summary.p999];
}

/**
 * HdrHistogram with 3 significant digits keeps 2048 sub-buckets per power of two, so a
 * bucket is at most value/1024 wide: a reported percentile is within 2^-10 (≈0.098%) of a
 * recorded value. We also allow 1 µs for the rounding of ns samples to whole µs.
 */
function hdrTolerance(expectedMs: number): number {
  return expectedMs / 1024 + 0.001;
}

describe('LatencyHistogram', () => {
  it('has no summary without samples', () => {
    expect(new LatencyHistogram().summary()).toBeNull();
  });

  it('converts nanoseconds to milliseconds exactly for min, max and mean', () => {
    expect(summaryOf([1_000_000n])).toEqual({
      samples: 1,
      min: 1,
      mean: 1,
      p50: 1,
      p90: 1,
      p99: 1,
      p999: 1,
      max: 1,
    });
    const summary = summaryOf([1_000_000n, 2_000_000n, 4_500_000n]);
    expect(summary.samples).toBe(3);
    expect(summary.min).toBe(1);
    expect(summary.max).toBe(4.5);
    expect(summary.mean).toBe(2.5);
  });

  it('keeps microsecond resolution', () => {
    const summary = summaryOf([1_234_000n, 5_678_000n]);
    expect(summary.min).toBe(1.234);
    expect(summary.max).toBe(5.678);
    expect(summary.mean).toBe(3.456);
  });

  it('keeps min and max exact where the histogram buckets are coarse', () => {
    // 123.456 ms = 123 456 µs lies in a bucket 64 µs wide; min and max come from the samples.
    const summary = summaryOf([123_456_789n]);
    expect(summary.min).toBe(123.456);
    expect(summary.max).toBe(123.456);
    expect(percentiles(summary)).toEqual([123.456, 123.456, 123.456, 123.456]);
  });

  it('gives exact percentiles of 1..1000 µs (exact buckets below 2048 µs)', () => {
    const samples: bigint[] = [];
    for (let us = 1; us <= 1000; us++) samples.push(BigInt(us) * 1000n);
    const summary = summaryOf(samples);
    expect(summary.samples).toBe(1000);
    expect(summary.min).toBe(0.001);
    expect(summary.max).toBe(1);
    expect(summary.mean).toBe(0.5); // 500.5 µs truncated to whole µs
    expect(Math.abs(summary.p50 - 0.5)).toBeLessThanOrEqual(hdrTolerance(0.5));
    expect(Math.abs(summary.p90 - 0.9)).toBeLessThanOrEqual(hdrTolerance(0.9));
    expect(Math.abs(summary.p99 - 0.99)).toBeLessThanOrEqual(hdrTolerance(0.99));
    expect(Math.abs(summary.p999 - 0.999)).toBeLessThanOrEqual(hdrTolerance(0.999));
  });

  it('gives percentiles of 1..1000 ms within HdrHistogram precision', () => {
    const samples: bigint[] = [];
    for (let ms = 1; ms <= 1000; ms++) samples.push(BigInt(ms) * 1_000_000n);
    // shuffle deterministically: the order of recording must not matter
    samples.reverse();
    const summary = summaryOf(samples);
    expect(summary.min).toBe(1);
    expect(summary.max).toBe(1000);
    expect(summary.mean).toBe(500.5);
    expect(Math.abs(summary.p50 - 500)).toBeLessThanOrEqual(hdrTolerance(500));
    expect(Math.abs(summary.p90 - 900)).toBeLessThanOrEqual(hdrTolerance(900));
    expect(Math.abs(summary.p99 - 990)).toBeLessThanOrEqual(hdrTolerance(990));
    expect(Math.abs(summary.p999 - 999)).toBeLessThanOrEqual(hdrTolerance(999));
  });

  it('orders its percentiles and keeps them within [min, max]', () => {
    const cases: bigint[][] = [
      [5_000_000n, 5_000_001n, 5_000_999n],
      [999_999_999n, 1n, 1_000_000_001n],
      [7_777_777n, 7_777_777n, 7_777_777n, 7_777_777n],
      [2_049_500n, 2_050_400n, 65_537_123n, 131_071_999n],
      Array.from({ length: 500 }, (_, i) => BigInt(i * i) * 12_345n),
    ];
    for (const samples of cases) {
      const summary = summaryOf(samples);
      const values = [summary.min, ...percentiles(summary), summary.max];
      for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]!);
      expect(summary.mean).toBeGreaterThanOrEqual(summary.min);
      expect(summary.mean).toBeLessThanOrEqual(summary.max);
    }
  });

  it('puts most of the weight where most samples are', () => {
    // 990 samples at 1 ms and 10 at 100 ms: p50 and p90 at 1 ms, p99.9 at 100 ms.
    const samples = [...Array<bigint>(990).fill(1_000_000n), ...Array<bigint>(10).fill(100_000_000n)];
    const summary = summaryOf(samples);
    expect(summary.p50).toBe(1);
    expect(summary.p90).toBe(1);
    expect(summary.p99).toBe(1);
    expect(Math.abs(summary.p999 - 100)).toBeLessThanOrEqual(hdrTolerance(100));
    expect(summary.max).toBe(100);
    expect(summary.mean).toBe(1.99);
  });

  it('clamps a negative latency (clock skew) to 0', () => {
    const summary = summaryOf([-5_000_000n]);
    expect(summary).toEqual({ samples: 1, min: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 });
    const mixed = summaryOf([-1_000_000n, 3_000_000n]);
    expect(mixed.samples).toBe(2);
    expect(mixed.min).toBe(0);
    expect(mixed.max).toBe(3);
    expect(mixed.mean).toBe(1.5);
  });

  it('accepts latencies above the initial trackable range', () => {
    // 2 hours: beyond highestTrackableValue (1 hour in µs), so the histogram has to resize.
    const summary = summaryOf([7_200_000_000_000n, 1_000_000n]);
    expect(summary.max).toBe(7_200_000);
    expect(summary.min).toBe(1);
    expect(summary.p999).toBeLessThanOrEqual(7_200_000);
    expect(Math.abs(summary.p999 - 7_200_000)).toBeLessThanOrEqual(hdrTolerance(7_200_000));
  });
});
