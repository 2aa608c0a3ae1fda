/** Now, in nanoseconds of the system-wide monotonic clock that every process on this host shares. */
export function nowNs(): bigint {
  return process.hrtime.bigint();
}

/** Milliseconds from now until `atNs` (negative when it has passed). */
export function msUntil(atNs: bigint): number {
  return Number(atNs - nowNs()) / 1e6;
}

/** How often a wait that may be cut short checks whether it should be, in milliseconds. */
const INTERRUPT_CHECK_MS = 50;

/**
 * Resolves at `atNs` on the shared clock (never before it), or at once when `signal` aborts, or
 * (checked every 50 ms) once `interrupted()` is true. Timers count whole milliseconds and may
 * fire up to one early, so the wait re-arms until due.
 */
export function sleepUntil(atNs: bigint, signal?: AbortSignal, interrupted?: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    let timer: NodeJS.Timeout | undefined;
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const wait = (): void => {
      const ms = msUntil(atNs);
      if (ms <= 0 || interrupted?.()) {
        done();
        return;
      }
      timer = setTimeout(wait, interrupted ? Math.min(Math.ceil(ms), INTERRUPT_CHECK_MS) : Math.ceil(ms));
    };
    signal?.addEventListener('abort', done, { once: true });
    wait();
  });
}

interface Tick {
  timer: NodeJS.Timeout;
  calls: Array<(() => void) | undefined>;
  /** Calls not cancelled. */
  live: number;
}

/**
 * Callbacks at given moments of `performance.now()`, on one timer per millisecond they fall due
 * in: a crowd of pollers due in the same millisecond costs one timer, not one each. A call runs
 * at or after its moment (timers may fire a little early: the tick re-arms until due), in the
 * order the calls were made.
 */
export class TickSchedule {
  private readonly ticks = new Map<number, Tick>();

  /** Runs `call` once at `atMs` (at the next tick when it has passed); returns its slot, to cancel it by. */
  at(atMs: number, call: () => void): number {
    const ms = Math.ceil(atMs);
    const tick = this.ticks.get(ms);
    if (!tick) {
      this.ticks.set(ms, { timer: this.arm(ms), calls: [call], live: 1 });
      return 0;
    }
    tick.live += 1;
    return tick.calls.push(call) - 1;
  }

  /** Drops the call in `slot` of the tick of `atMs`; the tick's timer goes when none is left. */
  cancel(atMs: number, slot: number): void {
    const ms = Math.ceil(atMs);
    const tick = this.ticks.get(ms);
    if (!tick || tick.calls[slot] === undefined) return;
    tick.calls[slot] = undefined;
    tick.live -= 1;
    if (tick.live > 0) return;
    clearTimeout(tick.timer);
    this.ticks.delete(ms);
  }

  private arm(ms: number): NodeJS.Timeout {
    return setTimeout(() => this.fire(ms), Math.max(0, ms - performance.now()));
  }

  private fire(ms: number): void {
    const tick = this.ticks.get(ms);
    if (!tick) return;
    if (performance.now() < ms) {
      tick.timer = this.arm(ms);
      return;
    }
    this.ticks.delete(ms);
    for (const call of tick.calls) call?.();
  }
}
