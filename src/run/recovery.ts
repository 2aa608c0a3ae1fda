import type { PhaseRecorder } from '../metrics/recorder.js';
import type { RecoveryFigures, RestartTimeline } from '../shared/recovery-types.js';

/** The value at quantile `q` (0..1) of `sorted`, ascending: the nearest rank. */
const rank = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

/**
 * How a transport's clients came back from the phase's restart (`restart`, the embedded server's), or from the drops
 * they saw against a target; undefined when there was neither. With a restart, clients it left without any event
 * published after it are counted NOT_RECOVERED on `recorder`.
 */
export function recoveryOf(
  recorder: PhaseRecorder,
  restart: RestartTimeline | undefined,
  startAtNs: bigint,
  clients: number,
  peakAcceptsPerSec: number | undefined,
): RecoveryFigures | undefined {
  const tally = recorder.recovery.tally();
  // A restart was planned but never came (the run was stopped first): nothing to say.
  if (!tally || (recorder.recovery.plannedNs !== undefined && !restart)) return undefined;
  const atNs = restart ? restart.killedAtNs : BigInt(tally.firstDropUs ?? 0) * 1000n;
  const atUs = Number(atNs / 1000n);
  const backMs = tally.backAtUs.map((us) => Math.max(0, us - atUs) / 1000).sort((a, b) => a - b);
  const concerned = restart ? clients : tally.dropped;
  if (restart && restart.publishedAfter > 0 && backMs.length < concerned)
    recorder.fault('NOT_RECOVERED', concerned - backMs.length);
  return {
    cause: restart ? 'restart' : 'drop',
    atMs: Number(atNs - startAtNs) / 1e6,
    downMs: restart ? Number(restart.listeningAtNs - restart.killedAtNs) / 1e6 : null,
    clients: concerned,
    dropped: tally.dropped,
    recovered: backMs.length,
    backMs: backMs.length > 0 ? { p50: rank(backMs, 0.5), max: backMs.at(-1)! } : null,
    reconnectAttempts: tally.attempts,
    peakAcceptsPerSec: restart ? (peakAcceptsPerSec ?? null) : null,
    faults: tally.faults,
  };
}
