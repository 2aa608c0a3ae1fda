import type { BaselineComparison, BaselineRow, Checks, MetricUnit, ThresholdOutcome } from '../shared/check-types.js';
import {
  MISSING,
  formatBytes,
  formatDecimal,
  formatInteger,
  formatMs,
  formatPercent,
  formatRatio,
  isFigure,
} from './format.js';
import type { Cell, Tone } from './section-model.js';

/** A Thresholds or Baseline section as neutral data: the table and Markdown reporters only lay it out. */
export interface ChecksSection {
  title: string;
  /** Lines before the table (what was compared with what). */
  intro: string[];
  columns: string[];
  /** Per column: true when it holds figures, which line up on the right. */
  numeric: boolean[];
  rows: Cell[][];
  /** Shown instead of the table when there is no row. */
  empty: string;
  /** Lines after the table (the baseline's notes). */
  notes: string[];
  /** How the checks came out, in one line; `bad` when any failed. */
  summary: { text: string; tone: Tone };
}

const plain = (text: string): Cell => ({ lines: [text], tone: 'plain' });
const status = (ok: boolean, good: string, bad: string): Cell => ({
  lines: [ok ? good : bad],
  tone: ok ? 'good' : 'bad',
});
const plural = (n: number, word: string): string => `${formatInteger(n)} ${word}${n === 1 ? '' : 's'}`;

/**
 * A checked figure in its unit: ms `12.345 ms`, bytes `123.4 B` (whole bytes without decimals), count `12`, ratio
 * `0.13`.
 */
export function formatValue(value: number | null, unit: MetricUnit): string {
  if (!isFigure(value)) return MISSING;
  switch (unit) {
    case 'ms':
      return `${formatMs(value)} ms`;
    case 'bytes':
      return formatBytes(value, Number.isInteger(value) ? 0 : 1);
    case 'count':
      return Number.isInteger(value) ? formatInteger(value) : formatRatio(value);
    case 'ratio':
      return formatRatio(value);
  }
}

/** A threshold's limit with its operator: `< 5.000 ms`, `== 0`. */
export function formatLimit(outcome: ThresholdOutcome): string {
  return `${outcome.operator} ${formatValue(outcome.limit, outcome.unit)}`;
}

/** How far a failed threshold missed its limit (`479.641 ms over`, `3 under`); empty for a pass. */
export function thresholdMiss(outcome: ThresholdOutcome): string {
  if (outcome.passed) return '';
  if (!isFigure(outcome.measured)) return 'no figure';
  if (outcome.operator === '!=') return 'equals the limit';
  const difference = outcome.measured - outcome.limit;
  if (difference === 0) return 'at the limit';
  return `${formatValue(Math.abs(difference), outcome.unit)} ${difference > 0 ? 'over' : 'under'}`;
}

/** The Thresholds section: one row per expression and transport, PASS or FAIL and by how much. */
export function thresholdsSection(outcomes: readonly ThresholdOutcome[]): ChecksSection {
  const failed = outcomes.filter((o) => !o.passed).length;
  return {
    title: 'Thresholds',
    intro: [],
    columns: ['threshold', 'transport', 'measured', 'limit', 'result', 'missed by'],
    numeric: [false, false, true, true, false, true],
    rows: outcomes.map((o) => [
      plain(o.expression),
      plain(o.transport),
      plain(formatValue(o.measured, o.unit)),
      plain(formatLimit(o)),
      status(o.passed, 'PASS', 'FAIL'),
      plain(thresholdMiss(o)),
    ]),
    empty: 'no threshold checked',
    notes: [],
    summary:
      failed === 0
        ? {
            text: outcomes.length === 1 ? 'the threshold passed' : `all ${plural(outcomes.length, 'threshold')} passed`,
            tone: 'good',
          }
        : { text: `${formatInteger(failed)} of ${plural(outcomes.length, 'threshold')} failed`, tone: 'bad' },
  };
}

/** A change as a signed percentage: `+12.3%`, `-4.0%`; `–` when there is none (before was 0 or missing). */
export function formatChange(change: number | null): string {
  const percent = formatPercent(change);
  return isFigure(change) && change > 0 && percent !== '0.0%' ? `+${percent}` : percent;
}

/** The tolerated worsening: `10%`, `2.5%`, or `50% (min 1.000 ms)` when small absolute changes never count. */
export function formatTolerance(row: BaselineRow): string {
  // Tolerances are round numbers the user chose (`--max-regression 10`): no `.0` to pad them.
  const share = `${formatDecimal(row.tolerance * 100, 1).replace(/\.0$/, '')}%`;
  return row.slack > 0 ? `${share} (min ${formatValue(row.slack, row.unit)})` : share;
}

/** The Baseline section: before, after, change and tolerance per transport and metric, and the notes. */
export function baselineSection(baseline: BaselineComparison): ChecksSection {
  const regressed = baseline.rows.filter((r) => r.regressed).length;
  const compared = baseline.rows.length;
  let summary: ChecksSection['summary'];
  if (baseline.notComparable) summary = { text: `not comparable: ${baseline.notComparable.join('; ')}`, tone: 'bad' };
  else if (regressed > 0)
    summary = { text: `${formatInteger(regressed)} of ${plural(compared, 'figure')} regressed`, tone: 'bad' };
  else if (compared === 0) summary = { text: 'no figure to compare', tone: 'plain' };
  else summary = { text: `no figure regressed (${formatInteger(compared)} compared)`, tone: 'good' };
  return {
    title: 'Baseline',
    intro: [`compared with ${baseline.file}, a run started ${baseline.startedAt}`],
    columns: ['transport', 'metric', 'before', 'after', 'change', 'tolerance', 'result'],
    numeric: [false, false, true, true, true, true, false],
    rows: baseline.rows.map((r) => [
      plain(r.transport),
      plain(r.metric),
      plain(formatValue(r.before, r.unit)),
      plain(formatValue(r.after, r.unit)),
      plain(formatChange(r.change)),
      plain(formatTolerance(r)),
      status(!r.regressed, 'ok', 'REGRESSED'),
    ]),
    empty: 'no figure to compare',
    notes: baseline.notes,
    summary,
  };
}

/** The checks sections a result asks for: Thresholds when any threshold ran, Baseline when one was given. */
export function checksSections(checks: Checks | undefined): ChecksSection[] {
  if (!checks) return [];
  const sections: ChecksSection[] = [];
  if (checks.thresholds.length > 0) sections.push(thresholdsSection(checks.thresholds));
  if (checks.baseline) sections.push(baselineSection(checks.baseline));
  return sections;
}
