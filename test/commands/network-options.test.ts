import { describe, expect, it } from 'vitest';
import { COMPARE_DEFAULTS, parseCompareOptions } from '../../src/commands/compare-options.js';
import {
  NETWORK_PROFILES,
  missingForPath,
  parseBandwidth,
  parseLoss,
  parseNetworkOptions,
} from '../../src/commands/network-options.js';
import { UsageError } from '../../src/shared/errors.js';

const base = parseCompareOptions(COMPARE_DEFAULTS);
const nothingMissing = (): string[] => [];

describe('--loss, --bandwidth and --network', () => {
  it('reads a loss as a percentage and a rate in tc units', () => {
    expect(parseLoss('3%')).toBe(3);
    expect(parseLoss('0.5')).toBe(0.5);
    expect(parseBandwidth('256kbit')).toBe(256);
    expect(parseBandwidth('1.5mbit')).toBe(1500);
    expect(parseBandwidth('1gbit')).toBe(1_000_000);
    for (const bad of ['70', '-1', '3 percent', '']) expect(() => parseLoss(bad), bad).toThrow(/^--loss: /);
    for (const bad of ['fast', '256', '4kbit', '256kb'])
      expect(() => parseBandwidth(bad), bad).toThrow(/^--bandwidth: /);
  });

  it('takes a profile’s figures and its RTT, unless --rtt or --loss say otherwise', () => {
    const p = NETWORK_PROFILES['hspa-lossy']!;
    expect(parseNetworkOptions({ network: 'hspa-lossy' }, base, false, nothingMissing)).toEqual({
      network: { lossPercent: p.lossPercent, downKbit: p.downKbit, upKbit: p.upKbit, profile: 'hspa-lossy' },
      rttMs: p.rttMs,
    });
    expect(parseNetworkOptions({ network: '3g', loss: '2' }, base, true, nothingMissing)).toEqual({
      network: { lossPercent: 2, downKbit: 1600, upKbit: 768, profile: '3g' },
    });
    expect(parseNetworkOptions({}, base, false, nothingMissing)).toEqual({});
    expect(() => parseNetworkOptions({ network: '5g' }, base, false, nothingMissing)).toThrow(/3g, 4g, lte/);
  });

  // Parsed whole, the options are checked against this machine too: only where a path can be made.
  it.skipIf(missingForPath().length > 0)(
    "refuses a profile's RTT that leaves short polls no interval, naming it",
    () => {
      expect(() =>
        parseCompareOptions({ ...COMPARE_DEFAULTS, pollInterval: '500ms' }, { network: 'edge-lossy' }),
      ).toThrow(/^--rtt: '500ms' \(--network edge-lossy\) must be shorter than --poll-interval \(500ms\)/);
    },
  );

  it('names what the machine lacks, and what the path cannot go with, in one line', () => {
    const refused = (raw: Parameters<typeof parseNetworkOptions>[0], options = base, missing = nothingMissing) => {
      try {
        parseNetworkOptions(raw, options, false, missing);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refused({ loss: '3%' }, base, () => ['root'])).toMatch(/^--loss: shaping a path needs root \(/);
    expect(missingForPath(false, () => false)).toEqual(['root', 'the ip command', 'the tc command', 'the nft command']);
    expect(missingForPath(true, () => true)).toEqual([]);
    expect(refused({ bandwidth: '1mbit' }, { ...base, tls: true })).toMatch(/^--bandwidth: not with --tls/);
    const target = parseCompareOptions(COMPARE_DEFAULTS, { target: 'http://127.0.0.1:9' });
    expect(refused({ network: '4g' }, target)).toMatch(/^--network: shapes the path to the demo server/);
  });
});
