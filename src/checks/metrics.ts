import type { MetricUnit } from '../shared/check-types.js';
import type { TransportResult } from '../shared/result-types.js';

/** A figure of a transport's result that thresholds and baselines can check. */
export interface MetricDefinition {
  unit: MetricUnit;
  /** The figure, or null when it does not exist (nothing delivered). */
  read(t: TransportResult): number | null;
}

const faults = (t: TransportResult): number => Object.values(t.errors).reduce((sum, n) => sum + n, 0);

/** Every checkable metric by its path, the names `--threshold` accepts after the transport. */
export const METRICS: Record<string, MetricDefinition> = {
  'latency.min': { unit: 'ms', read: (t) => t.latencyMs?.min ?? null },
  'latency.mean': { unit: 'ms', read: (t) => t.latencyMs?.mean ?? null },
  'latency.p50': { unit: 'ms', read: (t) => t.latencyMs?.p50 ?? null },
  'latency.p90': { unit: 'ms', read: (t) => t.latencyMs?.p90 ?? null },
  'latency.p99': { unit: 'ms', read: (t) => t.latencyMs?.p99 ?? null },
  'latency.p999': { unit: 'ms', read: (t) => t.latencyMs?.p999 ?? null },
  'latency.max': { unit: 'ms', read: (t) => t.latencyMs?.max ?? null },
  'bytes.perEvent': { unit: 'bytes', read: (t) => t.bytes.perEvent },
  'bytes.clientSent': { unit: 'bytes', read: (t) => t.bytes.clientSent },
  'bytes.clientReceived': { unit: 'bytes', read: (t) => t.bytes.clientReceived },
  'bytes.total': { unit: 'bytes', read: (t) => t.bytes.clientSent + t.bytes.clientReceived },
  'bytes.payload': { unit: 'bytes', read: (t) => t.bytes.payload },
  'bytes.overheadShare': { unit: 'ratio', read: (t) => t.bytes.overheadShare },
  'requests.perEvent': { unit: 'ratio', read: (t) => t.requests.perEvent },
  'requests.http': { unit: 'count', read: (t) => t.requests.http },
  'requests.empty': { unit: 'count', read: (t) => t.requests.empty },
  'requests.connections': { unit: 'count', read: (t) => t.requests.connections },
  'requests.handshakes': { unit: 'count', read: (t) => t.requests.handshakes },
  'events.published': { unit: 'count', read: (t) => t.events.published },
  'events.expected': { unit: 'count', read: (t) => t.events.expected },
  'events.delivered': { unit: 'count', read: (t) => t.events.delivered },
  'events.lost': { unit: 'count', read: (t) => t.events.lost },
  'events.duplicates': { unit: 'count', read: (t) => t.events.duplicates },
  'events.outOfOrder': { unit: 'count', read: (t) => t.events.outOfOrder },
  'errors.total': { unit: 'count', read: faults },
};

/** The metric names, for usage errors and help. */
export const METRIC_NAMES = Object.keys(METRICS);
