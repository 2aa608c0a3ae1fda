// Samples this process's RSS every 100 ms: the "memory per client" method shared by subject and reference.

const SAMPLE_EVERY_MS = 100;

/**
 * Collects garbage (when run with --expose-gc), reads the baseline RSS, then samples until
 * `stop()`, which returns { baselineBytes, peakBytes, samples }.
 */
export function startRssSampler() {
  globalThis.gc?.();
  const baselineBytes = process.memoryUsage.rss();
  let peakBytes = baselineBytes;
  let samples = 0;
  const timer = setInterval(() => {
    peakBytes = Math.max(peakBytes, process.memoryUsage.rss());
    samples += 1;
  }, SAMPLE_EVERY_MS);
  return {
    stop: () => {
      clearInterval(timer);
      return { baselineBytes, peakBytes, samples };
    },
  };
}
