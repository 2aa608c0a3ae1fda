import { describe, expect, it } from 'vitest';
import { EventLog } from '../../src/server/event-log.js';
import { eventDueNs, publishOnSchedule } from '../../src/server/publisher.js';
import { nowNs } from '../../src/shared/clock.js';

describe('publishOnSchedule', () => {
  it('publishes every event of the schedule, in order, each no earlier than it is due', async () => {
    const log = new EventLog();
    const startAtNs = nowNs() + 5_000_000n;
    const outcome = await publishOnSchedule(
      log,
      { startAtNs, count: 5, ratePerSec: 200, payloadBytes: 8, seed: 1 },
      new AbortController().signal,
    );
    expect(outcome.published).toBe(5);
    const events = log.after(0);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    for (const [i, event] of events.entries()) {
      expect(event.publishedAtNs >= startAtNs + BigInt(eventDueNs(i, 200))).toBe(true);
    }
    // The outcome's lag is the latest any event went out after its due time, to the ns.
    const lagsNs = events.map((event, i) => event.publishedAtNs - (startAtNs + BigInt(eventDueNs(i, 200))));
    // biome-ignore lint/complexity/useMathMinMax: Math.max takes no bigint
    expect(outcome.maxLagMs).toBe(Number(lagsNs.reduce((max, lag) => (lag > max ? lag : max))) / 1e6);
  });

  it('sends every event already overdue in one batch, so subscribers are written once', async () => {
    const log = new EventLog();
    const batches: number[] = [];
    log.subscribe((events) => batches.push(events.length));
    // The schedule started a second ago: all six events are overdue at once.
    const startAtNs = nowNs() - 1_000_000_000n;
    const outcome = await publishOnSchedule(
      log,
      { startAtNs, count: 6, ratePerSec: 100, payloadBytes: 8, seed: 1 },
      new AbortController().signal,
    );
    expect(batches).toEqual([6]);
    // The first event was due a second before it went out, and the outcome says so.
    expect(outcome.maxLagMs).toBeGreaterThanOrEqual(1000);
  });

  it('stops when its signal aborts, saying how many it published', async () => {
    const log = new EventLog();
    const controller = new AbortController();
    controller.abort();
    expect(
      await publishOnSchedule(
        log,
        { startAtNs: nowNs(), count: 0, ratePerSec: 1, payloadBytes: 8, seed: 1 },
        controller.signal,
      ),
    ).toEqual({ published: 0, maxLagMs: 0 });
  });
});
