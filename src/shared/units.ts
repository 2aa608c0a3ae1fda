import { UsageError } from './errors.js';

const DURATION_UNITS_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };
const SIZE_UNITS_BYTES: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** Parses `250ms`, `1.5s`, `2m` (also `us`) into milliseconds; a unit is required. */
export function parseDuration(option: string, text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(us|ms|s|m)\s*$/i.exec(text);
  if (!match) {
    throw new UsageError(`${option}: '${text}' is not a duration; use a number with a unit, like 250ms, 5s or 2m`);
  }
  // Rounded to whole microseconds so '2.01s' is 2010 ms, not 2009.9999999999998.
  return Math.round(Number(match[1]) * DURATION_UNITS_MS[match[2]!.toLowerCase()]! * 1000) / 1000;
}

/** Parses `64`, `64b`, `1kb`, `2mb` (1 kb = 1024 bytes) into whole bytes. */
export function parseSize(option: string, text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb)?\s*$/i.exec(text);
  if (!match) {
    throw new UsageError(`${option}: '${text}' is not a size; use bytes or a unit, like 64, 1kb or 2mb`);
  }
  const bytes = Number(match[1]) * SIZE_UNITS_BYTES[(match[2] ?? 'b').toLowerCase()]!;
  if (!Number.isInteger(bytes)) {
    throw new UsageError(`${option}: '${text}' is not a whole number of bytes`);
  }
  return bytes;
}

/** Parses a whole number and checks it lies in [min, max]. */
export function parseInteger(option: string, text: string, min: number, max: number): number {
  const trimmed = text.trim();
  // `+ 0` turns '-0' into 0.
  const value = /^-?\d+$/.test(trimmed) ? Number(trimmed) + 0 : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${option}: '${text}' is not accepted; use a whole number from ${min} to ${max}`);
  }
  return value;
}

/** Parses a positive decimal number and checks it lies in (0, max]. */
export function parsePositiveNumber(option: string, text: string, max: number): number {
  const trimmed = text.trim();
  const value = /^\d+(?:\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!(value > 0) || value > max) {
    throw new UsageError(`${option}: '${text}' is not accepted; use a number above 0 and at most ${max}`);
  }
  return value;
}

/** Checks a parsed duration lies in [minMs, maxMs], naming the option when it does not. */
export function checkDurationRange(option: string, text: string, ms: number, minMs: number, maxMs: number): number {
  if (ms < minMs || ms > maxMs) {
    throw new UsageError(
      `${option}: '${text}' is out of range; use ${formatDurationMs(minMs)} to ${formatDurationMs(maxMs)}`,
    );
  }
  return ms;
}

/** Formats milliseconds the way the parser reads them back: 250ms, 5s, 2m. */
export function formatDurationMs(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** Formats bytes the way the parser reads them back: 64, 1kb, 16mb (whole units only, else bytes). */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)}mb`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024}kb`;
  return `${bytes}`;
}
