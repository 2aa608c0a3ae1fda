import { describe, expect, it } from 'vitest';
import {
  MISSING,
  formatBytes,
  formatCompact,
  formatDecimal,
  formatInteger,
  formatMs,
  formatPercent,
  formatRatio,
  safeDivide,
} from '../../src/report/format.js';

describe('formatMs', () => {
  it('keeps microsecond precision with three decimals', () => {
    expect(formatMs(12.345)).toBe('12.345');
    expect(formatMs(0.2)).toBe('0.200');
    expect(formatMs(0.0004)).toBe('0.000');
  });

  it('groups thousands', () => {
    expect(formatMs(1234.5678)).toBe('1,234.568');
    expect(formatMs(30_000)).toBe('30,000.000');
  });

  it('does not print a negative zero', () => {
    expect(formatMs(-0.0001)).toBe('0.000');
    expect(formatMs(-1.5)).toBe('-1.500');
  });

  it('renders a missing value as a dash instead of a number', () => {
    expect(formatMs(null)).toBe(MISSING);
    expect(formatMs(undefined)).toBe(MISSING);
    expect(formatMs(Number.NaN)).toBe(MISSING);
    expect(formatMs(Number.POSITIVE_INFINITY)).toBe(MISSING);
    expect(MISSING).toBe('–');
  });
});

describe('formatInteger and formatDecimal', () => {
  it('uses thousands separators', () => {
    expect(formatInteger(0)).toBe('0');
    expect(formatInteger(999)).toBe('999');
    expect(formatInteger(12_345)).toBe('12,345');
    expect(formatInteger(1_234_567)).toBe('1,234,567');
    expect(formatInteger(-45)).toBe('-45');
  });

  it('rounds to the requested decimals', () => {
    expect(formatDecimal(10, 1)).toBe('10.0');
    expect(formatDecimal(98.4, 1)).toBe('98.4');
    expect(formatDecimal(1234.56, 1)).toBe('1,234.6');
    expect(formatDecimal(null, 1)).toBe(MISSING);
  });
});

describe('formatBytes', () => {
  it('keeps exact integers below 10 MiB', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1234)).toBe('1,234 B');
    expect(formatBytes(10 * 1024 * 1024 - 1)).toBe('10,485,759 B');
  });

  it('switches to MiB at 10 MiB', () => {
    expect(formatBytes(10 * 1024 * 1024)).toBe('10.00 MiB');
    expect(formatBytes(25.5 * 1024 * 1024)).toBe('25.50 MiB');
  });

  it('shows decimals for per-event averages', () => {
    expect(formatBytes(123.44, 1)).toBe('123.4 B');
  });

  it('renders a missing value as a dash', () => {
    expect(formatBytes(null)).toBe(MISSING);
    expect(formatBytes(Number.NaN, 1)).toBe(MISSING);
  });
});

describe('formatPercent and formatRatio', () => {
  it('formats a 0..1 share as a percentage', () => {
    expect(formatPercent(0.865)).toBe('86.5%');
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(null)).toBe(MISSING);
  });

  it('formats ratios with two decimals', () => {
    expect(formatRatio(0.13)).toBe('0.13');
    expect(formatRatio(0)).toBe('0.00');
    expect(formatRatio(2)).toBe('2.00');
    expect(formatRatio(1234.5)).toBe('1,234.50');
  });

  it('keeps small ratios visible instead of rounding them to zero', () => {
    expect(formatRatio(0.0025)).toBe('0.0025');
    expect(formatRatio(0.01)).toBe('0.01');
    expect(formatRatio(Number.NaN)).toBe(MISSING);
  });
});

describe('safeDivide', () => {
  it('divides real figures', () => {
    expect(safeDivide(6, 3)).toBe(2);
    expect(safeDivide(0, 3)).toBe(0);
  });

  it('returns null instead of dividing by zero or by a missing value', () => {
    expect(safeDivide(1, 0)).toBeNull();
    expect(safeDivide(0, 0)).toBeNull();
    expect(safeDivide(null, 3)).toBeNull();
    expect(safeDivide(3, undefined)).toBeNull();
  });
});

describe('formatCompact', () => {
  it('drops trailing zeros and keeps thousands separators', () => {
    expect(formatCompact(1000)).toBe('1,000');
    expect(formatCompact(137.37)).toBe('137.37');
    expect(formatCompact(54.976)).toBe('54.98');
    expect(formatCompact(0.5)).toBe('0.5');
    expect(formatCompact(0)).toBe('0');
  });

  it('never shows a tiny figure as 0', () => {
    expect(formatCompact(0.0025)).toBe('0.0025');
    expect(formatCompact(0.04, 1)).toBe('0.04');
  });
});
