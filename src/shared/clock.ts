/** Now, in nanoseconds of the system-wide monotonic clock that every process on this host shares. */
export function nowNs(): bigint {
  return process.hrtime.bigint();
}

/** Milliseconds from now until `atNs` (negative when it has passed). */
export function msUntil(atNs: bigint): number {
  return Number(atNs - nowNs()) / 1e6;
}

/** Resolves at `atNs` on the shared clock, or at once when `signal` aborts. */
export function sleepUntil(atNs: bigint, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, msUntil(atNs)));
    signal?.addEventListener('abort', done, { once: true });
  });
}
