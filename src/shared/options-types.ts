/** The options of a comparison run, parsed at the edge into numbers with units in their names. */

import type { AppSpec } from './app-types.js';
import type { NetworkPath, RadioName } from './network-types.js';
import type { Transport } from './transports.js';

/** Everything a comparison run needs, already parsed into numbers with units in their names. */
export interface CompareOptions {
  transports: Transport[];
  /** Simulated clients per transport. */
  clients: number;
  /** Events the server publishes per second. */
  ratePerSec: number;
  /** Length of each transport's phase, in milliseconds. */
  durationMs: number;
  /** Short-poll interval, in milliseconds. */
  pollIntervalMs: number;
  /** Size of each event's `data` string, in bytes. */
  payloadBytes: number;
  /** How long the server holds a long-poll request before answering empty, in milliseconds. */
  longPollTimeoutMs: number;
  /** Address the demo server binds. */
  host: string;
  /** Port the demo server binds; 0 picks a free one. */
  port: number;
  /** Seed for the payload and the polling clients' start phases. */
  seed: number;
  /** Round-trip time the delay relay adds between clients and server, in milliseconds (0: none). */
  rttMs: number;
  /** Spread of the relay's per-chunk delay, in milliseconds. */
  jitterMs: number;
  /** Request and response header weight. */
  headers: HeaderProfile;
  /** The request headers read from `--headers FILE`, when headers is 'file'. */
  customHeaders?: Record<string, string>;
  /** The run's RTT may be turned mid-run (the live view): the delay relay stays in the path from the start. */
  steerable?: boolean;
  /**
   * Each transport's clients run in a process of their own even when one process could hold them (a live view of a
   * large crowd: its frames then never wait behind the clients' work); off when absent.
   */
  clientsApart?: boolean;
  /** A path the kernel shapes between clients and server (`--loss`, `--bandwidth`, `--network`); absent: loopback. */
  network?: NetworkPath;
  /** A phone radio's model applied to every client's timeline of messages (`--radio`); absent: none. */
  radio?: RadioName;
  /** Kill the embedded server this long into each phase and start it again (`--restart-at`), in ms; absent: never. */
  restartAtMs?: number;
  /** Every transport at once on the same events (`--parallel`), not one after another; off when absent. */
  parallel?: boolean;
  /** WebSocket with permessage-deflate (`--deflate`); off when absent. */
  deflate?: boolean;
  /** The Socket.IO event name a target emits and listens on (`--socketio-event`); `message` when absent. */
  socketIoEvent?: string;
  /** A server someone else runs (`--target`): the tool publishes, its receivers read; absent for the demo server. */
  target?: { url: string; kind: 'protocol' | 'chat' };
  /** An app measured as it is (`--publish`, `--receive`): the tool publishes markers in, each lane reads them out. */
  app?: AppSpec;
  /** The demo server serves HTTPS and WSS with a certificate made for the run (`--tls`); off when absent. */
  tls?: boolean;
  /** The HTTP transports speak HTTP/2 (`--http2`: h2 over TLS, h2c in cleartext); off when absent. */
  http2?: boolean;
  /** Trust any certificate of an `https:`/`wss:` target (`--insecure`, for self-signed ones); off when absent. */
  insecure?: boolean;
  /** The id every machine of one measurement shares (`--run-id`); absent for a run on its own. */
  runId?: string;
  /** This machine's name among the run's (`--machine`); absent for a run on its own. */
  machine?: string;
  /** When the run starts, in ms since the epoch (`--start-at`): machines started apart begin together. */
  startAtMs?: number;
  /** Processes the clients, and the demo server, are each spread over (`--processes`); one when absent. */
  processes?: number;
}

/** How heavy the HTTP requests and responses are: what undici sends, or what a browser would. */
export type HeaderProfile = 'minimal' | 'browser' | 'file';
