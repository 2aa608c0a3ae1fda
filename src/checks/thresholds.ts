import { UsageError } from '../shared/errors.js';
import type { MetricUnit, ThresholdOperator, ThresholdOutcome } from '../shared/check-types.js';
import type { ComparisonResult } from '../shared/result-types.js';
import { TRANSPORTS, type Transport } from '../shared/transports.js';
import { METRIC_NAMES, METRICS } from './metrics.js';

/** A parsed `--threshold` expression, checked for names and units before anything runs. */
export interface Threshold {
  expression: string;
  /** A transport, or '*' for every transport that ran. */
  transport: Transport | '*';
  metric: string;
  operator: ThresholdOperator;
  /** The limit in the metric's unit (ms, bytes, count, ratio). */
  limit: number;
  unit: MetricUnit;
}

const EXPRESSION = /^\s*([a-z*-]+)\.([a-zA-Z]+\.[a-zA-Z0-9]+)\s*(<=|>=|==|!=|<|>)\s*(\d+(?:\.\d+)?)\s*([a-zA-Z%]*)\s*$/;

const UNIT_FACTORS: Record<MetricUnit, Record<string, number>> = {
  ms: { '': 1, us: 0.001, ms: 1, s: 1000, m: 60_000 },
  bytes: { '': 1, b: 1, kb: 1024, mb: 1024 * 1024 },
  count: { '': 1 },
  ratio: { '': 1, '%': 0.01 },
};

const UNIT_HELP: Record<MetricUnit, string> = {
  ms: 'a duration such as 5ms, 250us or 1s (a bare number is ms)',
  bytes: 'a size such as 512, 1.5kb or 2mb',
  count: 'a whole number',
  ratio: 'a number such as 1.5 (or a percentage such as 20%)',
};

function usage(expression: string, why: string): UsageError {
  return new UsageError(`--threshold: '${expression}' ${why}`);
}

/** Parses one `--threshold` expression such as `ws.latency.p99<5ms` or `*.events.lost==0`. */
export function parseThreshold(expression: string): Threshold {
  const match = EXPRESSION.exec(expression);
  if (!match) {
    throw usage(
      expression,
      'is not a threshold; write TRANSPORT.METRIC OP VALUE, e.g. ws.latency.p99<5ms or *.events.lost==0',
    );
  }
  const [, transport = '', metric = '', operator = '<', value = '0', rawUnit = ''] = match;
  if (transport !== '*' && !(TRANSPORTS as readonly string[]).includes(transport)) {
    throw usage(expression, `names an unknown transport '${transport}'; use ${TRANSPORTS.join(', ')} or *`);
  }
  const definition = METRICS[metric];
  if (!definition) {
    throw usage(expression, `names an unknown metric '${metric}'; use one of ${METRIC_NAMES.join(', ')}`);
  }
  const factor = UNIT_FACTORS[definition.unit][rawUnit.toLowerCase()];
  if (factor === undefined) {
    throw usage(expression, `has a unit '${rawUnit}' that ${metric} does not take; use ${UNIT_HELP[definition.unit]}`);
  }
  const limit = Number(value) * factor;
  if (definition.unit === 'count' && !Number.isInteger(limit)) {
    throw usage(expression, `compares ${metric} with ${value}; use ${UNIT_HELP.count}`);
  }
  return {
    expression: expression.trim(),
    transport: transport as Transport | '*',
    metric,
    operator: operator as ThresholdOperator,
    limit,
    unit: definition.unit,
  };
}

/** Checks that every threshold names a transport the run will have; throws UsageError if not. */
export function checkThresholdTransports(thresholds: Threshold[], transports: readonly Transport[]): void {
  for (const threshold of thresholds) {
    if (threshold.transport !== '*' && !transports.includes(threshold.transport)) {
      throw usage(
        threshold.expression,
        `names ${threshold.transport}, which is not among the transports (${transports.join(', ')})`,
      );
    }
  }
}

function holds(measured: number, operator: ThresholdOperator, limit: number): boolean {
  switch (operator) {
    case '<':
      return measured < limit;
    case '<=':
      return measured <= limit;
    case '>':
      return measured > limit;
    case '>=':
      return measured >= limit;
    case '==':
      return measured === limit;
    case '!=':
      return measured !== limit;
  }
}

/** Evaluates every threshold against the result; `*` gives one outcome per transport that ran. */
export function evaluateThresholds(thresholds: Threshold[], result: ComparisonResult): ThresholdOutcome[] {
  return thresholds.flatMap((threshold) => {
    const targets = result.transports.filter((t) => threshold.transport === '*' || t.transport === threshold.transport);
    return targets.map((t): ThresholdOutcome => {
      const measured = METRICS[threshold.metric]!.read(t);
      return {
        expression: threshold.expression,
        transport: t.transport,
        metric: threshold.metric,
        operator: threshold.operator,
        limit: threshold.limit,
        unit: threshold.unit,
        measured,
        // A figure that does not exist cannot be shown to hold.
        passed: measured !== null && holds(measured, threshold.operator, threshold.limit),
      };
    });
  });
}
