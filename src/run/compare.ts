import type { CompareOptions } from '../shared/options-types.js';
import type { ComparisonResult } from '../shared/result-types.js';
import type { PhaseProgress } from '../shared/run-types.js';
import { ComparisonSession } from './session.js';

/** Callbacks the CLI uses to show progress; the run itself never prints. */
export interface RunHooks {
  onProgress?(progress: PhaseProgress, index: number, total: number): void;
  onServerReady?(url: string): void;
  /** Something the user should know before the run (e.g. a server reachable from other machines). */
  onWarning?(line: string): void;
}

/**
 * The comparison: start the demo server in its own process, run each transport's phase in
 * turn against the same schedule, and return the plain, versioned result. When `signal`
 * aborts, the current phase stops at once and the result so far is returned, marked partial.
 * A thin wrapper over a session: the hooks are its events.
 */
export async function runComparison(
  options: CompareOptions,
  hooks: RunHooks = {},
  signal?: AbortSignal,
): Promise<ComparisonResult> {
  const session = new ComparisonSession(options, signal);
  session.on('started', ({ url, warning }) => {
    if (warning) hooks.onWarning?.(warning);
    hooks.onServerReady?.(url);
  });
  session.on('snapshot', (snapshot) => hooks.onProgress?.(snapshot.progress, snapshot.index, snapshot.total));
  return session.run();
}
