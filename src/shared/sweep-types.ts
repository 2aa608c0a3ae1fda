// A sweep as plain data: the parameters it varies, the figures it follows, its points and the
// crossovers found between them (schema/sweep.schema.json); run/ fills it, report/ renders it.
import type { CompareOptions } from './options-types.js';
import type { ComparisonResult, TransportResult } from './result-types.js';
import type { Transport } from './transports.js';

/** The parameters a sweep can vary, and where each sits in the options. */
export const SWEEP_PARAMS = {
  rate: { key: 'ratePerSec', unit: 'events/s' },
  'poll-interval': { key: 'pollIntervalMs', unit: 'ms' },
  clients: { key: 'clients', unit: 'clients' },
  rtt: { key: 'rttMs', unit: 'ms' },
  payload: { key: 'payloadBytes', unit: 'B' },
} as const satisfies Record<string, { key: keyof CompareOptions; unit: string }>;

/** One of the parameters a sweep varies. */
export type SweepParam = keyof typeof SWEEP_PARAMS;

/** A sweep's result: plain, versioned data, one comparison result per value. */
export interface SweepResult {
  schemaVersion: 1;
  kind: 'sweep';
  vary: { param: SweepParam; values: number[] };
  points: SweepPoint[];
  crossovers: Crossover[];
  /** Present and true when the sweep was interrupted: the points done are kept. */
  partial?: boolean;
}

/** A figure a sweep follows across its values, per transport. */
export interface SweepMetric {
  id: 'bytesPerEvent' | 'requestsPerEvent' | 'latencyP50Ms' | 'latencyP99Ms' | 'radioJoulesPerHour';
  label: string;
  unit: string;
  read(t: TransportResult): number | null;
}

/** What a sweep plots and where it looks for crossovers. */
export const SWEEP_METRICS: readonly SweepMetric[] = [
  { id: 'bytesPerEvent', label: 'bytes per event', unit: 'B', read: (t) => t.bytes.perEvent },
  { id: 'requestsPerEvent', label: 'requests per event', unit: '', read: (t) => t.requests.perEvent },
  { id: 'latencyP50Ms', label: 'p50 latency', unit: 'ms', read: (t) => t.latencyMs?.p50 ?? null },
  { id: 'latencyP99Ms', label: 'p99 latency', unit: 'ms', read: (t) => t.latencyMs?.p99 ?? null },
  // Only with --radio: the phone radio model's joules per client-hour.
  {
    id: 'radioJoulesPerHour',
    label: 'radio energy per client-hour',
    unit: 'J',
    read: (t) => t.radio?.joulesPerClientHour ?? null,
  },
];

/** The metrics a sweep has figures for (the radio's only with --radio). */
export function sweptMetrics(points: readonly SweepPoint[]): SweepMetric[] {
  return SWEEP_METRICS.filter((m) => points.some((p) => p.result.transports.some((t) => m.read(t) !== null)));
}

/** One measured point of a sweep: the parameter's value and the comparison run there. */
export interface SweepPoint {
  value: number;
  result: ComparisonResult;
}

/** Where two transports change order on a metric: between two swept values, and the interpolated point. */
export interface Crossover {
  metric: SweepMetric['id'];
  /** `transports[0]` is the lower (cheaper, faster) one above the crossing, `transports[1]` below it. */
  transports: [Transport, Transport];
  between: [number, number];
  at: number;
}
