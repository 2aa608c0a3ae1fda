import { findCrossovers } from '../checks/crossovers.js';
import type { SweepParam, SweepPoint, SweepResult } from '../shared/sweep-types.js';
import type { CompareOptions } from '../shared/options-types.js';
import type { PhaseProgress } from '../shared/run-types.js';
import { runComparison } from './compare.js';

/** Callbacks a sweep's command uses to show progress; the sweep itself never prints. */
export interface SweepHooks {
  onPoint?(index: number, total: number, value: number): void;
  onProgress?(progress: PhaseProgress, index: number, total: number): void;
}

/**
 * Runs the comparison once per value of `param` (each point validated as `compare` would have
 * it, by `optionsAt`), every other option the same, and finds where transports change order.
 * An interruption keeps the points done.
 */
export async function runSweep(
  param: SweepParam,
  values: readonly number[],
  optionsAt: (value: number) => CompareOptions,
  hooks: SweepHooks = {},
  signal?: AbortSignal,
): Promise<SweepResult> {
  const points: SweepPoint[] = [];
  for (const [index, value] of values.entries()) {
    if (signal?.aborted) break;
    hooks.onPoint?.(index, values.length, value);
    const result = await runComparison(optionsAt(value), { onProgress: hooks.onProgress }, signal);
    // An interrupted point is partial; it is not a point of the curve.
    if (result.partial) break;
    points.push({ value, result });
  }
  return {
    schemaVersion: 1,
    kind: 'sweep',
    vary: { param, values: [...values] },
    points,
    crossovers: findCrossovers(points),
    ...(signal?.aborted ? { partial: true } : {}),
  };
}
