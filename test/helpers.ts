import type { ChildProcess } from 'node:child_process';
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

/**
 * Stops a child process and waits for it to exit: `signal` first, SIGKILL if it is still there after `graceMs`
 * (a server waiting on a handler that never ends must not outlive the test run).
 */
export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 5000,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
