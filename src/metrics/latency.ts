import * as hdr from 'hdr-histogram-js';
import type { LatencyDistribution, LatencySummary } from '../shared/result-types.js';

/**
 * Publish → receipt latencies of one transport. Percentiles come from an HdrHistogram in
 * microseconds (3 significant digits: exact below 1 ms, within 0.1% above); min, max and mean
 * are kept exactly from the nanosecond samples.
 */
export class LatencyHistogram {
  private readonly histogram: hdr.Histogram = newHistogram();
  private count = 0;
  private sumNs = 0n;
  private minNs = 0n;
  private maxNs = 0n;

  /** Records one latency given in nanoseconds. */
  recordNs(latencyNs: bigint): void {
    const ns = latencyNs < 0n ? 0n : latencyNs;
    if (this.count === 0 || ns < this.minNs) this.minNs = ns;
    if (ns > this.maxNs) this.maxNs = ns;
    this.count += 1;
    this.sumNs += ns;
    this.histogram.recordValue(Number(ns / 1000n));
  }

  /**
   * The histogram as a result carries it: HdrHistogram's encoded form plus the exact sum and extremes; null when empty.
   */
  serialize(): LatencyDistribution | null {
    if (this.count === 0) return null;
    return {
      encoding: 'hdr-compressed-base64',
      unit: 'us',
      data: hdr.encodeIntoCompressedBase64(this.histogram),
      samples: this.count,
      sumNs: this.sumNs.toString(),
      minNs: this.minNs.toString(),
      maxNs: this.maxNs.toString(),
    };
  }

  /**
   * One histogram holding every sample of `parts` (results measured apart), exactly: buckets added, sums and extremes
   * combined.
   */
  static merge(parts: readonly LatencyDistribution[]): LatencyHistogram {
    const merged = new LatencyHistogram();
    for (const part of parts) merged.add(part);
    return merged;
  }

  /** Adds every sample of `part` (recorded elsewhere) exactly: its buckets, its sum and its extremes. */
  add(part: LatencyDistribution): void {
    this.histogram.add(hdr.decodeFromCompressedBase64(part.data));
    const minNs = BigInt(part.minNs);
    const maxNs = BigInt(part.maxNs);
    if (this.count === 0 || minNs < this.minNs) this.minNs = minNs;
    if (maxNs > this.maxNs) this.maxNs = maxNs;
    this.count += part.samples;
    this.sumNs += BigInt(part.sumNs);
  }

  /** The summary in milliseconds with microsecond resolution, or null with no samples. */
  summary(): LatencySummary | null {
    if (this.count === 0) return null;
    const min = nsToMs(this.minNs);
    const max = nsToMs(this.maxNs);
    // HdrHistogram reports the top of a bucket; the exact extremes bound the true percentile.
    const atPercentile = (p: number): number =>
      Math.min(max, Math.max(min, usToMs(this.histogram.getValueAtPercentile(p))));
    return {
      samples: this.count,
      min,
      mean: nsToMs(this.sumNs / BigInt(this.count)),
      p50: atPercentile(50),
      p90: atPercentile(90),
      p99: atPercentile(99),
      p999: atPercentile(99.9),
      max,
    };
  }
}

/** A tumbling window of latencies: each `take()` summarises what arrived since the last one and starts afresh. */
export class LatencyWindow {
  private current = new LatencyHistogram();

  record(latencyNs: bigint): void {
    this.current.recordNs(latencyNs);
  }

  /** Adds latencies recorded elsewhere (a client process's). */
  add(part: LatencyDistribution): void {
    this.current.add(part);
  }

  take(): LatencySummary | null {
    const summary = this.current.summary();
    this.current = new LatencyHistogram();
    return summary;
  }

  /** What arrived since the last take, as a histogram to send elsewhere (null when nothing did); starts afresh. */
  takeDistribution(): LatencyDistribution | null {
    const part = this.current.serialize();
    this.current = new LatencyHistogram();
    return part;
  }
}

function newHistogram(): hdr.Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
  });
}

function nsToMs(ns: bigint): number {
  return Number(ns / 1000n) / 1000;
}

function usToMs(us: number): number {
  return Math.round(us) / 1000;
}
