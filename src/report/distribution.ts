import * as hdr from 'hdr-histogram-js';
import type { ComparisonResult } from '../shared/result-types.js';
import type { Transport } from '../shared/transports.js';

/** How many log-spaced buckets a distribution cell shows. */
export const DISTRIBUTION_BUCKETS = 12;
const BLOCKS = ' ▁▂▃▄▅▆▇█';
const PLAIN = ' .:-=+*#%@';

/** Each transport's latency distribution on one shared log axis, as a row of characters. */
export interface Distributions {
  /** The axis: from the fastest to the slowest delivery of any transport, in ms. */
  lowMs: number;
  highMs: number;
  cells: Partial<Record<Transport, string>>;
}

/**
 * Draws each transport's saved histogram on one log axis shared by all of them, so a short
 * poll's half-second mass and a WebSocket's millisecond one sit where they are. Each of the 100
 * percentile steps (1% of the deliveries each) falls in one bucket; a bucket's character says
 * how full it is against the transport's fullest. Blocks, or plain characters without colour.
 * Undefined when no transport carries a histogram. Pure.
 */
export function latencyDistributions(result: ComparisonResult, options: { plain: boolean }): Distributions | undefined {
  const withHistogram = result.transports.filter((t) => t.latencyHistogram && t.latencyMs);
  if (withHistogram.length === 0) return undefined;
  const lowMs = Math.max(0.001, Math.min(...withHistogram.map((t) => t.latencyMs!.min)));
  const highMs = Math.max(lowMs * 1.01, ...withHistogram.map((t) => t.latencyMs!.max));
  const span = Math.log(highMs / lowMs);
  const bucketOf = (ms: number): number =>
    Math.min(
      DISTRIBUTION_BUCKETS - 1,
      Math.max(0, Math.floor((Math.log(Math.max(ms, lowMs) / lowMs) / span) * DISTRIBUTION_BUCKETS)),
    );
  const levels = options.plain ? PLAIN : BLOCKS;
  const cells: Partial<Record<Transport, string>> = {};
  for (const t of withHistogram) {
    const histogram = hdr.decodeFromCompressedBase64(t.latencyHistogram!.data);
    const counts = new Array<number>(DISTRIBUTION_BUCKETS).fill(0);
    for (let step = 0; step < 100; step++) counts[bucketOf(histogram.getValueAtPercentile(step + 0.5) / 1000)]! += 1;
    const fullest = Math.max(...counts);
    cells[t.transport] = counts
      .map((n) => (n === 0 ? levels[0] : levels[Math.max(1, Math.round((n / fullest) * (levels.length - 1)))]))
      .join('');
  }
  return { lowMs, highMs, cells };
}
