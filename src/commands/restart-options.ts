import { UsageError } from '../shared/errors.js';
import type { CompareOptions } from '../shared/options-types.js';
import { anyPollsOnTimer } from '../shared/transports.js';
import { formatDurationMs } from '../shared/units.js';
import { planPhase } from '../run/schedule.js';
import { OPTIONS } from './options.js';

/** What a phase keeps after a restart when --duration is not given: the server comes back, then its clients. */
export const RESTART_ROOM_MS = 3000;

/**
 * Without an explicit --duration, a phase with `--restart-at T` runs at least T + 3 s (T + 3 s + one poll interval with
 * short polls), so the clients have time to come back and show it.
 */
export function withRestartRoom<R extends { duration: string; pollInterval: string; transports: string }>(
  raw: R,
  restartAt: string | undefined,
  explicit: (key: 'duration') => boolean,
): R {
  if (restartAt === undefined || explicit('duration')) return raw;
  const atMs = OPTIONS.restartAt.parse(restartAt);
  const durationMs = OPTIONS.duration.parse(raw.duration);
  const polls = anyPollsOnTimer(OPTIONS.transports.parse(raw.transports));
  const needed = atMs + RESTART_ROOM_MS + (polls ? OPTIONS.pollInterval.parse(raw.pollInterval) : 0);
  return durationMs >= needed ? raw : { ...raw, duration: formatDurationMs(needed) };
}

/** `--restart-at`: when in each phase the embedded server is killed and started again (ms); checked against the run. */
export function parseRestartAt(text: string, options: CompareOptions): number {
  const atMs = OPTIONS.restartAt.parse(text);
  const refuse = (why: string): never => {
    throw new UsageError(`--restart-at: ${why}`);
  };
  if (options.target || options.app)
    refuse(
      'restarts the embedded server; restart your own server yourself during the run, and the run shows how the ' +
        'clients came back once it sees their connections drop',
    );
  if (options.tls)
    refuse("cannot go with --tls: the run's certificate key lives only in the server process it would kill");
  if ((options.processes ?? 1) > 1) refuse('restarts one server process; it cannot go with --processes above 1');
  const plan = planPhase(options);
  if (atMs >= plan.publishWindowMs)
    refuse(
      `'${text}' leaves no event after the restart: each phase publishes for ${formatDurationMs(plan.publishWindowMs)}` +
        `${plan.settleMs > 0 ? ' (--duration less one --poll-interval)' : ''}; restart earlier or run longer`,
    );
  return atMs;
}
