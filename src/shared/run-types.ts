/** What a running comparison and its clients share: progress, the recorder clients report to, sockets counted. */

import type { FaultCode } from './faults.js';
import type { Transport } from './transports.js';

/** What a running phase reports, for the progress line on stderr. */
export interface PhaseProgress {
  transport: Transport;
  stage: 'connecting' | 'running' | 'draining' | 'closing' | 'done';
  clientsReady: number;
  clients: number;
  /** Time since the first event was due, in milliseconds. */
  elapsedMs: number;
  durationMs: number;
  delivered: number;
  expected: number;
  /** Once the phase is done: how long its clients took to connect and be seen by the server, in ms. */
  connectMs?: number;
}

/** Where a client reports what crossed its wire; metrics/ implements it, clients/ only call it. */
export interface DeliveryRecorder {
  /** The seq to resume from after a reconnect: the highest one received. */
  readonly lastSeq: number;
  /** Counts one HTTP request sent. */
  request(): void;
  /** Counts one HTTP response that carried no event. */
  emptyResponse(): void;
  /** Counts one completed WebSocket opening handshake. */
  handshake(): void;
  /** Counts one fault by its stable code. */
  fault(code: FaultCode): void;
  /**
   * Records event `seq` published at `publishedNs` and parsed at `receivedNs` (shared clock); `payloadBytes` is its
   * JSON's size.
   */
  deliver(seq: number, publishedNs: bigint, receivedNs: bigint, payloadBytes: number): void;
  /**
   * True when an event carrying `data` is not this run's (another publisher's, on a shared
   * target); `undefined` asks about a message that is no event at all.
   */
  isForeign(data: string | undefined): boolean;
  /** Counts an event that is not this run's: not a delivery, not a fault; it still moves the resume point. */
  foreign(seq: number): void;
  /** True when this client already received event `seq` (a cursorless poll's answer repeats what it had). */
  has(seq: number): boolean;
  /** Counts an event a cursorless poll fetched again, and the bytes of the item that carried it: waste, not a duplicate. */
  refetch(itemBytes: number): void;
}

/** Where a phase's readers start, and how they tell the run's events from others'. */
export interface PhaseStart {
  /** The newest seq before the phase: readers resume from it, and only later seqs are the phase's. */
  since: number;
  /** The run's tag at the start of every event's data; absent when every event is the run's. */
  tag?: string;
  /**
   * True where the server numbers every publisher's events in one sequence (a protocol target): another's event moves
   * the resume point.
   */
  sharedSeqs?: boolean;
  /**
   * A fault met while starting the phase (a target that stopped answering GET /health): every lane
   * counts it, and readers start from the last head known.
   */
  fault?: FaultCode;
}

/** Counts the sockets a client opens, reading their bytes at the socket. */
export interface SocketTracker {
  /** Starts counting `socket`; returns it for chaining inside connectors. */
  track<S extends import('node:net').Socket>(socket: S): S;
  /**
   * Told once a counted connection is ready to speak: the protocol on it (`h2`, `h2c`,
   * `http/1.1`) and, over TLS, the TLS socket, whose plaintext is what TLS wrapped.
   */
  ready?(protocol: string, secure?: import('node:tls').TLSSocket): void;
  /** Told of every connection attempt, before it connects or fails (a restart's reconnects are counted). */
  attempt?(): void;
}
