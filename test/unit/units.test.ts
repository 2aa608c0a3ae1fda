import { describe, expect, it } from 'vitest';
import { PvpError, UsageError } from '../../src/shared/errors.js';
import {
  checkDurationRange,
  formatDurationMs,
  parseDuration,
  parseInteger,
  parsePositiveNumber,
  parseSize,
} from '../../src/shared/units.js';

/** Runs `fn`, expects a UsageError, and returns it so the message can be checked. */
function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toBeInstanceOf(PvpError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError, but nothing was thrown');
}

/** Every bad option is one line, starts with the option name and carries the stable code. */
function expectBadOption(fn: () => unknown, option: string): UsageError {
  const error = usageError(fn);
  expect(error.code).toBe('PVP_ERR_BAD_OPTION');
  expect(error.name).toBe('UsageError');
  expect(error.message.startsWith(`${option}:`)).toBe(true);
  expect(error.message).not.toContain('\n');
  return error;
}

describe('parseDuration', () => {
  it('reads milliseconds, seconds, minutes and microseconds into milliseconds', () => {
    expect(parseDuration('--d', '250ms')).toBe(250);
    expect(parseDuration('--d', '1s')).toBe(1000);
    expect(parseDuration('--d', '1.5s')).toBe(1500);
    expect(parseDuration('--d', '2m')).toBe(120_000);
    expect(parseDuration('--d', '500us')).toBe(0.5);
    expect(parseDuration('--d', '0ms')).toBe(0);
    expect(parseDuration('--d', '0.25s')).toBe(250);
  });

  it('ignores surrounding whitespace, whitespace before the unit, and case', () => {
    expect(parseDuration('--d', '  250ms ')).toBe(250);
    expect(parseDuration('--d', '250 ms')).toBe(250);
    expect(parseDuration('--d', '250MS')).toBe(250);
    expect(parseDuration('--d', '5S')).toBe(5000);
    expect(parseDuration('--d', '2M')).toBe(120_000);
    expect(parseDuration('--d', '\t1.5 s\n')).toBe(1500);
    expect(parseDuration('--d', '500US')).toBe(0.5);
  });

  it('returns the exact millisecond figure for decimal inputs', () => {
    // 2.01 × 1000 and 4.1 × 60000 are not exact in binary floating point; the parsed
    // value is printed back (formatDurationMs, the table header, the JSON options), so it
    // has to be the figure the user typed, not 2009.9999999999998.
    expect(parseDuration('--duration', '2.01s')).toBe(2010);
    expect(parseDuration('--duration', '16.1s')).toBe(16_100);
    expect(parseDuration('--duration', '4.1m')).toBe(246_000);
    expect(parseDuration('--duration', '9us')).toBe(0.009);
  });

  it.each(['5', 'soon', '-1s', '', '   ', 's', '1.s', '.5s', '1h', '1 s s', '1,5s', '1e3ms', '+1s', 'ms5'])(
    'rejects %j naming the option and the accepted form',
    (text) => {
      const error = expectBadOption(() => parseDuration('--duration', text), '--duration');
      expect(error.message).toContain(`'${text}'`);
      expect(error.message).toContain('250ms');
    },
  );
});

describe('parseSize', () => {
  it('reads plain bytes and b, kb, mb units (1 kb = 1024 bytes)', () => {
    expect(parseSize('--payload', '64')).toBe(64);
    expect(parseSize('--payload', '64b')).toBe(64);
    expect(parseSize('--payload', '0')).toBe(0);
    expect(parseSize('--payload', '1kb')).toBe(1024);
    expect(parseSize('--payload', '2mb')).toBe(2 * 1024 * 1024);
    expect(parseSize('--payload', '1.5kb')).toBe(1536);
    expect(parseSize('--payload', '0.5mb')).toBe(512 * 1024);
  });

  it('ignores whitespace and case', () => {
    expect(parseSize('--payload', ' 64 ')).toBe(64);
    expect(parseSize('--payload', '1 KB')).toBe(1024);
    expect(parseSize('--payload', '2Mb')).toBe(2 * 1024 * 1024);
    expect(parseSize('--payload', '64B')).toBe(64);
  });

  it('rejects a size that is not a whole number of bytes', () => {
    const error = expectBadOption(() => parseSize('--payload', '1.5'), '--payload');
    expect(error.message).toContain("'1.5'");
    expect(error.message).toContain('whole number of bytes');
    expectBadOption(() => parseSize('--payload', '1.5b'), '--payload');
    // 0.1 × 1024 = 102.4 bytes
    expectBadOption(() => parseSize('--payload', '0.1kb'), '--payload');
  });

  it.each(['big', '', '-1', '1gb', '1k', 'kb', '1e3', '0x40', '1 2', '64bytes'])('rejects %j', (text) => {
    const error = expectBadOption(() => parseSize('--payload', text), '--payload');
    expect(error.message).toContain(`'${text}'`);
    expect(error.message).toContain('1kb');
  });
});

describe('parseInteger', () => {
  it('accepts whole numbers inside the inclusive range', () => {
    expect(parseInteger('--clients', '1', 1, 10)).toBe(1);
    expect(parseInteger('--clients', '10', 1, 10)).toBe(10);
    expect(parseInteger('--clients', '5', 1, 10)).toBe(5);
    expect(parseInteger('--clients', ' 7 ', 1, 10)).toBe(7);
    expect(parseInteger('--clients', '007', 1, 10)).toBe(7);
    expect(parseInteger('--offset', '-3', -5, 5)).toBe(-3);
    expect(parseInteger('--seed', '4294967295', 0, 4_294_967_295)).toBe(4_294_967_295);
  });

  it('rejects -3 below the range with a message naming the option and the range', () => {
    const error = expectBadOption(() => parseInteger('--clients', '-3', 1, 10_000), '--clients');
    expect(error.message).toBe("--clients: '-3' is not accepted; use a whole number from 1 to 10000");
  });

  it('rejects values just outside either bound', () => {
    expectBadOption(() => parseInteger('--clients', '0', 1, 10), '--clients');
    expectBadOption(() => parseInteger('--clients', '11', 1, 10), '--clients');
  });

  it.each(['1e3', '12abc', 'abc', '', ' ', '1.5', '1.0', '+5', '0x10', '1_000', '1,000', '--3'])(
    'rejects %j, which is not a plain whole number',
    (text) => {
      const error = expectBadOption(() => parseInteger('--port', text, 0, 65_535), '--port');
      expect(error.message).toContain('from 0 to 65535');
    },
  );

  it('rejects numbers beyond the safe integer range instead of rounding them', () => {
    expectBadOption(() => parseInteger('--seed', '9007199254740993', 0, Number.MAX_SAFE_INTEGER), '--seed');
  });
});

describe('parsePositiveNumber', () => {
  it('accepts positive whole and decimal numbers up to and including max', () => {
    expect(parsePositiveNumber('--rate', '10', 10_000)).toBe(10);
    expect(parsePositiveNumber('--rate', '0.5', 10_000)).toBe(0.5);
    expect(parsePositiveNumber('--rate', ' 2.5 ', 10_000)).toBe(2.5);
    expect(parsePositiveNumber('--rate', '10000', 10_000)).toBe(10_000);
  });

  it('rejects zero and values above max, naming the bound', () => {
    const zero = expectBadOption(() => parsePositiveNumber('--rate', '0', 10_000), '--rate');
    expect(zero.message).toContain('above 0');
    expect(zero.message).toContain('10000');
    expectBadOption(() => parsePositiveNumber('--rate', '0.0', 10_000), '--rate');
    expectBadOption(() => parsePositiveNumber('--rate', '10000.5', 10_000), '--rate');
    expectBadOption(() => parsePositiveNumber('--rate', '10001', 10_000), '--rate');
  });

  it.each(['-1', 'fast', '', '1e3', '.5', '5.', 'Infinity', 'NaN', '1/2', '10/s'])('rejects %j', (text) => {
    const error = expectBadOption(() => parsePositiveNumber('--rate', text, 10_000), '--rate');
    expect(error.message).toContain(`'${text}'`);
  });
});

describe('checkDurationRange', () => {
  it('returns the value when it lies inside the inclusive range', () => {
    expect(checkDurationRange('--duration', '5s', 5000, 100, 3_600_000)).toBe(5000);
    expect(checkDurationRange('--duration', '100ms', 100, 100, 3_600_000)).toBe(100);
    expect(checkDurationRange('--duration', '60m', 3_600_000, 100, 3_600_000)).toBe(3_600_000);
  });

  it('rejects values outside the range and prints the range the way the parser reads it', () => {
    const low = expectBadOption(() => checkDurationRange('--duration', '50ms', 50, 100, 3_600_000), '--duration');
    expect(low.message).toBe("--duration: '50ms' is out of range; use 100ms to 60m");
    const high = expectBadOption(
      () => checkDurationRange('--poll-interval', '11m', 660_000, 10, 600_000),
      '--poll-interval',
    );
    expect(high.message).toBe("--poll-interval: '11m' is out of range; use 10ms to 10m");
  });
});

describe('formatDurationMs', () => {
  it('uses the largest unit that divides the value exactly', () => {
    expect(formatDurationMs(250)).toBe('250ms');
    expect(formatDurationMs(1000)).toBe('1s');
    expect(formatDurationMs(5000)).toBe('5s');
    expect(formatDurationMs(90_000)).toBe('90s');
    expect(formatDurationMs(60_000)).toBe('1m');
    expect(formatDurationMs(3_600_000)).toBe('60m');
    expect(formatDurationMs(1500)).toBe('1500ms');
    expect(formatDurationMs(0)).toBe('0ms');
    expect(formatDurationMs(0.5)).toBe('0.5ms');
  });

  it('round-trips through parseDuration', () => {
    for (const ms of [0, 0.5, 10, 250, 999, 1000, 1500, 30_000, 59_000, 60_000, 61_000, 120_000, 3_600_000]) {
      expect(parseDuration('--d', formatDurationMs(ms))).toBe(ms);
    }
  });
});
