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

/**
 * A sleep for a loop that waits many times on one signal (a poller's ticks): `sleep(atMs)` resolves
 * at `atMs` of `performance.now()` (at once when it has passed, with no timer) or when `signal`
 * aborts. One abort listener serves every wait.
 */
export function sleeper(signal: AbortSignal): (atMs: number) => Promise<void> {
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  signal.addEventListener(
    'abort',
    () => {
      clearTimeout(timer);
      wake?.();
    },
    { once: true },
  );
  return (atMs) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      wake = resolve;
      const wait = (): void => {
        const ms = atMs - performance.now();
        if (ms > 0) timer = setTimeout(wait, Math.ceil(ms));
        else resolve();
      };
      wait();
    });
}
