/** Threshold and baseline checks over a result, as the result carries them. */

import type { Transport } from './transports.js';

/** How a checked metric's value is expressed. */
export type MetricUnit = 'ms' | 'bytes' | 'count' | 'ratio';

/** Comparison operators a threshold may use. */
export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** One `--threshold` expression checked against one transport's figure. */
export interface ThresholdOutcome {
  /** The expression as the user wrote it, e.g. `*.events.lost==0`. */
  expression: string;
  transport: Transport;
  /** Metric path, e.g. `latency.p99`, `bytes.perEvent`. */
  metric: string;
  operator: ThresholdOperator;
  /** The limit, converted to `unit` (ms, bytes, count or ratio). */
  limit: number;
  unit: MetricUnit;
  /** The figure from the run; null when it does not exist (nothing delivered). */
  measured: number | null;
  passed: boolean;
}

/** One metric of one transport, before (baseline) and after (this run). */
export interface BaselineRow {
  transport: Transport;
  metric: string;
  unit: MetricUnit;
  before: number | null;
  after: number | null;
  /** (after − before) / before, as a fraction; null when before is 0 or either is missing. */
  change: number | null;
  /** Largest tolerated worsening, as a fraction of `before`. */
  tolerance: number;
  /** Worsening below this absolute amount (in `unit`) is never a regression (latency noise). */
  slack: number;
  regressed: boolean;
}

/** The comparison of this run with a saved result. */
export interface BaselineComparison {
  /** The baseline file as given on the command line. */
  file: string;
  startedAt: string;
  rows: BaselineRow[];
  /** Why some figures may not be comparable (different options, transports missing). */
  notes: string[];
  /**
   * Why the run cannot be held to the baseline at all (other headers, TLS, HTTP/2, RTT, target or transports): the
   * figures are shown, none is called a regression. Absent when comparable.
   */
  notComparable?: string[];
}

/** Every check the run was asked for. */
export interface Checks {
  thresholds: ThresholdOutcome[];
  baseline?: BaselineComparison;
}
