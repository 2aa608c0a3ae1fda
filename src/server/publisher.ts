import { setImmediate as yieldToIo } from 'node:timers/promises';
import { nowNs, sleepUntil } from '../shared/clock.js';
import { seededPayload, seededRandom } from '../shared/random.js';
import type { EventLog } from './event-log.js';
import type { RestartTimeline } from '../shared/recovery-types.js';

/** A steady publishing schedule on the shared clock. */
export interface PublishSchedule {
  /** When event 1 is due, in ns of `process.hrtime.bigint()`. */
  startAtNs: bigint;
  /** How many events to publish; 0 means until stopped. */
  count: number;
  /** Events per second; may be changed while the schedule runs (from the next event on). */
  ratePerSec: number;
  /** Size of each event's `data`, in bytes. */
  payloadBytes: number;
  seed: number;
  /** Publish from this event (index from 0) on, at its due time: a restarted server takes the schedule over. */
  fromIndex?: number;
  /** Publish no event due at or after this time (ns): a server about to restart stops here. */
  stopAtNs?: bigint;
}

/** When event i (from 0) is due at `ratePerSec`, in ns after the schedule's start: i/rate, to the ns. */
export function eventDueNs(index: number, ratePerSec: number): number {
  return Math.round((index * 1e9) / ratePerSec);
}

/** A late publisher catches up in batches of at most this many events… */
const MAX_BATCH_EVENTS = 1000;
/** …and this many payload bytes, yielding to I/O between them. */
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** What a schedule's run published, and how far behind the schedule it fell. */
export interface PublishOutcome {
  published: number;
  /** The latest any event went out after its due time, in milliseconds (0 when always on time). */
  maxLagMs: number;
  /** When the server restarted mid-schedule (`--restart-at`): the old process stopped, was killed, the new listened. */
  restart?: RestartTimeline;
}

/**
 * Publishes events into `log` at `ratePerSec`, event i due at startAt + i/rate. Each due time is
 * computed from the start, so timer lateness never accumulates into drift. Every event is
 * stamped when it really goes out; how late that was against its due time is reported, so a
 * server that fell behind shows it instead of hiding it in latency figures measured from the stamp.
 */
export async function publishOnSchedule(
  log: EventLog,
  schedule: PublishSchedule,
  signal: AbortSignal,
): Promise<PublishOutcome> {
  const random = seededRandom(schedule.seed);
  // The schedule's rate may change while it runs (a session's knob): due times are then counted
  // from the change, at the new rate.
  let rate = schedule.ratePerSec;
  let baseIndex = 0;
  let baseNs = schedule.startAtNs;
  const dueAt = (index: number): bigint => baseNs + BigInt(eventDueNs(index - baseIndex, rate));
  const stopAt = schedule.stopAtNs;
  const more = (index: number): boolean =>
    (schedule.count === 0 || index < schedule.count) && (stopAt === undefined || dueAt(index) < stopAt);
  const first = schedule.fromIndex ?? 0;
  let published = first;
  let maxLagNs = 0n;
  while (!signal.aborted && more(published)) {
    // Payloads are made before the event is due so their cost never lands in its latency.
    const datas = [seededPayload(schedule.payloadBytes, random)];
    await sleepUntil(dueAt(published), signal, () => schedule.ratePerSec !== rate);
    if (signal.aborted) break;
    if (schedule.ratePerSec !== rate) {
      // The next event comes one new interval after the change.
      baseNs = nowNs() + BigInt(eventDueNs(1, schedule.ratePerSec));
      baseIndex = published;
      rate = schedule.ratePerSec;
      continue;
    }
    // Every further event already due goes out in the same batch: a server behind its
    // schedule then writes each subscriber once, rather than once per late event. A batch is
    // bounded, so a publisher far behind catches up in steps.
    const now = nowNs();
    const maxBatch = Math.min(
      MAX_BATCH_EVENTS,
      Math.max(1, Math.floor(MAX_BATCH_BYTES / Math.max(1, schedule.payloadBytes))),
    );
    while (datas.length < maxBatch && more(published + datas.length) && dueAt(published + datas.length) <= now) {
      datas.push(seededPayload(schedule.payloadBytes, random));
    }
    const batch = log.publishMany(datas);
    // The batch's first event is the one that waited longest.
    const lagNs = (batch[0]?.publishedAtNs ?? now) - dueAt(published);
    if (lagNs > maxLagNs) maxLagNs = lagNs;
    published += batch.length;
    // Even when late, the server answers its other requests (and Ctrl-C) between batches.
    await yieldToIo();
  }
  return { published: published - first, maxLagMs: Number(maxLagNs) / 1e6 };
}
