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

/** A process this busy (CPU time over the phase, in cores) is taken to have been unable to do more. */
const SATURATED = 0.85;

/** Who set a polling transport's pace when it fell short of its schedule. */
export interface PaceSetter {
  side: 'clients' | 'server' | 'both' | 'machine';
  /** CPU time over the active time, per process, in cores (1 = a whole core); null when not measured. */
  clientCores: number | null;
  serverCores: number | null;
}

/**
 * Which side could not keep a short poll's schedule, from what each side's processes cost over the phase: the one
 * whose CPU was full (or both), or the machine when neither was (its cores were shared among them).
 */
export function paceSetter(result: ComparisonResult, t: TransportResult): PaceSetter {
  const seconds = (t.activeMs ?? Math.min(t.phaseMs, result.options.durationMs)) / 1000;
  const cores = (cpuMs: number | undefined, processes: number): number | null =>
    cpuMs === undefined || seconds <= 0 ? null : cpuMs / 1000 / seconds / Math.max(1, processes);
  const clientCores = cores(t.clientCost?.cpuMs, t.clientCost?.processes ?? 1);
  const serverCores = cores(t.serverCost?.cpuMs, t.serverCost?.processes?.length ?? 1);
  const clients = clientCores !== null && clientCores >= SATURATED;
  const server = serverCores !== null && serverCores >= SATURATED;
  const side = clients && server ? 'both' : clients ? 'clients' : server ? 'server' : 'machine';
  return { side, clientCores, serverCores };
}

/** The side that set the pace, in words: `the clients (98% of a core), not the server (61%)`. */
export function paceSetterWords(pace: PaceSetter): string {
  const share = (cores: number | null): string => (cores === null ? 'not measured' : formatPercent(cores));
  switch (pace.side) {
    case 'clients':
      return `the tool's clients (${share(pace.clientCores)} of a core), not the server (${share(pace.serverCores)})`;
    case 'server':
      return `the server (${share(pace.serverCores)} of a core), not the tool's clients (${share(pace.clientCores)})`;
    case 'both':
      return `both the tool's clients (${share(pace.clientCores)} of a core) and the server (${share(pace.serverCores)})`;
    default:
      return (
        `the machine: neither side's CPU was full (clients ${share(pace.clientCores)} of a core, server ` +
        `${share(pace.serverCores)}), so they shared its cores`
      );
  }
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
        `${formatDecimal(rate.achieved, 1)}/s were carried (${formatPercent(rate.achieved / rate.offered)}): ` +
        `${paceSetterWords(paceSetter(result, t))} set the pace, so events waited longer than the interval (see ` +
        'CPU and event-loop delay per side).',
    ];
  });
}
