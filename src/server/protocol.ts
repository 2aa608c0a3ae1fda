import type { PublishOutcome, PublishSchedule } from './publisher.js';
import type { Attribution, RouteStats } from './accounting.js';
import type { ProcessCost, ProcessCostPart } from '../shared/process-cost.js';
import type { Transport } from '../shared/transports.js';
import type { SetupCode } from '../shared/faults.js';
import type { DemoServerOptions } from './demo-server.js';
import type { LoggedEvent } from './event-log.js';

/** What the run hands the server process: the demo server's options and, for --rtt, the relay's. */
export interface ServerProcessOptions extends Omit<DemoServerOptions, 'certificate' | 'log'> {
  /** Takes a restarted server's log over: the process waits for it (an `adopt` message) before it listens. */
  takesOver?: boolean;
  relay?: { rttMs: number; jitterMs: number; seed: number; listenPort?: number };
  /** Serve HTTPS and WSS with a certificate made here for the run; its key never leaves the server's processes. */
  tls?: boolean;
  /** Spread the server over this many worker processes sharing the port (more sockets than one process may hold). */
  workers?: number;
}

/** Server-side counters of every attribution, the log head, and the process's cost since the reset. */
export interface ServerSnapshot {
  head: number;
  /** Connections the server accepted per second at the peak, since the reset (or since it started). */
  acceptsPeakPerSec?: number;
  routes: Partial<Record<Attribution, RouteStats>>;
  cost?: ProcessCost;
  /** Each process's own cost, when the server is a primary and its workers (`cost` is their sum). */
  processes?: ProcessCostPart[];
}

/** What a running session may change at the source: the event rate, the relay's delay. */
export interface SourceConditions {
  ratePerSec?: number;
  rttMs?: number;
  jitterMs?: number;
}

/** The certificate a `--tls` server serves: what its clients trust (the key stays in the server process). */
export interface ServedCertificate {
  pem: string;
  fingerprint256: string;
}

/** Requests the run sends to the server process over IPC (structured clone, so bigint travels). */
export type ControlRequest =
  | { id: number; op: 'reset'; transports: Transport[] }
  | { id: number; op: 'publish'; schedule: PublishSchedule }
  | { id: number; op: 'halt' }
  | { id: number; op: 'publish-now' }
  | { id: number; op: 'conditions'; conditions: SourceConditions }
  | { id: number; op: 'stats' }
  | { id: number; op: 'handover' }
  | { id: number; op: 'close' };

/** An event as one server process hands it to the next (a restart): numbered, stamped, encoded. */
export type HandedEvent = Pick<LoggedEvent, 'seq' | 'publishedAtNs' | 'json'>;

/** The first message to a process that takes a restarted server's log over, before it listens. */
export interface TakeOver {
  op: 'take-over';
  events: HandedEvent[];
}

/** What each request answers. */
export interface ControlResults {
  reset: null;
  publish: PublishOutcome;
  halt: null;
  'publish-now': number;
  conditions: null;
  stats: ServerSnapshot;
  /** Publishing stopped; the log's window, for the process that takes over. */
  handover: HandedEvent[];
  close: null;
}

/** Messages the server process sends to the run. */
export type ControlMessage =
  | { type: 'ready'; host: string; port: number; url: string; certificate?: ServedCertificate }
  | { type: 'fatal'; code: SetupCode; message: string }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; message: string };
