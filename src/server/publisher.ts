import { nowNs, sleepUntil } from '../shared/clock.js';
import { seededPayload, seededRandom } from '../shared/random.js';
import type { EventLog } from './event-log.js';

/** A steady publishing schedule on the shared clock. */
export interface PublishSchedule {
  /** When event 1 is due, in ns of `process.hrtime.bigint()`. */
  startAtNs: bigint;
  /** How many events to publish; 0 means until stopped. */
  count: number;
  /** Events per second. */
  ratePerSec: number;
  /** Size of each event's `data`, in bytes. */
  payloadBytes: number;
  seed: number;
}

/** When event i (from 0) is due at `ratePerSec`, in ns after the schedule's start: i/rate, to the ns. */
export function eventDueNs(index: number, ratePerSec: number): number {
  return Math.round((index * 1e9) / ratePerSec);
}

/**
 * Publishes events into `log` at `ratePerSec`, event i due at startAt + i/rate. Each due time is
 * computed from the start, so timer lateness never accumulates into drift.
 * Resolves with the number published once `count` is reached or `signal` aborts.
 */
export async function publishOnSchedule(log: EventLog, schedule: PublishSchedule, signal: AbortSignal): Promise<number> {
  const random = seededRandom(schedule.seed);
  const dueAt = (index: number): bigint => schedule.startAtNs + BigInt(eventDueNs(index, schedule.ratePerSec));
  const more = (index: number): boolean => schedule.count === 0 || index < schedule.count;
  let published = 0;
  while (!signal.aborted && more(published)) {
    // Payloads are made before the event is due so their cost never lands in its latency.
    const datas = [seededPayload(schedule.payloadBytes, random)];
    await sleepUntil(dueAt(published), signal);
    if (signal.aborted) break;
    // Every further event already due goes out in the same batch: a server behind its
    // schedule then writes each subscriber once, rather than once per late event.
    const now = nowNs();
    while (more(published + datas.length) && dueAt(published + datas.length) <= now) {
      datas.push(seededPayload(schedule.payloadBytes, random));
    }
    published += log.publishMany(datas).length;
  }
  return published;
}
