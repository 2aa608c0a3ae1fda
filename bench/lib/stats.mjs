// Small statistics for the bench: median and spread of runs, nearest-rank percentiles.

/** Median of `values` (mean of the middle two when the count is even). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median, min and max of the runs' figures. */
export function spread(values) {
  return { runs: values, median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Nearest-rank percentile `p` (0–100) of `values`, as HdrHistogram's getValueAtPercentile reads it. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}
