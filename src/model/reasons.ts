import type { ModelParams, PredictionReasons } from '../shared/model-types.js';
import type { PredictionDetail } from '../shared/model-types.js';

/** Why the model predicts what it does, one plain-language sentence per figure. */
export type { PredictionReasons };

/** What the model leaves out or assumes, in plain language, for printing beside its figures. */
export const MODEL_ASSUMPTIONS: readonly string[] = [
  'processing time is ignored: with RTT 0 (bare loopback) only short polling still waits, for its next poll',
  'events come on a steady schedule; long poll follows RFC 6202 §2.2 (Poisson arrivals)',
  "per-event figures count the phase's edges: polls in the settle time, one stream per client, " +
    'the last long poll left held',
  'every HTTP request and the WebSocket handshake weigh H, one request and response header pair',
];

/** A number with at most `decimals` decimals, thousands grouped and trailing zeros dropped: `1,091.25`. */
function num(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return '–';
  // A small figure keeps two significant digits (`0.0025`) so it never reads as 0.
  const small = value !== 0 && Math.abs(value) < 10 ** -decimals;
  const text = value.toLocaleString(
    'en-US',
    small ? { maximumSignificantDigits: 2 } : { maximumFractionDigits: decimals },
  );
  return text === '-0' ? '0' : text;
}

const ms = (value: number): string => `${num(value)} ms`;
const bytes = (value: number): string => `${num(value)} B`;
const plural = (count: number, word: string, decimals = 2): string =>
  `${num(count, decimals)} ${word}${count === 1 ? '' : 's'}`;

/** Why short polling costs what it does. */
export function shortPollReasons(params: ModelParams, detail: PredictionDetail): PredictionReasons {
  const T = params.pollIntervalMs;
  const empty = Number.isFinite(detail.emptyShare)
    ? `, ${num(detail.emptyShare * 100, 0)}% of them come back empty`
    : '';
  return {
    latency:
      `a poll reaches the server on average half an interval (${ms(T / 2)}) after an event is ` +
      `published, at worst a whole interval (${ms(T)}); then the answer travels one way (${ms(detail.oneWayMs)})`,
    requests:
      `each client polls every ${ms(T)} whether or not anything happened: ` +
      `${plural(detail.requestsPerClient, 'poll')} in a ${ms(params.durationMs)} phase ` +
      `for ${plural(params.eventsPerPhase, 'event')}${empty}`,
    bytes:
      `every poll carries a full request and response header pair (${bytes(params.headerBytesPerPair)}) ` +
      `and the answer's [ ]: ${num(detail.prediction.requestsPerEvent)} polls per event add ` +
      `${bytes(detail.headerBytesPerEvent + detail.framingBytesPerEvent)} to the ${bytes(params.eventBytes)} event`,
  };
}

/** Why long polling costs what it does. */
export function longPollReasons(params: ModelParams, detail: PredictionDetail): PredictionReasons {
  const gap = detail.gapMs ?? params.rttMs;
  const timeouts = detail.timeoutsPerEvent ?? 0;
  const intervalMs = params.ratePerSec > 0 ? 1000 / params.ratePerSec : Number.POSITIVE_INFINITY;
  const holds =
    timeouts > 0
      ? `${plural(timeouts, 'hold')} per event expire empty (${ms(params.longPollTimeoutMs)} is shorter than the ` +
        `${ms(intervalMs)} between events)`
      : intervalMs > params.longPollTimeoutMs
        ? `no hold expires inside the ${ms(params.durationMs)} phase`
        : `no hold expires (the ${ms(params.longPollTimeoutMs)} hold outlasts the ${ms(intervalMs)} between events)`;
  return {
    latency:
      `a held request is answered the moment an event arrives, one way (${ms(detail.oneWayMs)}); an event ` +
      `that comes while the client re-requests (a gap of one RTT, ${ms(gap)}) waits for the next request: ` +
      `at worst three one-way trips (${ms(detail.prediction.latencyMaxMs)})`,
    requests:
      `one request per answer, and an answer carries ${plural(detail.eventsPerResponse, 'event', 3)} on average ` +
      `(more when events come faster than the RTT); ${holds}; and each client's last request is still ` +
      'held when the phase ends',
    bytes:
      `every answer carries a full header pair (${bytes(params.headerBytesPerPair)}) like a poll, but ` +
      `answers come only with events: ${bytes(detail.headerBytesPerEvent + detail.framingBytesPerEvent)} ` +
      `of headers and [ , ] per ${bytes(params.eventBytes)} event`,
  };
}

/** What a push transport's reasons say in its own words. */
export interface PushWords {
  latency: string;
  opening: string;
  framing: string;
}

/** Why a push transport costs what it does. */
export function pushReasons(params: ModelParams, detail: PredictionDetail, words: PushWords): PredictionReasons {
  return {
    latency: `${words.latency}: it only travels one way (${ms(detail.oneWayMs)})`,
    requests: `${words.opening}: 1 opening shared by ${plural(params.eventsPerPhase, 'event')}`,
    bytes:
      `headers once per connection (${bytes(params.headerBytesPerPair)} / ${num(params.eventsPerPhase)} = ` +
      `${bytes(detail.headerBytesPerEvent)} per event), then only ${words.framing} ` +
      `(${bytes(detail.framingBytesPerEvent)}) around each ${bytes(params.eventBytes)} event`,
  };
}
