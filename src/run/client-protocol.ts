import type { ProcessCost } from '../shared/process-cost.js';
import type { MeterSnapshot } from '../metrics/socket-meter.js';
import type { RecorderSnapshot } from '../metrics/recorder.js';
import type { Transport } from '../shared/transports.js';
import type { CompareOptions } from '../shared/options-types.js';
import type { PhaseStart } from '../shared/run-types.js';
import type { LatencyDistribution } from '../shared/result-types.js';
import type { ClientWire } from '../shared/wire-types.js';

/** What a client process is given: its share of one transport's clients and where they connect. */
export interface ClientProcessInit {
  transport: Transport;
  /** The run's options, with `clients` this process's share. */
  options: CompareOptions;
  url: string;
  wire: ClientWire;
  /** A chat target's own receiver path, when the source has one. */
  chatUrl?: string;
  start: PhaseStart;
  /** Its first client is the one a live view draws (the first process's). */
  sampled?: boolean;
}

/**
 * A client process's running tallies: its counts so far, and what arrived since the last tally (the latencies, and
 * the sampled client's arrivals as [seq, published ns, received ns]).
 */
export interface LiveTally {
  httpRequests: number;
  emptyResponses: number;
  handshakes: number;
  delivered: number;
  payloadBytes: number;
  highestSeq: number;
  /** Bytes at its sockets so far. */
  bytesRead: number;
  bytesWritten: number;
  latency: LatencyDistribution | null;
  arrivals: Array<[number, bigint, bigint]>;
}

/** What the run asks a client process. */
export type ClientRequest =
  | { op: 'init'; init: ClientProcessInit }
  /** Connect this process's clients up to the first `upTo` of them. */
  | { op: 'connect'; upTo: number }
  | { op: 'begin'; startAtNs: bigint }
  | { op: 'change'; changed: Partial<Pick<CompareOptions, 'pollIntervalMs' | 'headers' | 'customHeaders'>> }
  | { op: 'stop' };

/** What a client process tells the run. */
export type ClientMessage =
  | { type: 'hello' }
  | { type: 'connected'; connected: number; done: boolean }
  | { type: 'progress'; delivered: number; highestSeq: number }
  /** For a live view (a steerable run): the running tallies, every progress tick and once more before `stopped`. */
  | { type: 'tally'; tally: LiveTally }
  | { type: 'stopped'; recorder: RecorderSnapshot; meter: MeterSnapshot; cost?: ProcessCost };
