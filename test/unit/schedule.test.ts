import { describe, expect, it } from 'vitest';
import { planPhase } from '../../src/run/schedule.js';
import { eventDueNs } from '../../src/server/publisher.js';
import type { Transport } from '../../src/shared/transports.js';

const ALL: Transport[] = ['poll', 'long-poll', 'sse', 'ws'];
const PUSH_ONLY: Transport[] = ['long-poll', 'sse', 'ws'];

/**
 * The reference count with integers only: rate = num/den per second, window in whole ms.
 * Event i is due at i·den/num s = 1000·i·den/num ms; it counts when that is < windowMs,
 * i.e. 1000·i·den < windowMs·num.
 */
function referenceCount(num: number, den: number, windowMs: number): number {
  let count = 0;
  while (1000n * BigInt(count) * BigInt(den) < BigInt(windowMs) * BigInt(num)) count += 1;
  return count;
}

describe('planPhase settle time', () => {
  it('is one poll interval when short polling runs', () => {
    const plan = planPhase({ transports: ALL, durationMs: 5000, pollIntervalMs: 1000, ratePerSec: 10 });
    expect(plan.settleMs).toBe(1000);
    expect(plan.publishWindowMs).toBe(4000);
  });

  it('is one poll interval when poll is the only transport, or not the first', () => {
    expect(planPhase({ transports: ['poll'], durationMs: 3000, pollIntervalMs: 250, ratePerSec: 1 }).settleMs).toBe(
      250,
    );
    expect(
      planPhase({ transports: ['ws', 'poll'], durationMs: 3000, pollIntervalMs: 250, ratePerSec: 1 }).settleMs,
    ).toBe(250);
  });

  it('is 0 when poll does not run, so the whole duration publishes', () => {
    const plan = planPhase({ transports: PUSH_ONLY, durationMs: 5000, pollIntervalMs: 1000, ratePerSec: 10 });
    expect(plan.settleMs).toBe(0);
    expect(plan.publishWindowMs).toBe(5000);
    expect(plan.count).toBe(50);
  });
});

describe('planPhase event count: every i ≥ 0 with i/rate strictly inside the window', () => {
  it('rate 10, window 4s → 40 (event 40 at exactly 4s is outside)', () => {
    expect(planPhase({ transports: ALL, durationMs: 5000, pollIntervalMs: 1000, ratePerSec: 10 })).toEqual({
      count: 40,
      publishWindowMs: 4000,
      settleMs: 1000,
    });
  });

  it('rate 3, window 1.5s → 5 (events at 0, ⅓, ⅔, 1, 1⅓ s)', () => {
    expect(planPhase({ transports: ['sse'], durationMs: 1500, pollIntervalMs: 1000, ratePerSec: 3 }).count).toBe(5);
  });

  it('rate 20, duration 3s, interval 1s with poll → window 2s → 40', () => {
    expect(
      planPhase({ transports: ['poll', 'ws'], durationMs: 3000, pollIntervalMs: 1000, ratePerSec: 20 }).count,
    ).toBe(40);
  });

  it('fractional rates', () => {
    // rate 0.5: events at 0, 2, 4… s; window 4s → 0 and 2 only.
    expect(planPhase({ transports: ['ws'], durationMs: 4000, pollIntervalMs: 1000, ratePerSec: 0.5 }).count).toBe(2);
    // one ms more and the event at 4s is inside.
    expect(planPhase({ transports: ['ws'], durationMs: 4001, pollIntervalMs: 1000, ratePerSec: 0.5 }).count).toBe(3);
    // rate 2.5: events at 0, 0.4, 0.8, 1.2 s inside 1.3s; 1.6 s is not.
    expect(planPhase({ transports: ['ws'], durationMs: 1300, pollIntervalMs: 1000, ratePerSec: 2.5 }).count).toBe(4);
    // rate 0.3 over 10s: 0, 3⅓, 6⅔ s; the fourth event would be at exactly 10 s.
    expect(planPhase({ transports: ['ws'], durationMs: 10_000, pollIntervalMs: 1000, ratePerSec: 0.3 }).count).toBe(3);
    // rate 0.7 over 10s: i/0.7 < 10 → i < 7.
    expect(planPhase({ transports: ['ws'], durationMs: 10_000, pollIntervalMs: 1000, ratePerSec: 0.7 }).count).toBe(7);
    // rate 0.1 over 5s: only the event at 0.
    expect(planPhase({ transports: ['ws'], durationMs: 5000, pollIntervalMs: 1000, ratePerSec: 0.1 }).count).toBe(1);
  });

  it('matches an integer-only reference count over a sweep of rates and windows', () => {
    const rates: Array<[number, number]> = [
      [1, 1],
      [3, 1],
      [10, 1],
      [20, 1],
      [7, 1],
      [1, 2],
      [3, 10],
      [7, 10],
      [1, 10],
      [5, 2],
      [33, 10],
      [123, 100],
      [999, 100],
      [1, 3],
      [10_000, 1],
    ];
    const windows = [100, 250, 999, 1000, 1001, 1500, 3000, 4000, 4999, 5000, 10_000, 33_333];
    for (const [num, den] of rates) {
      for (const windowMs of windows) {
        const ratePerSec = num / den;
        const plan = planPhase({ transports: ['sse'], durationMs: windowMs, pollIntervalMs: 1000, ratePerSec });
        expect({ ratePerSec, windowMs, count: plan.count }).toEqual({
          ratePerSec,
          windowMs,
          count: referenceCount(num, den, windowMs),
        });
      }
    }
  });

  it('publishes the event due at 0 whenever the window is open, however low the rate', () => {
    // Event 0 is due at t = 0, which lies strictly inside any window longer than 0.
    expect(planPhase({ transports: ['ws'], durationMs: 5000, pollIntervalMs: 1000, ratePerSec: 0.001 }).count).toBe(1);
    expect(planPhase({ transports: ['ws'], durationMs: 5000, pollIntervalMs: 1000, ratePerSec: 1e-10 }).count).toBe(1);
  });

  it("counts on the publisher's nanosecond schedule, so the plan and the publisher agree", () => {
    // rate 1.0000000001/s: event 5 is due at 4.9999999995 s, which the publisher rounds to
    // 5,000,000,000 ns, outside a 5 s window; five events are published and planned.
    expect(eventDueNs(5, 1.0000000001)).toBe(5_000_000_000);
    expect(
      planPhase({ transports: ['ws'], durationMs: 5000, pollIntervalMs: 1000, ratePerSec: 1.0000000001 }).count,
    ).toBe(5);
    for (const ratePerSec of [0.3, 1, 3, 7, 33.3, 1000 / 3, 9999]) {
      for (const windowMs of [100, 999, 1000, 4000, 33_333]) {
        const { count } = planPhase({ transports: ['ws'], durationMs: windowMs, pollIntervalMs: 1000, ratePerSec });
        // The last planned event is due inside the window, the next one is not.
        expect(eventDueNs(count - 1, ratePerSec)).toBeLessThan(windowMs * 1e6);
        expect(eventDueNs(count, ratePerSec)).toBeGreaterThanOrEqual(windowMs * 1e6);
      }
    }
  });

  it('publishes nothing when the window is empty or negative', () => {
    expect(planPhase({ transports: ['poll'], durationMs: 1000, pollIntervalMs: 1000, ratePerSec: 10 })).toEqual({
      count: 0,
      publishWindowMs: 0,
      settleMs: 1000,
    });
    expect(planPhase({ transports: ['poll'], durationMs: 500, pollIntervalMs: 1000, ratePerSec: 10 }).count).toBe(0);
  });
});
