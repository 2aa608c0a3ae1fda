import { describe, expect, it } from 'vitest';
import { TickSchedule } from '../../src/shared/clock.js';

/** A promise and the function that resolves it (Promise.withResolvers is not in Node 20). */
function signalled(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('TickSchedule', () => {
  it('runs each call at or after its moment, those of one millisecond together and in order', async () => {
    const ticks = new TickSchedule();
    const ran: Array<{ name: string; lateBy: number }> = [];
    const base = performance.now() + 5;
    const { promise: lastRan, resolve } = signalled();
    const plan = [
      { name: 'a', atMs: base + 0.2 },
      { name: 'b', atMs: base + 0.7 },
      { name: 'c', atMs: base + 3.5 },
      { name: 'past', atMs: performance.now() - 10 },
    ];
    for (const { name, atMs } of plan)
      ticks.at(atMs, () => {
        ran.push({ name, lateBy: performance.now() - atMs });
        if (name === 'c') resolve();
      });
    await lastRan;
    expect(ran.map((call) => call.name)).toEqual(['past', 'a', 'b', 'c']);
    for (const call of ran) expect(call.lateBy).toBeGreaterThanOrEqual(0);
  });

  it('never runs a cancelled call, and keeps the others of its tick', async () => {
    const ticks = new TickSchedule();
    const ran: string[] = [];
    const atMs = performance.now() + 3;
    const { promise: sentinelRan, resolve } = signalled();
    const first = ticks.at(atMs, () => ran.push('first'));
    ticks.at(atMs, () => ran.push('second'));
    const alone = ticks.at(atMs + 5, () => ran.push('alone'));
    ticks.at(atMs + 10, () => {
      ran.push('sentinel');
      resolve();
    });
    ticks.cancel(atMs, first);
    ticks.cancel(atMs + 5, alone);
    // Cancelling twice, or a slot that is not there, does nothing.
    ticks.cancel(atMs + 5, alone);
    ticks.cancel(atMs + 100, 0);
    await sentinelRan;
    expect(ran).toEqual(['second', 'sentinel']);
  });
});
