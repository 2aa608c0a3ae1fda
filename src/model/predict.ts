import { UsageError } from '../shared/errors.js';
import { H2_DATA_FRAMES_PER_ANSWER, H2_FRAME_HEADER_BYTES } from './framing.js';
import type { ModelParams, PredictionDetail } from '../shared/model-types.js';

/**
 * The analytical model (DESIGN.md, measurement rule 6): what each transport should cost for a
 * run's parameters. It ignores processing time (the server, the client and the kernel answer in
 * microseconds on loopback), so with RTT 0 it predicts latency 0; it never invents a floor.
 * Long poll's latency and answers-per-event follow RFC 6202's reasoning with Poisson arrivals;
 * counts that depend on the spacing of events (expired holds) assume the publisher's steady
 * schedule, one event every 1/λ.
 */

/** Bytes of a JSON array body besides its events: `[` and `]`. */
const ARRAY_BRACKETS = 2;

/** Bytes around one answer's body besides its events: the brackets, and under HTTP/2 its DATA frames' headers. */
function answerFraming(params: ModelParams): number {
  return ARRAY_BRACKETS + (params.http2 ? H2_DATA_FRAMES_PER_ANSWER * H2_FRAME_HEADER_BYTES : 0);
}

/**
 * What the wire adds to a prediction besides headers and framing: TLS's record around each write
 * (R per write) and each connection's one-off cost C (the TLS handshake, HTTP/2's upkeep, a first
 * exchange's extra header bytes) spread over the phase's events. Both 0 in cleartext HTTP/1.1.
 */
export function onTheWire(
  params: ModelParams,
  detail: Omit<PredictionDetail, 'tlsBytesPerEvent' | 'connectionBytesPerEvent'>,
): PredictionDetail {
  const tlsBytesPerEvent = detail.writesPerEvent * params.tlsRecordBytes;
  const connectionBytesPerEvent = params.connectionBytes === 0 ? 0 : params.connectionBytes * perPhase(params);
  return {
    ...detail,
    tlsBytesPerEvent,
    connectionBytesPerEvent,
    prediction: {
      ...detail.prediction,
      bytesPerEvent: detail.prediction.bytesPerEvent + tlsBytesPerEvent + connectionBytesPerEvent,
    },
  };
}

/** The intermediate quantities behind a prediction, for the plain-language reasons and the chart. */
export type { PredictionDetail };

/** Per-event share of something that happens once per client per phase (opening a stream). */
function perPhase(params: ModelParams): number {
  return params.eventsPerPhase > 0 ? 1 / params.eventsPerPhase : Number.NaN;
}

/** Short polling: a request every interval T, answered at once. */
export function shortPollDetail(params: ModelParams): PredictionDetail {
  const d = params.rttMs / 2;
  const T = params.pollIntervalMs;
  // The phase form, not steady state's 1/(λT): a client polls for the whole phase, but the run
  // publishes only until one interval before its end (the settle time that lets every poller
  // fetch the last event), so the measured requests per delivered event are polls / events.
  const requestsPerClient = params.durationMs / T;
  const requestsPerEvent = params.eventsPerPhase > 0 ? requestsPerClient / params.eventsPerPhase : Number.NaN;
  const headerBytesPerEvent = requestsPerEvent * params.headerBytesPerPair;
  // Every response's `[` `]`, plus at most one comma per event: an upper bound, under a byte high.
  const framingBytesPerEvent = requestsPerEvent * answerFraming(params) + 1;
  return onTheWire(params, {
    prediction: {
      // A poll reaches the server on average T/2 after an event is published (at worst T), then
      // its answer travels one way.
      latencyMeanMs: T / 2 + d,
      latencyMaxMs: T + d,
      requestsPerEvent,
      bytesPerEvent: params.eventBytes + headerBytesPerEvent + framingBytesPerEvent,
    },
    oneWayMs: d,
    requestsPerClient,
    eventsPerResponse: Math.max(1, (params.ratePerSec * T) / 1000),
    // With a steady schedule each event is fetched by one poll at most, and no poll fetches none
    // while events outnumber polls.
    emptyShare: requestsPerClient > 0 ? Math.max(0, 1 - params.eventsPerPhase / requestsPerClient) : 0,
    headerBytesPerEvent,
    framingBytesPerEvent,
    // Each poll is two writes: the request, and its answer.
    writesPerEvent: 2 * requestsPerEvent,
  });
}

/**
 * RFC 6202 §2.2. After each answer no request is held for G = RTT (the answer travels d, the next
 * request d; processing is ignored, as it is microseconds on loopback). An answer carries the event
 * that released the held request, or, when events came during the gap (Poisson(λG) of them), all of
 * those at once: m = e^(−λG)·1 + λG events per answer. The events of a gap wait on average G/2 for
 * the next request, λG·G/2 in all per answer, so the mean latency is d + (λG²/2)/m. At worst an
 * event just misses a request: G + d = 3d.
 */
export function longPollDetail(params: ModelParams): PredictionDetail {
  const d = params.rttMs / 2;
  const gapMs = params.rttMs;
  const ratePerMs = params.ratePerSec / 1000;
  const eventsInGap = ratePerMs * gapMs;
  const m = Math.exp(-eventsInGap) + eventsInGap;
  const timeoutsPerEvent = expiredHoldsPerEvent(params, gapMs);
  // 1/m answers per event carry events, the expired holds answer `[]`, and each client's last
  // request is still held when the phase ends: sent and counted, never answered.
  const requestsPerEvent =
    params.eventsPerPhase > 0 ? 1 / m + timeoutsPerEvent + 1 / params.eventsPerPhase : Number.NaN;
  const requestsPerClient = requestsPerEvent * params.eventsPerPhase;
  const headerBytesPerEvent = requestsPerEvent * params.headerBytesPerPair;
  // `[` `]` on every answer; m events per answer need m − 1 commas.
  const framingBytesPerEvent = requestsPerEvent * answerFraming(params) + (1 - 1 / m);
  return onTheWire(params, {
    prediction: {
      latencyMeanMs: d + (ratePerMs * gapMs * gapMs) / 2 / m,
      latencyMaxMs: 3 * d,
      requestsPerEvent,
      bytesPerEvent: params.eventBytes + headerBytesPerEvent + framingBytesPerEvent,
    },
    oneWayMs: d,
    requestsPerClient,
    eventsPerResponse: m,
    emptyShare: timeoutsPerEvent / requestsPerEvent,
    headerBytesPerEvent,
    framingBytesPerEvent,
    // The request, and its answer; under HTTP/2 an answer sent after its request's own turn (a held
    // poll released by a publish) leaves in two writes, the body and then the stream's end.
    writesPerEvent: (params.http2 ? 3 : 2) * requestsPerEvent,
    gapMs,
    timeoutsPerEvent,
  });
}

/**
 * Holds that expire empty per event. Between two events of a steady schedule the k-th expires
 * k·(τ + G) after the first (each expiry costs the hold τ plus the gap G to re-request), so the
 * count is the k ≥ 1 with k·(τ + G) < 1/λ: zero whenever events come faster than the timeout.
 * A hold can only expire inside the phase, so a client sees at most ⌊duration / (τ + G)⌋ of them.
 */
function expiredHoldsPerEvent(params: ModelParams, gapMs: number): number {
  if (params.ratePerSec <= 0 || params.eventsPerPhase <= 0) return Number.NaN;
  const cycleMs = params.longPollTimeoutMs + gapMs;
  const betweenEvents = Math.max(0, Math.ceil(1000 / params.ratePerSec / cycleMs) - 1);
  const inPhase = Math.floor(params.durationMs / cycleMs) / params.eventsPerPhase;
  return Math.min(betweenEvents, inPhase);
}

/**
 * The push transports: one opening per client (SSE's GET, WebSocket's Upgrade and 101, each
 * counted as one header pair shared by the phase's events), then the server writes each event
 * the moment it is published, so it travels one way and carries only its framing.
 * WebSocket's closing frames at the phase's end (~12 B per connection) are left out.
 */
export function pushDetail(params: ModelParams, framingBytesPerEvent: number): PredictionDetail {
  const d = params.rttMs / 2;
  const requestsPerEvent = perPhase(params);
  const headerBytesPerEvent = requestsPerEvent * params.headerBytesPerPair;
  return onTheWire(params, {
    prediction: {
      latencyMeanMs: d,
      latencyMaxMs: d,
      requestsPerEvent,
      bytesPerEvent: params.eventBytes + framingBytesPerEvent + headerBytesPerEvent,
    },
    oneWayMs: d,
    requestsPerClient: 1,
    eventsPerResponse: 1,
    emptyShare: 0,
    headerBytesPerEvent,
    framingBytesPerEvent,
    // One write per pushed event, and the opening's request and answer shared by the phase's events.
    writesPerEvent: 1 + 2 * requestsPerEvent,
  });
}

const NON_NEGATIVE: ReadonlyArray<[Exclude<keyof ModelParams, 'http2' | 'upgrade'>, string]> = [
  ['tlsRecordBytes', 'TLS record bytes per write'],
  ['connectionBytes', 'bytes per connection'],
  ['rttMs', 'round-trip time (ms)'],
  ['ratePerSec', 'event rate (per second)'],
  ['headerBytesPerPair', 'header bytes per request and response'],
  ['eventBytes', 'event size (bytes)'],
  ['durationMs', 'phase duration (ms)'],
  ['eventsPerPhase', 'events per phase'],
];

const POSITIVE: ReadonlyArray<[Exclude<keyof ModelParams, 'http2' | 'upgrade'>, string]> = [
  ['pollIntervalMs', 'poll interval (ms)'],
  ['longPollTimeoutMs', 'long-poll timeout (ms)'],
];

/** Rejects parameters no run could have: the CLI checks its options first, so this is a last guard. */
export function checkParams(params: ModelParams): void {
  for (const [key, label] of NON_NEGATIVE) {
    const value = params[key];
    if (!Number.isFinite(value) || value < 0)
      throw new UsageError(`model: ${label} must be a number ≥ 0, got ${value}`);
  }
  for (const [key, label] of POSITIVE) {
    const value = params[key];
    if (!Number.isFinite(value) || value <= 0)
      throw new UsageError(`model: ${label} must be a number > 0, got ${value}`);
  }
}
