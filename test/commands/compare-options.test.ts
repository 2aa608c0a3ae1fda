import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMPARE_DEFAULTS, parseCompareOptions, type RawCompareOptions } from '../../src/commands/compare-options.js';
import { MAX_CLIENTS, checkOpenFileLimit, openFileLimit, parseTransports } from '../../src/commands/option-values.js';
import { addOptions } from '../../src/commands/option-sets.js';
import { parseServeOptions } from '../../src/commands/serve-options.js';
import { UsageError } from '../../src/shared/errors.js';
import { TRANSPORTS } from '../../src/shared/transports.js';

function withDefaults(overrides: Partial<RawCompareOptions>): RawCompareOptions {
  return { ...COMPARE_DEFAULTS, ...overrides };
}

/** Parses and expects a UsageError whose one-line message starts with `option`. */
function rejects(overrides: Partial<RawCompareOptions>, option: string): UsageError {
  let caught: unknown;
  try {
    parseCompareOptions(withDefaults(overrides));
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(UsageError);
  const error = caught as UsageError;
  expect(error.code).toBe('PVP_ERR_BAD_OPTION');
  expect(error.message.startsWith(`${option}:`)).toBe(true);
  expect(error.message).not.toContain('\n');
  return error;
}

describe('parseCompareOptions with COMPARE_DEFAULTS', () => {
  it('gives the documented default run', () => {
    expect(parseCompareOptions(COMPARE_DEFAULTS)).toEqual({
      transports: ['poll', 'long-poll', 'sse', 'ws'],
      clients: 50,
      ratePerSec: 10,
      durationMs: 5000,
      pollIntervalMs: 1000,
      payloadBytes: 64,
      longPollTimeoutMs: 30_000,
      host: '127.0.0.1',
      port: 0,
      seed: 1,
      rttMs: 0,
      jitterMs: 0,
      headers: 'minimal',
    });
  });

  it('runs the default transports (all but Socket.IO) in the order TRANSPORTS lists them', () => {
    expect(parseCompareOptions(COMPARE_DEFAULTS).transports).toEqual(['poll', 'long-poll', 'sse', 'ws']);
    expect(TRANSPORTS).toEqual(['poll', 'long-poll', 'sse', 'ws', 'socketio']);
  });

  it('does not share the transports array with TRANSPORTS', () => {
    const options = parseCompareOptions(COMPARE_DEFAULTS);
    options.transports.pop();
    expect(TRANSPORTS).toHaveLength(5);
    expect(parseCompareOptions(COMPARE_DEFAULTS).transports).toHaveLength(4);
  });
});

describe('parseCompareOptions rejects bad values, naming the option', () => {
  it('--clients -3', () => {
    const error = rejects({ clients: '-3' }, '--clients');
    expect(error.message).toContain("'-3'");
    expect(error.message).toContain(`1 to ${MAX_CLIENTS}`);
  });

  it('--clients 0 and above the maximum', () => {
    rejects({ clients: '0' }, '--clients');
    rejects({ clients: String(MAX_CLIENTS + 1) }, '--clients');
    // The largest count this machine's open-file limit allows is accepted.
    const fits = Math.min(MAX_CLIENTS, (openFileLimit() ?? MAX_CLIENTS + 256) - 256);
    expect(parseCompareOptions(withDefaults({ clients: String(fits) })).clients).toBe(fits);
  });

  it('--duration soon', () => {
    const error = rejects({ duration: 'soon' }, '--duration');
    expect(error.message).toContain("'soon'");
  });

  it('--transports poll,carrier-pigeon names the unknown transport and lists the valid names', () => {
    const error = rejects({ transports: 'poll,carrier-pigeon' }, '--transports');
    expect(error.message).toContain('carrier-pigeon');
    for (const name of TRANSPORTS) expect(error.message).toContain(name);
    expect(error.message).toContain('all');
  });

  it('--transports with no names at all', () => {
    rejects({ transports: '' }, '--transports');
    rejects({ transports: ' , ,' }, '--transports');
  });

  it('--port 99999', () => {
    const error = rejects({ port: '99999' }, '--port');
    expect(error.message).toContain("'99999'");
    expect(error.message).toContain('65535');
  });

  it('--port -1 and --port 80.5', () => {
    rejects({ port: '-1' }, '--port');
    rejects({ port: '80.5' }, '--port');
  });

  it('--rate 0 and --rate fast', () => {
    rejects({ rate: '0' }, '--rate');
    rejects({ rate: 'fast' }, '--rate');
  });

  it('--poll-interval 5ms (below 10ms) and --poll-interval often', () => {
    rejects({ pollInterval: '5ms' }, '--poll-interval');
    rejects({ pollInterval: 'often' }, '--poll-interval');
  });

  it('--long-poll-timeout 50ms (below 100ms)', () => {
    rejects({ longPollTimeout: '50ms' }, '--long-poll-timeout');
  });

  it('--duration 50ms and 2h are out of range', () => {
    rejects({ duration: '50ms', transports: 'sse' }, '--duration');
    rejects({ duration: '61m' }, '--duration');
  });

  it('--payload big and --payload 2mb (above 1mb)', () => {
    rejects({ payload: 'big' }, '--payload');
    rejects({ payload: '2mb' }, '--payload');
    expect(parseCompareOptions(withDefaults({ payload: '1mb' })).payloadBytes).toBe(1024 * 1024);
    expect(parseCompareOptions(withDefaults({ payload: '0' })).payloadBytes).toBe(0);
  });

  it('--host empty', () => {
    rejects({ host: '  ' }, '--host');
  });

  it('--seed -1 and above 2^32 - 1', () => {
    rejects({ seed: '-1' }, '--seed');
    rejects({ seed: '4294967296' }, '--seed');
    expect(parseCompareOptions(withDefaults({ seed: '4294967295' })).seed).toBe(4_294_967_295);
  });
});

describe('--transports', () => {
  it('removes duplicates, keeping the first occurrence order', () => {
    expect(parseCompareOptions(withDefaults({ transports: 'ws,poll,ws,sse,poll' })).transports).toEqual([
      'ws',
      'poll',
      'sse',
    ]);
  });

  it('keeps the order the user gave', () => {
    expect(parseTransports('sse,poll')).toEqual(['sse', 'poll']);
  });

  it('accepts all', () => {
    expect(parseCompareOptions(withDefaults({ transports: 'all' })).transports).toEqual([
      'poll',
      'long-poll',
      'sse',
      'ws',
      'socketio',
    ]);
    expect(parseTransports(' ALL ')).toEqual([...TRANSPORTS]);
  });

  it('ignores case, surrounding spaces and empty items', () => {
    expect(parseTransports(' Poll , SSE,,ws ')).toEqual(['poll', 'sse', 'ws']);
  });

  it('throws UsageError for an unknown name', () => {
    expect(() => parseTransports('http')).toThrow(UsageError);
    expect(() => parseTransports('http')).toThrow(/unknown transport 'http'/);
  });
});

describe('--host', () => {
  it('is trimmed', () => {
    expect(parseCompareOptions(withDefaults({ host: ' localhost ' })).host).toBe('localhost');
  });
});

describe('--duration against --poll-interval', () => {
  it('rejects a duration shorter than the poll interval when poll runs', () => {
    const error = rejects({ duration: '500ms', pollInterval: '1s' }, '--duration');
    expect(error.message).toContain('--poll-interval');
  });

  it('rejects a duration equal to the poll interval when poll runs', () => {
    rejects({ duration: '1s', pollInterval: '1000ms' }, '--duration');
    rejects({ duration: '2s', pollInterval: '2s', transports: 'sse,poll' }, '--duration');
  });

  it('accepts a duration just longer than the poll interval', () => {
    const options = parseCompareOptions(withDefaults({ duration: '1001ms', pollInterval: '1s' }));
    expect(options.durationMs).toBe(1001);
    expect(options.pollIntervalMs).toBe(1000);
  });

  it('accepts a short duration when poll is not among the transports', () => {
    const options = parseCompareOptions(
      withDefaults({ duration: '500ms', pollInterval: '1s', transports: 'long-poll,sse,ws' }),
    );
    expect(options.durationMs).toBe(500);
    expect(options.pollIntervalMs).toBe(1000);
    expect(options.transports).toEqual(['long-poll', 'sse', 'ws']);
    expect(parseCompareOptions(withDefaults({ duration: '1s', pollInterval: '1s', transports: 'ws' })).durationMs).toBe(
      1000,
    );
  });
});

describe('other values', () => {
  it('parses every option into numbers with units in their names', () => {
    const options = parseCompareOptions({
      transports: 'ws',
      clients: '3',
      rate: '2.5',
      duration: '2m',
      pollInterval: '250ms',
      payload: '1kb',
      longPollTimeout: '1.5s',
      host: '::1',
      port: '8080',
      seed: '42',
      rtt: '100ms',
      jitter: '10ms',
      headers: 'browser',
    });
    expect(options).toEqual({
      transports: ['ws'],
      clients: 3,
      ratePerSec: 2.5,
      durationMs: 120_000,
      pollIntervalMs: 250,
      payloadBytes: 1024,
      longPollTimeoutMs: 1500,
      host: '::1',
      port: 8080,
      seed: 42,
      rttMs: 100,
      jitterMs: 10,
      headers: 'browser',
    });
  });
});

describe('network conditions and header weight', () => {
  it('rejects jitter without an RTT, an RTT not shorter than the poll interval, and jitter above the RTT', () => {
    expect(() => parseCompareOptions(withDefaults({ jitter: '5ms' }))).toThrow(/^--jitter: '5ms' needs --rtt/);
    expect(() => parseCompareOptions(withDefaults({ rtt: '1s' }))).toThrow(
      /^--rtt: '1s' must be shorter than --poll-interval/,
    );
    expect(() => parseCompareOptions(withDefaults({ rtt: '100ms', jitter: '200ms' }))).toThrow(
      /^--jitter: '200ms' is out of range/,
    );
    expect(() => parseCompareOptions(withDefaults({ rtt: 'far' }))).toThrow(/^--rtt: 'far' is not a duration/);
  });

  it('reads --headers FILE as Name: value lines, skipping blanks and comments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pvp-headers-'));
    try {
      const good = join(dir, 'good.txt');
      writeFileSync(good, '# a custom client\nUser-Agent: curl/8.5.0\n\nX-Trace: a:b:c\n');
      expect(parseCompareOptions(withDefaults({ headers: good }))).toMatchObject({
        headers: 'file',
        customHeaders: { 'User-Agent': 'curl/8.5.0', 'X-Trace': 'a:b:c' },
      });
      const bad = join(dir, 'bad.txt');
      writeFileSync(bad, 'User-Agent curl\n');
      expect(() => parseCompareOptions(withDefaults({ headers: bad }))).toThrow(
        /^--headers: line 1 of '.*bad\.txt' is not a header/,
      );
      const reserved = join(dir, 'reserved.txt');
      writeFileSync(reserved, 'Connection: close\n');
      expect(() => parseCompareOptions(withDefaults({ headers: reserved }))).toThrow(
        /sets Connection, which the HTTP client manages/,
      );
      expect(() => parseCompareOptions(withDefaults({ headers: join(dir, 'missing.txt') }))).toThrow(
        new RegExp(
          "^--headers: cannot read '.*missing\\.txt' \\(ENOENT\\); use minimal, browser or a file of at most 64kb " +
            "with one 'Name: value' line per header$",
        ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the open-file limit', () => {
  it('rejects a client count the per-process limit cannot hold, naming the limit and a fix', () => {
    expect(() => checkOpenFileLimit(30_000, 20_000)).toThrow(
      '--clients: 30000 needs about 30256 open files per process, but the limit here is 20000; raise it ' +
        '(ulimit -n 65536) or use at most 19744 clients',
    );
    expect(() => checkOpenFileLimit(10_000, 20_000)).not.toThrow();
    expect(() => checkOpenFileLimit(10_000, undefined)).not.toThrow();
  });

  it("reads this process's limit from /proc on Linux", () => {
    const limit = openFileLimit();
    if (process.platform === 'linux') expect(limit).toBeGreaterThan(0);
    else expect(limit).toBeUndefined();
  });
});

describe('checkOpenFileLimit with the relay', () => {
  it('counts three sockets per client in the server process when --rtt adds the relay', () => {
    expect(() => checkOpenFileLimit(700, 1024, 1)).not.toThrow();
    expect(() => checkOpenFileLimit(700, 1024, 3)).toThrow(
      '--clients: 700 needs about 2356 open files per process (with --rtt the server process holds three sockets ' +
        'per client: relay in, relay out, server), but the limit here is 1024; raise it (ulimit -n 65536) or use ' +
        'at most 256 clients',
    );
  });
});

describe('the option registry', () => {
  it('adds the options a command names, in its order, with a default it may override', () => {
    const command = addOptions(new Command('x'), ['rate', 'logWindow', 'threshold'], { rate: '1' });
    expect(command.options.map((o) => [o.long, o.defaultValue])).toEqual([
      ['--rate', '1'],
      ['--log-window', '10000'],
      ['--threshold', undefined],
    ]);
  });

  it('parses serve with the rules compare uses where they overlap, and lets --rate be 0', () => {
    const raw = {
      host: ' 127.0.0.1 ',
      port: '0',
      rate: '0',
      payload: '1kb',
      longPollTimeout: '30s',
      seed: '1',
      logWindow: '5',
      logWindowBytes: '1kb',
    };
    expect(parseServeOptions(raw)).toMatchObject({
      host: '127.0.0.1',
      ratePerSec: 0,
      payloadBytes: 1024,
      logWindow: { maxEvents: 5, maxBytes: 1024 },
    });
    expect(() => parseServeOptions({ ...raw, longPollTimeout: '10ms' })).toThrow(
      "--long-poll-timeout: '10ms' is out of range; use 100ms to 60m",
    );
  });
});
