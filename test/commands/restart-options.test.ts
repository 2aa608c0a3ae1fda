import { describe, expect, it } from 'vitest';
import { COMPARE_DEFAULTS, parseCompareOptions, QUICK_PRESET } from '../../src/commands/compare-options.js';
import { withRestartRoom } from '../../src/commands/restart-options.js';

const given =
  (...keys: string[]) =>
  (key: string) =>
    keys.includes(key);

describe('--restart-at', () => {
  it('takes a time inside the phase’s publishing', () => {
    expect(parseCompareOptions(COMPARE_DEFAULTS, { restartAt: '2s' }).restartAtMs).toBe(2000);
    expect(() => parseCompareOptions(COMPARE_DEFAULTS, { restartAt: 'soon' })).toThrow(/^--restart-at: /);
    // The default 5 s phase with 1 s polls publishes for 4 s.
    expect(() => parseCompareOptions(COMPARE_DEFAULTS, { restartAt: '4s' })).toThrow(
      /^--restart-at: '4s' leaves no event after the restart: each phase publishes for 4s/,
    );
  });

  it('refuses a server it does not run, a certificate it cannot hand over, and several server processes', () => {
    expect(() => parseCompareOptions(COMPARE_DEFAULTS, { restartAt: '1s', target: 'http://127.0.0.1:9' })).toThrow(
      /^--restart-at: restarts the embedded server; restart your own server yourself/,
    );
    expect(() => parseCompareOptions(COMPARE_DEFAULTS, { restartAt: '1s', tls: true })).toThrow(
      /^--restart-at: cannot go with --tls/,
    );
    expect(() => parseCompareOptions(COMPARE_DEFAULTS, { restartAt: '1s', processes: '2' })).toThrow(
      /^--restart-at: restarts one server process/,
    );
  });

  it('lengthens a phase whose --duration was not given, so the clients have time to come back', () => {
    const quick = { ...COMPARE_DEFAULTS, ...QUICK_PRESET };
    // 2 s + 3 s of room + one 500 ms poll interval.
    expect(withRestartRoom(quick, '2s', given()).duration).toBe('5500ms');
    expect(withRestartRoom({ ...quick, transports: 'sse,ws' }, '2s', given()).duration).toBe('5s');
    expect(withRestartRoom(quick, '2s', given('duration'))).toBe(quick);
    expect(withRestartRoom(quick, undefined, given())).toBe(quick);
    expect(parseCompareOptions(withRestartRoom(quick, '2s', given()), { restartAt: '2s' }).durationMs).toBe(5500);
  });
});
