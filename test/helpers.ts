import { setTimeout as delay } from 'node:timers/promises';

/**
 * Waits until `condition` holds, checking every few milliseconds. The bound only keeps a broken
 * test from hanging; nothing asserts how long the wait took.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  boundMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await delay(5);
  }
}

/** Tracks whether a promise has settled, without awaiting it. */
export function settled<T>(promise: Promise<T>): { readonly done: boolean } {
  const state = { done: false };
  promise.then(
    () => {
      state.done = true;
    },
    () => {
      state.done = true;
    },
  );
  return state;
}
