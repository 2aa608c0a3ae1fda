// Where a machine stops keeping up: short pollers offer a request every interval each; the
// requests a phase really carried say how much of that the machine answered. Pure, from counts.
import { TRANSPORT_LABELS, TRANSPORT_SPECS } from '../shared/transports.js';
import type { ComparisonResult, TransportResult } from '../shared/result-types.js';
import { MISSING, formatDecimal, formatInteger, formatPercent } from './format.js';
import type { MetricRow } from './section-model.js';

/** Below this share of the offered polls, the run says the machine could not keep up. */
const KEEPING_UP = 0.9;

/**
 * Polls per second a phase's clients offered (one per client per interval) and the ones it carried; null for a
 * transport that does not poll on a timer.
 */
export function pollRate(result: ComparisonResult, t: TransportResult): { offered: number; achieved: number } | null {
  if (!TRANSPORT_SPECS[t.transport].pollsOnTimer) return null;
  // The polls went out while the clients were active: the duration and the stragglers' grace after it.
  const seconds = (t.activeMs ?? Math.min(t.phaseMs, result.options.durationMs)) / 1000;
  if (seconds <= 0) return null;
  return { offered: (t.clients * 1000) / result.options.pollIntervalMs, achieved: t.requests.http / seconds };
}

/** The row of polls per second achieved against offered, when some transport polls on a timer. */
export function pollRateRow(result: ComparisonResult): MetricRow | undefined {
  const rates = result.transports.map((t) => pollRate(result, t));
  if (rates.every((rate) => rate === null)) return undefined;
  return {
    label: 'polls/s achieved / offered',
    cells: rates.map((rate) => ({
      lines: [rate ? `${formatDecimal(rate.achieved, 1)} / ${formatDecimal(rate.offered, 1)}` : MISSING],
      tone: rate && rate.achieved < KEEPING_UP * rate.offered ? 'bad' : 'plain',
    })),
  };
}

/** A line for each polling transport the machine could not keep on its interval. */
export function ceilingNotes(result: ComparisonResult): string[] {
  return result.transports.flatMap((t) => {
    const rate = pollRate(result, t);
    if (!rate || rate.achieved >= KEEPING_UP * rate.offered) return [];
    return [
      `${TRANSPORT_LABELS[t.transport]}: its ${formatInteger(t.clients)} clients offered ` +
        `${formatDecimal(rate.offered, 1)} polls/s and ` +
        `${formatDecimal(rate.achieved, 1)}/s were carried (${formatPercent(rate.achieved / rate.offered)}): at ` +
        `this interval the ` +
        'machine cannot answer every poll on time, so events wait longer than the interval (see publish lag and ' +
        'event-loop delay).',
    ];
  });
}
