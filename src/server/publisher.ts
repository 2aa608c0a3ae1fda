import { sleepUntil } from '../metrics/clock.js';
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

/**
 * Publishes events into `log` at `ratePerSec`, event i due at startAt + i/rate. Each wait is
 * computed from the start, so timer lateness never accumulates into drift.
 * Resolves with the number published once `count` is reached or `signal` aborts.
 */
export async function publishOnSchedule(log: EventLog, schedule: PublishSchedule, signal: AbortSignal): Promise<number> {
  const random = seededRandom(schedule.seed);
  const intervalNs = BigInt(Math.round(1e9 / schedule.ratePerSec));
  let published = 0;
  while (!signal.aborted && (schedule.count === 0 || published < schedule.count)) {
    // Payloads are made before the event is due so their cost never lands in its latency.
    const data = seededPayload(schedule.payloadBytes, random);
    await sleepUntil(schedule.startAtNs + BigInt(published) * intervalNs, signal);
    if (signal.aborted) break;
    log.publish(data);
    published += 1;
  }
  return published;
}
