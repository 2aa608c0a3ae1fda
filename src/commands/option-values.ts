import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../shared/errors.js';
import { readRegularFile } from '../shared/read-file.js';
import type { CompareOptions } from '../shared/options-types.js';
import { TRANSPORTS, type Transport } from '../shared/transports.js';
import { parsePositiveNumber, parseSize } from '../shared/units.js';

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
  const relay =
    socketsPerClient > 1
      ? ' (with --rtt the server process holds three sockets per client: relay in, relay out, server)'
      : '';
  throw new UsageError(
    `--clients: ${clients} needs about ${needed} open files per process${relay}, but the limit here is ${limit}; ` +
      `raise it (ulimit -n ${Math.max(65_536, needed * 2)}) or use at most ` +
      `${Math.floor((limit - FD_HEADROOM) / socketsPerClient)} clients`,
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
    throw new UsageError(
      `--rate: '${text}' is not accepted; use a number from 0 (publish only on POST /publish) to ${MAX_RATE_PER_SEC}`,
    );
  }
}

/** `--host`: a non-empty address. */
export function parseHost(text: string): string {
  const host = text.trim();
  if (host === '')
    throw new UsageError(`--host: '' is not an address; use an IP address or a host name such as 127.0.0.1`);
  return host;
}

/** Parses a comma list of transport names (`all` means every one), keeping the run order given. */
export function parseTransports(text: string): Transport[] {
  const names = text
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (names.includes('all')) return [...TRANSPORTS];
  const unknown = names.filter((name) => !(TRANSPORTS as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    const what = unknown.length > 0 ? `unknown transport '${unknown[0]}'` : 'no transport named';
    throw new UsageError(`--transports: ${what}; use a comma list of ${TRANSPORTS.join(', ')} (or all)`);
  }
  return [...new Set(names)] as Transport[];
}

// Headers undici manages itself (or refuses): a file may not set them.
const RESERVED_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'upgrade',
  'keep-alive',
  'expect',
  'te',
  'trailer',
]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Largest header file read, and most headers it may set. */
export const MAX_HEADER_FILE_BYTES = 64 * 1024;
const MAX_HEADER_LINES = 100;
// A field value: visible ASCII, spaces and tabs, and bytes of other scripts (RFC 9110 §5.5).
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\uffff]*$/;

/** One `Name: value` header, or what is wrong with it in words that never quote its value (it may be a secret). */
export function headerLine(line: string): { name: string; value: string } | { problem: string } {
  const colon = line.indexOf(':');
  const name = line.slice(0, colon).trim();
  if (colon <= 0 || !HEADER_NAME.test(name)) return { problem: "is not a header; write it as 'Name: value'" };
  if (RESERVED_HEADERS.has(name.toLowerCase()))
    return { problem: `sets ${name}, which the HTTP client manages; leave it out` };
  const value = line.slice(colon + 1).trim();
  if (!HEADER_VALUE.test(value)) return { problem: 'has a control character in its value; remove it' };
  return { name, value };
}

/**
 * `--headers minimal|browser|FILE`: a profile, or request headers read from `Name: value` lines
 * of a regular file of at most 64 kb. The values are sent, never reported: a result keeps the
 * names and the bytes they weigh.
 */
export function parseHeaders(text: string): Pick<CompareOptions, 'headers' | 'customHeaders'> {
  if (text === 'minimal' || text === 'browser') return { headers: text };
  const accepted =
    `use minimal, browser or a file of at most ${MAX_HEADER_FILE_BYTES / 1024}kb ` +
    "with one 'Name: value' line per header";
  const content = readRegularFile('--headers', text, MAX_HEADER_FILE_BYTES, accepted);
  const customHeaders: Record<string, string> = {};
  for (const [index, rawLine] of content.split(/\r?\n/).entries()) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    // Line numbers only: a line that is not a header may hold a secret, and the message must not echo it.
    const where = `line ${index + 1} of '${text}'`;
    const header = headerLine(line);
    if ('problem' in header) throw new UsageError(`--headers: ${where} ${header.problem}`);
    customHeaders[header.name] = header.value;
    if (Object.keys(customHeaders).length > MAX_HEADER_LINES)
      throw new UsageError(
        `--headers: '${text}' sets more than ${MAX_HEADER_LINES} headers; keep at most ${MAX_HEADER_LINES}`,
      );
  }
  return { headers: 'file', customHeaders };
}

/** `--token`: 8 to 256 visible ASCII characters (surrounding spaces trimmed). */
export function parseToken(text: string): string {
  const token = text.trim();
  if (!/^[\x21-\x7e]{8,256}$/.test(token))
    throw new UsageError(`--token: use 8 to 256 visible ASCII characters, no spaces`);
  return token;
}

/** `--log-window-bytes`: a size from 1 kb to 1024 mb, in bytes. */
export function parseLogWindowBytes(text: string): number {
  const maxBytes = parseSize('--log-window-bytes', text);
  if (maxBytes < 1024 || maxBytes > 1024 * 1024 * 1024)
    throw new UsageError(`--log-window-bytes: '${text}' is out of range; use 1kb to 1024mb`);
  return maxBytes;
}

/** `--format`: one of the formats a command writes (`what` names them in the message, e.g. 'a sweep format'). */
export function parseFormat<F extends string>(text: string, formats: readonly F[], what = 'a format'): F {
  if (!(formats as readonly string[]).includes(text)) {
    throw new UsageError(`--format: '${text}' is not ${what}; use ${formats.join(', ')}`);
  }
  return text as F;
}

/** `--output`: a path that is not a directory, in a folder this process may write; returned as given. */
export function parseOutputPath(path: string): string {
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      throw new UsageError(`--output: '${path}' is a directory; give a file path`);
    }
    accessSync(dirname(path) || '.', constants.W_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `--output: cannot write '${path}' (${(error as NodeJS.ErrnoException).code ?? 'not writable'}); give a file ` +
        `in a writable folder`,
    );
  }
  return path;
}

/** `--baseline` naming a file that does not exist yet: where this run's result will be written, as the first one. */
export function baselinePath(path: string): string {
  // Its folder may not exist yet (perf/ on a fresh clone): the nearest one that does must take a new file.
  let folder = dirname(path) || '.';
  while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
  try {
    if (!statSync(folder).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    accessSync(folder, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'not writable';
    throw new UsageError(
      `--baseline: '${path}' does not exist and cannot be made (${code}); give a saved result, or a file in a ` +
        'writable folder for the first baseline',
    );
  }
  return path;
}

/** `--max-regression`: a percentage from 0 to 10000 (`20` or `20%`), as a fraction. */
export function parseMaxRegression(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  const percent = match ? Number(match[1]) : Number.NaN;
  if (!(percent >= 0 && percent <= 10_000)) {
    throw new UsageError(
      `--max-regression: '${text}' is not accepted; use a percentage from 0 to 10000, like 20 or 20%`,
    );
  }
  return percent / 100;
}

/** `--socketio-event`: a Socket.IO event name, 1 to 100 visible characters. */
export function parseEventName(text: string): string {
  if (!/^[\x21-\x7e]{1,100}$/.test(text))
    throw new UsageError(
      `--socketio-event: '${text}' is not accepted; use an event name of 1 to 100 visible characters, like message`,
    );
  return text;
}
