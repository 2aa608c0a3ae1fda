import { extname } from 'node:path';
import { compareWithBaseline } from '../checks/baseline.js';
import { checkThresholdTransports, evaluateThresholds, type Threshold } from '../checks/thresholds.js';
import { formatChange, formatTolerance, formatValue, thresholdMiss } from '../report/checks.js';
import { formatForExtension, type ReportFormat } from '../report/index.js';
import { UsageError } from '../shared/errors.js';
import type { Checks } from '../shared/check-types.js';
import type { ComparisonResult } from '../shared/result-types.js';
import type { Transport } from '../shared/transports.js';
import { type FormatOption, OPTIONS } from './options.js';

/** Where a document goes and in which format (compare, report and sweep), as commander hands them over. */
export interface RawDocumentOptions {
  format?: string;
  json?: boolean;
  output?: string;
  quiet?: boolean;
  details?: boolean;
}

/** The same options, validated. */
export interface DocumentOptions<F extends string> {
  format: F;
  output?: string;
  quiet: boolean;
  /** Every table in the terminal, not the compact view. */
  details: boolean;
}

/**
 * Validates where a document goes and in which of the command's formats (those `format` takes): --json, else
 * --format, else --output's extension where it names one of them, else table; a writable --output.
 */
export function parseDocumentOptions<F extends string>(
  raw: RawDocumentOptions,
  format: FormatOption<F>,
): DocumentOptions<F> {
  const inferred = raw.output === undefined ? undefined : formatForExtension(extname(raw.output));
  const implied = format.formats.find((name) => name === inferred) ?? 'table';
  const chosen = format.parse(raw.json ? 'json' : (raw.format ?? implied));
  const output = raw.output === undefined ? undefined : OPTIONS.output.parse(raw.output);
  return {
    format: chosen,
    ...(output !== undefined ? { output } : {}),
    quiet: Boolean(raw.quiet),
    details: Boolean(raw.details),
  };
}

/** Output and check options shared by `compare` and `report`, as commander hands them over. */
export interface RawOutputOptions extends RawDocumentOptions {
  threshold?: string[];
  baseline?: string;
  maxRegression?: string;
}

/** The same options, validated. */
export interface OutputOptions extends DocumentOptions<ReportFormat> {
  thresholds: Threshold[];
  /** The saved result to compare with; without `result`, the file is made from this run's (the first baseline). */
  baseline?: { file: string; result?: ComparisonResult };
  /** Replaces every relative regression tolerance when given, as a fraction. */
  maxRegression?: number;
}

/**
 * Validates output and check options before anything runs: the format (or the one implied by
 * --output's extension), a writable --output, every --threshold, a readable --baseline.
 */
export function parseOutputOptions(raw: RawOutputOptions, transports: readonly Transport[]): OutputOptions {
  const document = parseDocumentOptions(raw, OPTIONS.format);
  const thresholds = (raw.threshold ?? []).map((text) => OPTIONS.threshold.parse(text));
  checkThresholdTransports(thresholds, transports);
  if (raw.maxRegression !== undefined && raw.baseline === undefined) {
    throw new UsageError('--max-regression: goes with --baseline FILE; name the saved result to compare with');
  }
  return {
    ...document,
    thresholds,
    ...(raw.baseline !== undefined ? { baseline: OPTIONS.baseline.parse(raw.baseline) } : {}),
    ...(raw.maxRegression !== undefined ? { maxRegression: OPTIONS.maxRegression.parse(raw.maxRegression) } : {}),
  };
}

/** The checks the options ask for, evaluated against `result`; undefined when none were asked. */
export function runChecks(result: ComparisonResult, options: OutputOptions): Checks | undefined {
  const saved = options.baseline?.result;
  if (options.thresholds.length === 0 && !saved) return undefined;
  return {
    thresholds: evaluateThresholds(options.thresholds, result),
    ...(saved ? { baseline: compareWithBaseline(saved, result, options.baseline!.file, options.maxRegression) } : {}),
  };
}

/**
 * One stderr line per reason the run should exit 1: a transport that lost events or saw
 * faults, a failed threshold (with how far past its limit), a regression against the baseline.
 */
export function failureLines(result: ComparisonResult): string[] {
  const lines: string[] = [];
  for (const t of result.transports) {
    const faults = Object.entries(t.errors);
    const b = t.bytes;
    if (t.events.lost > 0) lines.push(`${t.transport} lost ${t.events.lost} of ${t.events.expected} deliveries`);
    if (faults.length > 0)
      lines.push(`${t.transport} saw faults: ${faults.map(([code, n]) => `${code}×${n}`).join(', ')}`);
    const publishFaults = Object.entries(t.publisher?.errors ?? {});
    if (publishFaults.length > 0)
      lines.push(
        `${t.transport}: the tool's publishes failed: ${publishFaults.map(([code, n]) => `${code}×${n}`).join(', ')}`,
      );
    // The two ends' socket counts must agree; a difference means a figure cannot be trusted.
    if (
      !t.partial &&
      b.serverSent !== null &&
      (b.clientSent !== b.serverReceived || b.clientReceived !== b.serverSent)
    ) {
      lines.push(
        `${t.transport} byte counts disagree: client sent ${b.clientSent}, server received ${b.serverReceived}; ` +
          `server sent ${b.serverSent}, client received ${b.clientReceived}`,
      );
    }
  }
  if (!result.partial) {
    const ran = new Set(result.transports.map((t) => t.transport));
    const missing = result.options.transports.filter((t) => !ran.has(t));
    if (missing.length > 0) lines.push(`${missing.join(', ')} did not run (the run stopped early)`);
  }
  for (const outcome of result.checks?.thresholds ?? []) {
    if (outcome.passed) continue;
    const miss =
      outcome.measured === null
        ? 'no figure (nothing was delivered)'
        : `measured ${formatValue(outcome.measured, outcome.unit)} (${thresholdMiss(outcome)})`;
    lines.push(`threshold failed: ${outcome.expression} for ${outcome.transport}: ${miss}`);
  }
  for (const row of result.checks?.baseline?.rows ?? []) {
    if (!row.regressed) continue;
    lines.push(
      `regression: ${row.transport} ${row.metric} ${formatValue(row.before, row.unit)} → ` +
        `${formatValue(row.after, row.unit)}` +
        ` (change ${formatChange(row.change)}, tolerance ${formatTolerance(row)})`,
    );
  }
  return lines;
}
