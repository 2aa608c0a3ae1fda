/** Shown wherever a figure does not exist (nothing delivered, a division by zero): never a made-up 0. */
export const MISSING = '–';

const MIB = 1024 * 1024;

/** Byte counts at or above this many bytes are shown in MiB; below it, exact. */
export const EXACT_BYTES_LIMIT = 10 * MIB;

/** Number-like input that may be absent: null (no samples) or undefined (no such field). */
export type MaybeNumber = number | null | undefined;

/** True for a real, finite number; false for null, undefined, NaN and ±Infinity. */
export function isFigure(value: MaybeNumber): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Divides, or null when the divisor is 0 or either side is missing, so the caller renders `–`. */
export function safeDivide(numerator: MaybeNumber, denominator: MaybeNumber): number | null {
  if (!isFigure(numerator) || !isFigure(denominator) || denominator === 0) return null;
  return numerator / denominator;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A number with a fixed count of decimals and thousands separators: `1,234.5`; `–` when missing. */
export function formatDecimal(value: MaybeNumber, decimals: number): string {
  if (!isFigure(value)) return MISSING;
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole = '0', fraction] = fixed.split('.');
  // A value that rounds to zero gets no sign: `-0.000` would suggest a negative latency.
  const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${groupThousands(whole)}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** Milliseconds with microsecond precision: `12.345`, `1,234.567`; `–` when missing. */
export function formatMs(ms: MaybeNumber): string {
  return formatDecimal(ms, 3);
}

/** A whole count with thousands separators: `12,345`; `–` when missing. */
export function formatInteger(count: MaybeNumber): string {
  return formatDecimal(count, 0);
}

/** A wall time: `23.4 ms` under a second, `20.7 s` from one. */
export function formatSpan(ms: number): string {
  return ms < 1000 ? `${formatDecimal(ms, 1)} ms` : `${formatDecimal(ms / 1000, 1)} s`;
}

/** Bytes: exact below 10 MiB (`1,234 B`, or `123.4 B` with decimals for averages), else `12.34 MiB`. */
export function formatBytes(bytes: MaybeNumber, decimals = 0): string {
  if (!isFigure(bytes)) return MISSING;
  if (Math.abs(bytes) >= EXACT_BYTES_LIMIT) return `${formatDecimal(bytes / MIB, 2)} MiB`;
  return `${formatDecimal(bytes, decimals)} B`;
}

/** A fraction 0..1 as a percentage with one decimal: `0.865` → `86.5%`; `–` when missing. */
export function formatPercent(fraction: MaybeNumber): string {
  if (!isFigure(fraction)) return MISSING;
  return `${formatDecimal(fraction * 100, 1)}%`;
}

/** A ratio with two decimals (`0.13`); below 0.01, two significant digits (`0.0025`) so it never shows as 0. */
export function formatRatio(value: MaybeNumber): string {
  if (!isFigure(value)) return MISSING;
  if (value !== 0 && Math.abs(value) < 0.01) {
    const decimals = Math.min(20, 1 - Math.floor(Math.log10(Math.abs(value))));
    return formatDecimal(value, decimals);
  }
  return formatDecimal(value, 2);
}

/**
 * At most `decimals` decimals and no trailing zeros: `1,000`, `137.37`; a tiny figure as `formatRatio` shows it, never
 * `0`.
 */
export function formatCompact(value: number, decimals = 2): string {
  if (value !== 0 && Math.abs(value) < 10 ** -decimals) return formatRatio(value);
  const text = formatDecimal(value, decimals);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/**
 * A figure to three significant digits at most, with thousands separators and no trailing zeros: `1.73`, `497`,
 * `2,780`, `0.025`; what a run can claim, for the verdict and the essentials. `–` when missing.
 */
export function formatSignificant(value: MaybeNumber, digits = 3): string {
  if (!isFigure(value)) return MISSING;
  if (value === 0) return '0';
  // Rounded first: 99.96 is 100 (three digits, no decimal), not 100.0.
  const rounded = Number(value.toPrecision(digits));
  const magnitude = Math.floor(Math.log10(Math.abs(rounded)));
  const text = formatDecimal(rounded, Math.min(20, Math.max(0, digits - 1 - magnitude)));
  // No trailing zeros: 0.025, 1.1 ms, 1 s.
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** A latency to three significant digits: `1.73 ms`, `497 ms`, `1.23 s` from a second. */
export function formatLatency(ms: MaybeNumber): string {
  if (!isFigure(ms)) return MISSING;
  return ms >= 1000 ? `${formatSignificant(ms / 1000)} s` : `${formatSignificant(ms)} ms`;
}

/** Bytes to three significant digits: `163 B`, `2,780 B`, `12.3 MiB` from 10 MiB. */
export function formatBytesShort(bytes: MaybeNumber): string {
  if (!isFigure(bytes)) return MISSING;
  if (Math.abs(bytes) >= EXACT_BYTES_LIMIT) return `${formatSignificant(bytes / MIB)} MiB`;
  return `${formatSignificant(bytes)} B`;
}

/** How many times: `287×`, `2.0×`, `1.3×` (two significant digits below 10, whole from 10). */
export function formatTimes(ratio: number): string {
  return ratio >= 10 ? `${formatInteger(ratio)}×` : `${formatDecimal(ratio, 1)}×`;
}
