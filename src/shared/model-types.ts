import type { Transport } from './transports.js';

/** The parameters the analytical model predicts from (RFC 6202 §2.2 and the classic chart). */
export interface ModelParams {
  /** Short-poll interval T, in milliseconds. */
  pollIntervalMs: number;
  /** Round-trip time between clients and server, in milliseconds (0 on bare loopback). */
  rttMs: number;
  /** Event rate λ, per second. */
  ratePerSec: number;
  /** HTTP header bytes H of one request plus its response (under HTTP/2, after HPACK, in the steady state). */
  headerBytesPerPair: number;
  /** Bytes TLS wraps around each write, R (22 for TLS 1.3 with an AEAD cipher); 0 in cleartext. */
  tlsRecordBytes: number;
  /**
   * Bytes each connection costs once, C: the TLS handshake, HTTP/2's upkeep, the first exchange's headers beyond a
   * steady one.
   */
  connectionBytes: number;
  /** The HTTP transports speak HTTP/2: bodies travel in DATA frames, not chunks. */
  http2: boolean;
  /**
   * H and C for the transports that keep HTTP/1.1 (the WebSocket upgrade) where they differ from the HTTP transports'.
   */
  upgrade?: { headerBytesPerPair: number; connectionBytes: number };
  /** Bytes p of one event's JSON (the payload an application needs). */
  eventBytes: number;
  /** How long the server holds a long poll, in milliseconds. */
  longPollTimeoutMs: number;
  /** Length of each phase and events published in it; per-event figures count the phase's edges. */
  durationMs: number;
  eventsPerPhase: number;
}

/** What the model predicts for one transport, beside what was measured. */
export interface ModelPrediction {
  latencyMeanMs: number;
  latencyMaxMs: number;
  requestsPerEvent: number;
  bytesPerEvent: number;
}

/** A prediction with the quantities it was built from. Per-event figures are NaN when no event is published. */
export interface PredictionDetail {
  prediction: ModelPrediction;
  /** d = RTT/2, one-way transit, in milliseconds. */
  oneWayMs: number;
  /** HTTP requests (or handshakes) each client makes in one phase. */
  requestsPerClient: number;
  /** Events in one non-empty response or stream write: m for long poll, max(1, λT) for short poll, 1 for push. */
  eventsPerResponse: number;
  /** Share of responses that carry no event (short poll's wasted polls, long poll's expired holds), 0..1. */
  emptyShare: number;
  /** Header bytes H spread over each event: every request's pair, or the one opening pair's share. */
  headerBytesPerEvent: number;
  /**
   * Bytes around each event besides headers: JSON brackets and commas, SSE fields and chunks or DATA frames, WS frame
   * header.
   */
  framingBytesPerEvent: number;
  /** Writes per event that TLS wraps in a record each: a request and its answer, or one pushed message. */
  writesPerEvent: number;
  /**
   * TLS records' bytes per event (writes × R) and each connection's one-off cost spread over its events (C / events).
   */
  tlsBytesPerEvent: number;
  connectionBytesPerEvent: number;
  /** Long poll only: G = RTT, the time no request is held at the server, in milliseconds. */
  gapMs?: number;
  /** Long poll only: holds that expire empty per event. */
  timeoutsPerEvent?: number;
}

/** Why the model predicts what it does for one transport, in plain language. */
export interface PredictionReasons {
  latency: string;
  requests: string;
  bytes: string;
}

/** Everything `explain` prints, computed by the model: the reporter only lays it out. */
export interface ModelExplanation {
  params: ModelParams;
  /** The transports `explain` lays out (the classic four); `details` and `reasons` hold every transport. */
  transports: Transport[];
  /** Where H came from, e.g. "browser, nominal: Lubbers & Greco's count". */
  headerSource: string;
  details: Record<Transport, PredictionDetail>;
  reasons: Record<Transport, PredictionReasons>;
  assumptions: readonly string[];
}
