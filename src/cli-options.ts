import { readFileSync } from 'node:fs';
import { UsageError } from './shared/errors.js';
import { readRegularFile } from './shared/read-file.js';
import { TRANSPORTS, type CompareOptions, type Transport } from './shared/types.js';
import { checkDurationRange, parseDuration, parseInteger, parsePositiveNumber, parseSize } from './shared/units.js';

/** The compare command's options as commander hands them over: strings, before validation. */
export interface RawCompareOptions {
  transports: string;
  clients: string;
  rate: string;
  duration: string;
  pollInterval: string;
  payload: string;
  longPollTimeout: string;
  host: string;
  port: string;
  seed: string;
  rtt: string;
  jitter: string;
  headers: string;
}

/** The defaults, as a user would type them (shown by --help). */
export const COMPARE_DEFAULTS: RawCompareOptions = {
  transports: TRANSPORTS.join(','),
  clients: '50',
  rate: '10',
  duration: '5s',
  pollInterval: '1s',
  payload: '64',
  longPollTimeout: '30s',
  host: '127.0.0.1',
  port: '0',
  seed: '1',
  rtt: '0ms',
  jitter: '0ms',
  headers: 'minimal',
};

/** `--quick`: a preset for CI that runs all four transports in about 10 s; explicit options win. */
export const QUICK_PRESET: Partial<RawCompareOptions> = {
  clients: '10',
  rate: '10',
  duration: '2s',
  pollInterval: '500ms',
};

/** Applies the quick preset to every option the user did not give explicitly. */
export function withQuickPreset(raw: RawCompareOptions, explicit: (key: keyof RawCompareOptions) => boolean): RawCompareOptions {
  const merged = { ...raw };
  for (const [key, value] of Object.entries(QUICK_PRESET) as Array<[keyof RawCompareOptions, string]>) {
    if (!explicit(key)) merged[key] = value;
  }
  return merged;
}

/** Highest simulated client count per transport (the open-file limit may set a lower one). */
export const MAX_CLIENTS = 100_000;

/** Sockets and files a process needs besides one socket per client. */
const FD_HEADROOM = 256;

/** This process's soft limit on open files, from /proc on Linux; undefined where it cannot be read. */
export function openFileLimit(): number | undefined {
  try {
    const match = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every client holds one socket in the run's process and one in the server's (three there with
 * the --rtt relay); both processes inherit this limit. Says so before anything starts rather
 * than failing with EMFILE mid-run.
 */
export function checkOpenFileLimit(clients: number, limit = openFileLimit(), socketsPerClient = 1): void {
  const needed = clients * socketsPerClient + FD_HEADROOM;
  if (limit === undefined || needed <= limit) return;
  const relay = socketsPerClient > 1 ? ' (with --rtt the server process holds three sockets per client: relay in, relay out, server)' : '';
  throw new UsageError(
    `--clients: ${clients} needs about ${needed} open files per process${relay}, but the limit here is ${limit}; ` +
      `raise it (ulimit -n ${Math.max(65_536, needed * 2)}) or use at most ${Math.floor((limit - FD_HEADROOM) / socketsPerClient)} clients`,
  );
}
const MAX_PAYLOAD_BYTES = 1024 * 1024;
/** Highest event rate, per second. */
const MAX_RATE_PER_SEC = 10_000;

/** `--payload`: a size from 0 to 1 mb. */
export function parsePayload(text: string): number {
  const payloadBytes = parseSize('--payload', text);
  if (payloadBytes > MAX_PAYLOAD_BYTES) throw new UsageError(`--payload: '${text}' is too large; use 0 to 1mb`);
  return payloadBytes;
}

/** `--rate`: events per second, above 0 (or exactly 0 where `allowZero`: publish only on request). */
export function parseRate(text: string, allowZero = false): number {
  if (allowZero && /^\s*0+(\.0+)?\s*$/.test(text)) return 0;
  try {
    return parsePositiveNumber('--rate', text, MAX_RATE_PER_SEC);
  } catch (error) {
    if (!allowZero) throw error;
    throw new UsageError(`--rate: '${text}' is not accepted; use a number from 0 (publish only on POST /publish) to ${MAX_RATE_PER_SEC}`);
  }
}

/** `--host`: a non-empty address. */
export function parseHost(text: string): string {
  const host = text.trim();
  if (host === '') throw new UsageError(`--host: '' is not an address; use an IP address or a host name such as 127.0.0.1`);
  return host;
}

/** Parses a comma list of transport names (`all` means every one), keeping the run order given. */
export function parseTransports(text: string): Transport[] {
  const names = text.split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== '');
  if (names.includes('all')) return [...TRANSPORTS];
  const unknown = names.filter((name) => !(TRANSPORTS as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    const what = unknown.length > 0 ? `unknown transport '${unknown[0]}'` : 'no transport named';
    throw new UsageError(`--transports: ${what}; use a comma list of ${TRANSPORTS.join(', ')} (or all)`);
  }
  return [...new Set(names)] as Transport[];
}

// Headers undici manages itself (or refuses): a file may not set them.
const RESERVED_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'upgrade', 'keep-alive', 'expect', 'te', 'trailer']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Largest header file read, and most headers it may set. */
export const MAX_HEADER_FILE_BYTES = 64 * 1024;
const MAX_HEADER_LINES = 100;
// A field value: visible ASCII, spaces and tabs, and bytes of other scripts (RFC 9110 §5.5).
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\uffff]*$/;

/**
 * `--headers minimal|browser|FILE`: a profile, or request headers read from `Name: value` lines
 * of a regular file of at most 64 kb. The values are sent, never reported: a result keeps the
 * names and the bytes they weigh.
 */
export function parseHeaders(text: string): Pick<CompareOptions, 'headers' | 'customHeaders'> {
  if (text === 'minimal' || text === 'browser') return { headers: text };
  const accepted = `use minimal, browser or a file of at most ${MAX_HEADER_FILE_BYTES / 1024}kb with one 'Name: value' line per header`;
  const content = readRegularFile('--headers', text, MAX_HEADER_FILE_BYTES, accepted);
  const customHeaders: Record<string, string> = {};
  for (const [index, rawLine] of content.split(/\r?\n/).entries()) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    // Line numbers only: a line that is not a header may hold a secret, and the message must not echo it.
    const where = `line ${index + 1} of '${text}'`;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim();
    if (colon <= 0 || !HEADER_NAME.test(name)) throw new UsageError(`--headers: ${where} is not a header; write one 'Name: value' per line`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw new UsageError(`--headers: ${where} sets ${name}, which the HTTP client manages; leave it out`);
    const value = line.slice(colon + 1).trim();
    if (!HEADER_VALUE.test(value)) throw new UsageError(`--headers: ${where} has a control character in its value; remove it`);
    customHeaders[name] = value;
    if (Object.keys(customHeaders).length > MAX_HEADER_LINES) throw new UsageError(`--headers: '${text}' sets more than ${MAX_HEADER_LINES} headers; keep at most ${MAX_HEADER_LINES}`);
  }
  return { headers: 'file', customHeaders };
}

/** Validates every compare option before anything starts; throws UsageError naming the option. */
export function parseCompareOptions(raw: RawCompareOptions): CompareOptions {
  const durationMs = checkDurationRange('--duration', raw.duration, parseDuration('--duration', raw.duration), 100, 3_600_000);
  const pollIntervalMs = checkDurationRange('--poll-interval', raw.pollInterval, parseDuration('--poll-interval', raw.pollInterval), 10, 600_000);
  const longPollTimeoutMs = checkDurationRange('--long-poll-timeout', raw.longPollTimeout, parseDuration('--long-poll-timeout', raw.longPollTimeout), 100, 3_600_000);
  const payloadBytes = parsePayload(raw.payload);
  const host = parseHost(raw.host);
  const options: CompareOptions = {
    transports: parseTransports(raw.transports),
    clients: parseInteger('--clients', raw.clients, 1, MAX_CLIENTS),
    ratePerSec: parseRate(raw.rate),
    durationMs,
    pollIntervalMs,
    payloadBytes,
    longPollTimeoutMs,
    host,
    port: parseInteger('--port', raw.port, 0, 65_535),
    seed: parseInteger('--seed', raw.seed, 0, 4_294_967_295),
    rttMs: checkDurationRange('--rtt', raw.rtt, parseDuration('--rtt', raw.rtt), 0, 10_000),
    jitterMs: 0,
    ...parseHeaders(raw.headers),
  };
  const jitterMs = parseDuration('--jitter', raw.jitter);
  if (jitterMs > 0 && options.rttMs === 0) {
    throw new UsageError(`--jitter: '${raw.jitter}' needs --rtt; jitter spreads the relay's delay around RTT/2`);
  }
  options.jitterMs = checkDurationRange('--jitter', raw.jitter, jitterMs, 0, options.rttMs);
  if (options.rttMs >= pollIntervalMs && options.transports.includes('poll')) {
    throw new UsageError(`--rtt: '${raw.rtt}' must be shorter than --poll-interval (${raw.pollInterval}) for short polls to keep their interval`);
  }
  checkOpenFileLimit(options.clients, openFileLimit(), options.rttMs > 0 ? 3 : 1);
  if (options.transports.includes('poll') && durationMs <= pollIntervalMs) {
    throw new UsageError(
      `--duration: '${raw.duration}' must be longer than --poll-interval (${raw.pollInterval}); each phase publishes for its duration less one poll interval`,
    );
  }
  return options;
}

/** The serve command's options as commander hands them over. */
export interface RawServeOptions {
  host: string;
  port: string;
  rate: string;
  payload: string;
  longPollTimeout: string;
  seed: string;
  logWindow: string;
  logWindowBytes: string;
  token?: string;
}

/** What `serve` runs with, validated. */
export interface ServeOptions {
  host: string;
  port: number;
  /** Events per second; 0 publishes only on `POST /publish`. */
  ratePerSec: number;
  payloadBytes: number;
  defaultLongPollTimeoutMs: number;
  seed: number;
  logWindow: { maxEvents: number; maxBytes: number };
  token?: string;
}

/** Validates every serve option, with the same rules as compare where they overlap. */
export function parseServeOptions(raw: RawServeOptions): ServeOptions {
  const token = raw.token?.trim();
  if (token !== undefined && !/^[\x21-\x7e]{8,256}$/.test(token)) {
    throw new UsageError(`--token: use 8 to 256 visible ASCII characters, no spaces`);
  }
  const maxBytes = parseSize('--log-window-bytes', raw.logWindowBytes);
  if (maxBytes < 1024 || maxBytes > 1024 * 1024 * 1024) throw new UsageError(`--log-window-bytes: '${raw.logWindowBytes}' is out of range; use 1kb to 1024mb`);
  return {
    host: parseHost(raw.host),
    port: parseInteger('--port', raw.port, 0, 65_535),
    ratePerSec: parseRate(raw.rate, true),
    payloadBytes: parsePayload(raw.payload),
    defaultLongPollTimeoutMs: checkDurationRange('--long-poll-timeout', raw.longPollTimeout, parseDuration('--long-poll-timeout', raw.longPollTimeout), 100, 3_600_000),
    seed: parseInteger('--seed', raw.seed, 0, 4_294_967_295),
    logWindow: { maxEvents: parseInteger('--log-window', raw.logWindow, 1, 10_000_000), maxBytes },
    ...(token !== undefined ? { token } : {}),
  };
}
