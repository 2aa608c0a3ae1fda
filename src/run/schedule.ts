import { eventDueNs } from '../server/publisher.js';
import { anyPollsOnTimer } from '../shared/transports.js';
import type { CompareOptions } from '../shared/options-types.js';

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

/**
 * Plans a phase: publish for duration − settle at the rate. Event i is due at i/rate (to the
 * ns, as the publisher schedules it); the count is every event due strictly inside the window.
 */
export function planPhase(
  options: Pick<CompareOptions, 'transports' | 'durationMs' | 'pollIntervalMs' | 'ratePerSec'>,
): PhasePlan {
  const settleMs = anyPollsOnTimer(options.transports) ? options.pollIntervalMs : 0;
  const publishWindowMs = options.durationMs - settleMs;
  const windowNs = Math.round(publishWindowMs * 1e6);
  const inside = (index: number): boolean => eventDueNs(index, options.ratePerSec) < windowNs;
  // Start from the float estimate, then settle it against the publisher's own due times.
  let count = windowNs > 0 ? Math.max(1, Math.ceil((options.ratePerSec * windowNs) / 1e9)) : 0;
  while (count > 0 && !inside(count - 1)) count -= 1;
  while (windowNs > 0 && inside(count)) count += 1;
  return { count, publishWindowMs, settleMs };
}
