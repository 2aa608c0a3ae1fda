import type { CliIo } from './io.js';

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

/** A run's Ctrl-C: the first stops it cleanly (what was measured still prints), the second quits at once. */
export interface Interrupt {
  readonly signal: AbortSignal;
  /** Stops listening for Ctrl-C. */
  dispose(): void;
}

/**
 * Listens for Ctrl-C (and SIGTERM, as a CI runner or `timeout` sends it) for the length of a
 * run: the first aborts `signal` (after `before`, e.g. clearing the progress line) and says so
 * on stderr, so what was measured still prints; a second quits at once with 130.
 */
export function listenForInterrupt(
  io: CliIo,
  what: string,
  before: () => void = () => {},
  /** False while nothing has been measured yet (a target's preflight): Ctrl-C then quits at once. */
  measuring: () => boolean = () => true,
): Interrupt {
  const interrupt = new AbortController();
  const onSigint = (): void => {
    if (interrupt.signal.aborted) process.exit(EXIT_INTERRUPTED);
    before();
    if (!measuring()) {
      io.stderr.write('poll-vs-push: interrupted before the first phase; nothing was measured\n');
      process.exit(EXIT_INTERRUPTED);
    }
    io.stderr.write(`poll-vs-push: interrupted; stopping ${what} (Ctrl-C again to quit at once)\n`);
    interrupt.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  return {
    signal: interrupt.signal,
    dispose: () => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    },
  };
}
