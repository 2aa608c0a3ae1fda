import { nowNs } from '../shared/clock.js';
import { isConnectionLoss, type FaultCode } from '../shared/faults.js';
import type { RecoveryTally } from '../shared/recovery-types.js';

/** Where on the shared clock a µs figure of the tally is taken from a ns reading. */
const micros = (ns: bigint): number => Number(ns / 1000n);

/**
 * What a transport's clients record of a restart: who lost their connection and when, when each was back (its first
 * event published after the restart), the connection attempts made meanwhile. With a planned restart (`--restart-at`)
 * the faults it causes are its cost, kept here rather than as the run's errors; against a target, a lost connection
 * marks a drop and its faults stay errors.
 */
export class RecoveryRecorder {
  /** When the planned restart stops the old server's publishing (ns); absent: none is planned. */
  plannedNs: bigint | undefined;
  /** When the phase's first event was due: failures before it are a connect's, not a drop. */
  private beganNs: bigint | undefined;
  private dropped = 0;
  private firstDropNs: bigint | undefined;
  private readonly backAtUs: number[] = [];
  private attempts = 0;
  private readonly faults = new Map<string, number>();

  /** The phase began at `startAtNs`; a restart planned `restartAtMs` into it. */
  begin(startAtNs: bigint, restartAtMs: number | undefined): void {
    this.beganNs = startAtNs;
    if (restartAtMs !== undefined) this.plannedNs = startAtNs + BigInt(Math.round(restartAtMs * 1e6));
  }

  /**
   * A client not yet back met fault `code`: the mark it is back from when this is its drop (undefined when not a drop),
   * and whether the fault is the restart's cost rather than an error.
   */
  dropOf(code: FaultCode, marked: boolean): { markNs?: bigint; cost: boolean } {
    if (this.beganNs === undefined) return { cost: false };
    const planned = this.plannedNs;
    if (marked) return { cost: planned !== undefined };
    // Planned: any fault from the restart on is its doing; against a target, only a lost connection is a drop.
    if (planned === undefined && !isConnectionLoss(code)) return { cost: false };
    const now = nowNs();
    if (now < (planned ?? this.beganNs)) return { cost: false };
    this.dropped += 1;
    if (this.firstDropNs === undefined || now < this.firstDropNs) this.firstDropNs = now;
    return { markNs: planned ?? now, cost: planned !== undefined };
  }

  /** Counts a fault as the restart's cost. */
  cost(code: FaultCode): void {
    this.faults.set(code, (this.faults.get(code) ?? 0) + 1);
  }

  /** A client received its first event published after the restart at `receivedNs`. */
  back(receivedNs: bigint): void {
    this.backAtUs.push(micros(receivedNs));
  }

  /** A connection attempt now: counted from the restart (from the first drop seen, without one planned). */
  attempt(): void {
    const mark = this.plannedNs ?? this.firstDropNs;
    if (mark !== undefined && nowNs() >= mark) this.attempts += 1;
  }

  /** The tally as plain data; undefined when there was no restart and no drop. */
  tally(): RecoveryTally | undefined {
    if (this.plannedNs === undefined && this.dropped === 0) return undefined;
    return {
      dropped: this.dropped,
      firstDropUs: this.firstDropNs === undefined ? null : micros(this.firstDropNs),
      backAtUs: [...this.backAtUs],
      attempts: this.attempts,
      faults: Object.fromEntries(this.faults),
    };
  }

  /** Adds what clients in another process recorded. */
  absorb(part: RecoveryTally): void {
    this.dropped += part.dropped;
    if (part.firstDropUs !== null) {
      const ns = BigInt(part.firstDropUs) * 1000n;
      if (this.firstDropNs === undefined || ns < this.firstDropNs) this.firstDropNs = ns;
    }
    for (const at of part.backAtUs) this.backAtUs.push(at);
    this.attempts += part.attempts;
    for (const [code, n] of Object.entries(part.faults)) this.faults.set(code, (this.faults.get(code) ?? 0) + n);
  }
}
