import type { PublishOutcome, PublishSchedule } from './publisher.js';
import type { Attribution, RouteStats } from './accounting.js';
import type { ProcessCost, ProcessCostPart } from '../shared/process-cost.js';
import type { Transport } from '../shared/transports.js';
import type { SetupCode } from '../shared/faults.js';
import type { DemoServerOptions } from './demo-server.js';

/** What the run hands the server process: the demo server's options and, for --rtt, the relay's. */
export interface ServerProcessOptions extends Omit<DemoServerOptions, 'certificate'> {
  relay?: { rttMs: number; jitterMs: number; seed: number };
  /** Serve HTTPS and WSS with a certificate made here for the run; its key never leaves the server's processes. */
  tls?: boolean;
  /** Spread the server over this many worker processes sharing the port (more sockets than one process may hold). */
  workers?: number;
}

/** Server-side counters of every attribution, the log head, and the process's cost since the reset. */
export interface ServerSnapshot {
  head: number;
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
  | { id: number; op: 'close' };

/** What each request answers. */
export interface ControlResults {
  reset: null;
  publish: PublishOutcome;
  halt: null;
  'publish-now': number;
  conditions: null;
  stats: ServerSnapshot;
  close: null;
}

/** Messages the server process sends to the run. */
export type ControlMessage =
  | { type: 'ready'; host: string; port: number; url: string; certificate?: ServedCertificate }
  | { type: 'fatal'; code: SetupCode; message: string }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; message: string };
