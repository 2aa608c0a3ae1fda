// What an intermediary between the tool and a target is likely doing, said from the figures:
// a push transport far slower than another on the same path is held by a proxy's buffering.
import { TRANSPORT_LABELS, TRANSPORT_SPECS } from '../shared/transports.js';
import type { ComparisonResult } from '../shared/result-types.js';
import { formatDecimal } from './format.js';

/** How many times slower one push transport's p50 must be than another's before it is said. */
const SLOWER_BY = 10;

/**
 * One line per push transport whose p50 through a target is SLOWER_BY times the fastest push
 * transport's on the same path, naming the usual cause and fix; none for the demo server.
 */
export function intermediaryNotes(result: ComparisonResult): string[] {
  if (!result.options.target) return [];
  const push = result.transports.filter((t) => TRANSPORT_SPECS[t.transport].family === 'push' && t.latencyMs);
  const fastest = push.reduce<(typeof push)[number] | undefined>(
    (best, t) => (best && best.latencyMs!.p50 <= t.latencyMs!.p50 ? best : t),
    undefined,
  );
  if (!fastest || fastest.latencyMs!.p50 <= 0) return [];
  return push
    .filter((t) => t.latencyMs!.p50 >= SLOWER_BY * fastest.latencyMs!.p50)
    .map(
      (t) =>
        `${TRANSPORT_LABELS[t.transport]}'s p50 is ${formatDecimal(t.latencyMs!.p50 / fastest.latencyMs!.p50, 1)}× ` +
        `${TRANSPORT_LABELS[fastest.transport]}'s on the same path: an intermediary is likely buffering it ` +
        '(nginx: send X-Accel-Buffering: no, or proxy_buffering off; haproxy: option http-no-delay)',
    );
}
