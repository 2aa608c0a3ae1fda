import { UsageError } from '../shared/errors.js';
import { parseRate } from './option-values.js';
import type { RawOptions } from './option-sets.js';
import { OPTIONS, type OptionKey } from './options.js';

/** The options `serve` takes, in the order `serve --help` lists them. */
export const SERVE_OPTION_KEYS = [
  'host',
  'port',
  'rate',
  'payload',
  'longPollTimeout',
  'seed',
  'logWindow',
  'logWindowBytes',
  'token',
  'tls',
  'http2',
  'restartAt',
] as const satisfies readonly OptionKey[];

/** Defaults where `serve` differs from a comparison: one event a second suits a person watching. */
export const SERVE_DEFAULTS: Partial<Record<OptionKey, string>> = { rate: '1' };

/** The serve command's options as commander hands them over. */
export type RawServeOptions = RawOptions<
  Exclude<(typeof SERVE_OPTION_KEYS)[number], 'token' | 'tls' | 'http2' | 'restartAt'>
> & {
  token?: string;
  restartAt?: string;
  tls?: boolean;
  http2?: boolean;
};

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
  /** Serve HTTPS and WSS with a certificate made for this run. */
  tls: boolean;
  /** Take HTTP/2 beside HTTP/1.1 (h2 by ALPN under TLS, h2c by its preface in cleartext). */
  http2: boolean;
  /** Kill the server's process this long after it starts and start it again (`--restart-at`), in ms. */
  restartAtMs?: number;
}

/** Validates every serve option, with the same rules as compare where they overlap. */
export function parseServeOptions(raw: RawServeOptions): ServeOptions {
  const token = raw.token === undefined ? undefined : OPTIONS.token.parse(raw.token);
  const maxBytes = OPTIONS.logWindowBytes.parse(raw.logWindowBytes);
  const restartAtMs = raw.restartAt === undefined ? undefined : OPTIONS.restartAt.parse(raw.restartAt);
  if (restartAtMs !== undefined && raw.tls)
    throw new UsageError(
      "--restart-at: cannot go with --tls: the certificate's key lives only in the process it kills",
    );
  return {
    host: OPTIONS.host.parse(raw.host),
    port: OPTIONS.port.parse(raw.port),
    ratePerSec: parseRate(raw.rate, true),
    payloadBytes: OPTIONS.payload.parse(raw.payload),
    defaultLongPollTimeoutMs: OPTIONS.longPollTimeout.parse(raw.longPollTimeout),
    seed: OPTIONS.seed.parse(raw.seed),
    logWindow: { maxEvents: OPTIONS.logWindow.parse(raw.logWindow), maxBytes },
    ...(token !== undefined ? { token } : {}),
    tls: Boolean(raw.tls),
    http2: Boolean(raw.http2),
    ...(restartAtMs !== undefined ? { restartAtMs } : {}),
  };
}
