/** Now, in nanoseconds of the system-wide monotonic clock that every process on this host shares. */
export function nowNs(): bigint {
  return process.hrtime.bigint();
}

/** Milliseconds from now until `atNs` (negative when it has passed). */
export function msUntil(atNs: bigint): number {
  return Number(atNs - nowNs()) / 1e6;
}

/**
 * Resolves at `atNs` on the shared clock (never before it), or at once when `signal` aborts.
 * Timers count whole milliseconds and may fire up to one early, so the wait re-arms until due.
 */
export function sleepUntil(atNs: bigint, signal?: AbortSignal): Promise<void> {
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
      if (ms <= 0) return done();
      timer = setTimeout(wait, Math.ceil(ms));
    };
    signal?.addEventListener('abort', done, { once: true });
    wait();
  });
}
