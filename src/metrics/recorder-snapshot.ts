import type { RecoveryTally } from '../shared/recovery-types.js';
import type { LatencyDistribution } from '../shared/result-types.js';

/** A recorder's tallies as plain data, for a recorder in another process to add up exactly. */
export interface RecorderSnapshot {
  httpRequests: number;
  emptyResponses: number;
  handshakes: number;
  delivered: number;
  duplicates: number;
  outOfOrder: number;
  payloadBytes: number;
  foreignEvents: number;
  refetched: number;
  refetchedBytes: number;
  /** A radio model's spend over the clients' timelines (--radio): summed over clients. */
  radio?: RadioTally;
  /** A restart's drops, returns and reconnects, when there was one. */
  recovery?: RecoveryTally;
  highestSeq: number;
  errors: Record<string, number>;
  latency: LatencyDistribution | null;
}

/** What a radio model made of clients' timelines, summed over them: added up exactly across processes. */
export interface RadioTally {
  clients: number;
  joules: number;
  awakeMs: number;
  /** The windows the clients were measured over, summed (ms). */
  windowMs: number;
}
