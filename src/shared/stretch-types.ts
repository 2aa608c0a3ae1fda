import type { LatencySummary } from './result-types.js';
import type { Transport } from './transports.js';

/** The conditions a live session runs under, which a class can see and turn. */
export interface LiveConditions {
  clients: number;
  ratePerSec: number;
  pollIntervalMs: number;
  rttMs: number;
  headers: string;
  paused: boolean;
}

/** One transport's figures over one stretch: counted at its sockets and recorders, never estimated. */
export interface StretchLane {
  transport: Transport;
  delivered: number;
  /** HTTP requests and handshakes. */
  requests: number;
  /** Bytes both ways at the clients' sockets. */
  bytes: number;
  /** The stretch's latencies (publish → receipt), null when nothing arrived in it. */
  latency: LatencySummary | null;
}

/**
 * A stretch of a live session: from one turn of a knob to the next, under one set of conditions.
 * Events in flight at a turn count in the stretch they arrive in.
 */
export interface Stretch {
  /** Since the session started, in milliseconds. */
  startMs: number;
  endMs: number;
  conditions: LiveConditions;
  lanes: StretchLane[];
}
