// --loss, --bandwidth and --network: a path the kernel shapes between the clients and the demo
// server, in network namespaces the run creates (run/netns.ts). Checked before anything starts.
import { existsSync } from 'node:fs';
import { UsageError } from '../shared/errors.js';
import type { NetworkPath, RadioName } from '../shared/network-types.js';
import type { CompareOptions } from '../shared/options-types.js';

/** A named network: its round trip, rates and loss, with where the figures come from. */
export interface NetworkProfile {
  rttMs: number;
  downKbit: number;
  upKbit: number;
  lossPercent: number;
  source: string;
}

const WPT = "WebPageTest's connectivity.ini";
const BROWSERSTACK = "BrowserStack App Automate's network profiles";

/**
 * Profiles as published: WebPageTest's connectivity presets (github.com/WPO-Foundation/webpagetest,
 * www/settings/connectivity.ini.sample) and BrowserStack App Automate's network profiles
 * (browserstack.com/docs/app-automate, "Simulate network conditions"), whose latency is taken as the round trip.
 */
export const NETWORK_PROFILES: Readonly<Record<string, NetworkProfile>> = {
  '3g': { rttMs: 300, downKbit: 1600, upKbit: 768, lossPercent: 0, source: `${WPT} [3G]` },
  '4g': { rttMs: 170, downKbit: 9000, upKbit: 9000, lossPercent: 0, source: `${WPT} [4G]` },
  lte: { rttMs: 70, downKbit: 12_000, upKbit: 12_000, lossPercent: 0, source: `${WPT} [LTE]` },
  'hspa-lossy': { rttMs: 190, downKbit: 900, upKbit: 200, lossPercent: 1, source: `${BROWSERSTACK} [3.5g-hspa-lossy]` },
  'edge-lossy': { rttMs: 500, downKbit: 150, upKbit: 100, lossPercent: 1, source: `${BROWSERSTACK} [edge-lossy]` },
};

/** The most loss a run takes: past it TCP spends the phase in timeouts. */
const MAX_LOSS = 50;

/** `--loss`: a percentage, `3%` or `3`, from 0 to 50, to two decimals. */
export function parseLoss(text: string): number {
  const match = /^\s*(\d+(?:\.\d{1,2})?)\s*%?\s*$/.exec(text);
  const value = match ? Number(match[1]) : Number.NaN;
  if (!(value >= 0 && value <= MAX_LOSS))
    throw new UsageError(`--loss: '${text}' is not accepted; use a percentage from 0 to ${MAX_LOSS}, e.g. 3% or 0.5`);
  return value;
}

const RATE_UNITS: Record<string, number> = { kbit: 1, mbit: 1000, gbit: 1_000_000 };

/** `--bandwidth`: `256kbit`, `1.5mbit`, `1gbit` (tc's units), from 8 kbit/s to 10 gbit/s; in kbit/s. */
export function parseBandwidth(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(kbit|mbit|gbit)\s*$/i.exec(text);
  const kbit = match ? Number(match[1]) * RATE_UNITS[match[2]!.toLowerCase()]! : Number.NaN;
  if (!(kbit >= 8 && kbit <= 10_000_000))
    throw new UsageError(
      `--bandwidth: '${text}' is not accepted; use a rate in kbit, mbit or gbit from 8kbit to 10gbit, e.g. 256kbit`,
    );
  return Math.round(kbit);
}

/** `--network`: one of the profiles. */
export function parseNetworkProfile(text: string): string {
  const name = text.trim().toLowerCase();
  if (!(name in NETWORK_PROFILES))
    throw new UsageError(
      `--network: '${text}' is not a profile; use one of ${Object.keys(NETWORK_PROFILES).join(', ')}`,
    );
  return name;
}

/** The tools a shaped path needs, where Debian puts them. */
const TOOLS = ['ip', 'tc', 'nft'] as const;
const SBIN = ['/usr/sbin', '/sbin', '/usr/bin', '/bin'];

/** What a shaped path needs that this machine lacks: root, and iproute2's and nftables' commands. */
export function missingForPath(
  isRoot = process.getuid?.() === 0,
  has = (tool: string) => SBIN.some((dir) => existsSync(`${dir}/${tool}`)),
): string[] {
  return [...(isRoot ? [] : ['root']), ...TOOLS.filter((tool) => !has(tool)).map((tool) => `the ${tool} command`)];
}

/** The network options as given. */
export interface RawNetworkOptions {
  loss?: string;
  bandwidth?: string;
  network?: string;
}

/**
 * The shaped path `raw` asks for (none when it asks for none), with the RTT a profile brings when --rtt was not given;
 * refused with one line where it cannot be made.
 */
export function parseNetworkOptions(
  raw: RawNetworkOptions,
  options: CompareOptions,
  rttGiven: boolean,
  missing: () => string[] = missingForPath,
): { network?: NetworkPath; rttMs?: number } {
  if (raw.loss === undefined && raw.bandwidth === undefined && raw.network === undefined) return {};
  const option = raw.network !== undefined ? '--network' : raw.loss !== undefined ? '--loss' : '--bandwidth';
  const profileName = raw.network !== undefined ? parseNetworkProfile(raw.network) : undefined;
  const profile = profileName ? NETWORK_PROFILES[profileName] : undefined;
  const lossPercent = raw.loss !== undefined ? parseLoss(raw.loss) : (profile?.lossPercent ?? 0);
  const bandwidth = raw.bandwidth !== undefined ? parseBandwidth(raw.bandwidth) : undefined;
  if (options.target || options.app)
    throw new UsageError(`${option}: shapes the path to the demo server; a --target or an app runs on its own network`);
  if (options.tls) throw new UsageError(`${option}: not with --tls yet; a shaped path runs cleartext`);
  if ((options.processes ?? 1) > 1)
    throw new UsageError(`${option}: the shaped path holds one server process; use fewer clients or drop ${option}`);
  const lacking = missing();
  if (lacking.length > 0)
    throw new UsageError(
      `${option}: shaping a path needs ${lacking.join(', ')} (network namespaces, tc and nftables; as root: ` +
        'apt-get install iproute2 nftables)',
    );
  const network: NetworkPath = {
    lossPercent,
    ...(bandwidth !== undefined
      ? { downKbit: bandwidth, upKbit: bandwidth }
      : profile
        ? { downKbit: profile.downKbit, upKbit: profile.upKbit }
        : {}),
    ...(profileName ? { profile: profileName } : {}),
  };
  return { network, ...(profile && !rttGiven ? { rttMs: profile.rttMs } : {}) };
}

/** `--radio`: lte or 3g. */
export function parseRadio(text: string): RadioName {
  const name = text.trim().toLowerCase();
  if (name !== 'lte' && name !== '3g') throw new UsageError(`--radio: '${text}' is not a model; use lte or 3g`);
  return name;
}
