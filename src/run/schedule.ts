import type { CompareOptions } from '../shared/types.js';

/** When and how much each phase publishes: the same for every transport of a run. */
export interface PhasePlan {
  /** Events published per phase. */
  count: number;
  /** Time from the first event to the end of publishing, in milliseconds. */
  publishWindowMs: number;
  /**
   * Quiet time at the end of each phase, in milliseconds: one poll interval when short
   * polling runs, so every poller's last in-phase poll comes after the last event.
   */
  settleMs: number;
}

/** Plans a phase: publish for duration − settle at the rate; event i due at i/rate. */
export function planPhase(options: Pick<CompareOptions, 'transports' | 'durationMs' | 'pollIntervalMs' | 'ratePerSec'>): PhasePlan {
  const settleMs = options.transports.includes('poll') ? options.pollIntervalMs : 0;
  const publishWindowMs = options.durationMs - settleMs;
  // Events at 0, 1/rate, 2/rate… strictly inside the window.
  const count = Math.max(0, Math.ceil((options.ratePerSec * publishWindowMs) / 1000 - 1e-9));
  return { count, publishWindowMs, settleMs };
}
