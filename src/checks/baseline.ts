import type { BaselineComparison, BaselineRow } from '../shared/check-types.js';
import type { ComparisonResult, ResultOptions } from '../shared/result-types.js';
import { METRICS } from './metrics.js';

/** How much worse a metric may get before it counts as a regression. */
export interface Tolerance {
  /** Largest tolerated worsening as a fraction of the baseline figure. */
  relative: number;
  /** Worsening up to this absolute amount is noise, never a regression. */
  slack: number;
}

/**
 * The metrics a baseline comparison checks, with tolerances per kind: bytes and requests per
 * event follow from the protocol and the schedule, so they get tight ones; loopback latency
 * on a shared machine is noisy, so it gets loose ones; losses and faults get none.
 */
export const BASELINE_METRICS: Record<string, Tolerance> = {
  'latency.p50': { relative: 1, slack: 5 },
  // A short run's p99 is its few slowest deliveries: on a shared machine one scheduling hiccup moves it by ms.
  'latency.p99': { relative: 1, slack: 25 },
  'bytes.perEvent': { relative: 0.05, slack: 0 },
  'requests.perEvent': { relative: 0.05, slack: 0 },
  'events.lost': { relative: 0, slack: 0 },
  'errors.total': { relative: 0, slack: 0 },
};

const COMPARABLE_OPTIONS: Array<[keyof ResultOptions, string]> = [
  ['clients', '--clients'],
  ['ratePerSec', '--rate'],
  ['durationMs', '--duration'],
  ['pollIntervalMs', '--poll-interval'],
  ['payloadBytes', '--payload'],
  ['longPollTimeoutMs', '--long-poll-timeout'],
];

/** What makes two runs measure different things: the wire, the path, the server, the transports. */
const CONDITIONS: Array<[flag: string, read: (o: ResultOptions) => unknown]> = [
  [
    '--headers',
    (o) => (o.headers === 'file' ? `file (${Object.keys(o.customHeaderBytes ?? {}).join(', ')})` : o.headers),
  ],
  ['--tls', (o) => Boolean(o.tls)],
  ['--http2', (o) => Boolean(o.http2)],
  ['--deflate', (o) => Boolean(o.deflate)],
  ['--rtt', (o) => `${o.rttMs}ms`],
  ['--jitter', (o) => `${o.jitterMs}ms`],
  ['--target', (o) => o.target?.url ?? 'none (the demo server)'],
  ['--publish', (o) => (o.app ? `${o.app.publish.method ?? o.app.publish.how} ${o.app.publish.url}` : 'none')],
  ['--transports', (o) => [...o.transports].sort().join(',')],
  ['--parallel', (o) => Boolean(o.parallel)],
];

/**
 * Why `current` cannot be held to `baseline` at all: a condition that changes what is measured
 * differs (a baseline of minimal headers says nothing of a run with a browser's).
 */
export function notComparable(baseline: ResultOptions, current: ResultOptions): string[] {
  return CONDITIONS.flatMap(([flag, read]) => {
    const was = String(read(baseline));
    const now = String(read(current));
    return was === now ? [] : [`${flag} differs (baseline ${was}, this run ${now})`];
  });
}

/**
 * Compares `current` with a saved `baseline`: for every transport both ran, each baseline
 * metric's change and whether it worsened past its tolerance. `maxRegression` (a fraction)
 * replaces every relative tolerance when given.
 */
export function compareWithBaseline(
  baseline: ComparisonResult,
  current: ComparisonResult,
  file: string,
  maxRegression?: number,
): BaselineComparison {
  const notes: string[] = [];
  for (const [key, flag] of COMPARABLE_OPTIONS) {
    if (baseline.options[key] !== current.options[key]) {
      notes.push(
        `${flag} differs (baseline ${String(baseline.options[key])}, this run ${String(current.options[key])}): ` +
          `figures may not be comparable`,
      );
    }
  }
  if (baseline.partial) notes.push('the baseline run was interrupted: its figures are partial');
  // Figures measured under other conditions are shown, never called regressions.
  const different = notComparable(baseline.options, current.options);
  const rows: BaselineRow[] = [];
  for (const after of current.transports) {
    const before = baseline.transports.find((t) => t.transport === after.transport);
    if (!before) {
      notes.push(`the baseline has no ${after.transport} figures`);
      continue;
    }
    for (const [metric, tolerance] of Object.entries(BASELINE_METRICS)) {
      const definition = METRICS[metric]!;
      const was = definition.read(before);
      const now = definition.read(after);
      const relative = maxRegression ?? tolerance.relative;
      const worsening = was !== null && now !== null ? now - was : null;
      rows.push({
        transport: after.transport,
        metric,
        unit: definition.unit,
        before: was,
        after: now,
        change: worsening !== null && was !== 0 && was !== null ? worsening / was : null,
        tolerance: relative,
        slack: tolerance.slack,
        // A figure that vanished (nothing delivered now) is a regression too.
        regressed:
          different.length === 0 &&
          (worsening === null
            ? was !== null && now === null
            : worsening > tolerance.slack && worsening > was! * relative),
      });
    }
  }
  for (const before of baseline.transports) {
    if (!current.transports.some((t) => t.transport === before.transport)) {
      notes.push(`this run has no ${before.transport} figures to compare with the baseline`);
    }
  }
  return {
    file,
    startedAt: baseline.startedAt,
    rows,
    notes,
    ...(different.length > 0 ? { notComparable: different } : {}),
  };
}
