// How many processes a run spreads its clients, and the demo server, over: one unless told, or
// unless its clients need more sockets than one process may open.
import { UsageError } from '../shared/errors.js';
import type { CompareOptions } from '../shared/options-types.js';
import { openFileLimit } from './option-values.js';

/** Sockets and files a process needs besides one socket per client. */
const FD_HEADROOM = 256;
/**
 * A process is given at most this share of its limit: connections are shared round the server's workers only roughly
 * evenly.
 */
const FILL = 0.8;
/** The most processes a run spreads over, each of clients and of the server. */
export const MAX_PROCESSES = 64;

/** `--processes`: a whole number from 1 to 64. */
export function parseProcesses(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < 1 || value > MAX_PROCESSES) {
    throw new UsageError(`--processes: '${text}' is not accepted; use a whole number from 1 to ${MAX_PROCESSES}`);
  }
  return value;
}

/**
 * The processes a run needs: those asked for, checked against the open-file limit per process,
 * or, when none were, one, or as many as the clients' sockets need. With --rtt the delay relay
 * holds three sockets per client in one server process, so it cannot be spread.
 */
export function processesFor(
  options: Pick<CompareOptions, 'clients' | 'rttMs' | 'steerable' | 'target'>,
  asked: number | undefined,
  limit = openFileLimit(),
): number {
  const relay = options.rttMs > 0 || Boolean(options.steerable);
  const perProcess = limit === undefined ? Number.POSITIVE_INFINITY : Math.floor((limit - FD_HEADROOM) * FILL);
  const needed = Math.ceil(options.clients / perProcess);
  const processes = asked ?? Math.max(1, needed);
  if (processes > 1 && relay && !options.target) {
    throw new UsageError(
      `--rtt: the delay relay runs in one server process, which holds three sockets per client; with ` +
        `${options.clients} clients over ${processes} processes drop --rtt (or use fewer clients)`,
    );
  }
  if (processes > MAX_PROCESSES) {
    throw new UsageError(
      `--clients: ${options.clients} needs ${processes} processes at ${perProcess} sockets each (the open-file ` +
        `limit here is ${limit}); raise it (ulimit -n 65536) or use fewer clients`,
    );
  }
  if (limit !== undefined && Math.ceil(options.clients / processes) + FD_HEADROOM > limit) {
    throw new UsageError(
      `--processes: ${processes} gives each process about ${Math.ceil(options.clients / processes)} clients, more ` +
        `than the open-file limit here (${limit}) allows; use --processes ${needed} or more`,
    );
  }
  return processes;
}
