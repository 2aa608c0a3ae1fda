import type { ModelParams } from '../shared/model-types.js';
import type { CompareOptions } from '../shared/options-types.js';

/** The run parameters the model reads, as a comparison's options hold them. */
export type ModelRunOptions = Pick<
  CompareOptions,
  'pollIntervalMs' | 'rttMs' | 'ratePerSec' | 'longPollTimeoutMs' | 'durationMs'
>;

/** What a prediction needs besides the options: events per phase, H and p (measured by a run, nominal for explain). */
export interface ModelInputs {
  /** Events published in one phase. */
  eventsPerPhase: number;
  /** HTTP header bytes H of one request plus its response. */
  headerBytesPerPair: number;
  /** Bytes p of one event's JSON. */
  eventBytes: number;
  /** Bytes TLS wraps around each write (0 or absent in cleartext). */
  tlsRecordBytes?: number;
  /** Bytes each connection costs once (absent: none counted, as on cleartext HTTP/1.1). */
  connectionBytes?: number;
  /** The HTTP transports speak HTTP/2. */
  http2?: boolean;
}

/** The model's parameters from a run's options and the per-event inputs; the one place they are put together. */
export function modelParams(options: ModelRunOptions, inputs: ModelInputs): ModelParams {
  return {
    pollIntervalMs: options.pollIntervalMs,
    rttMs: options.rttMs,
    ratePerSec: options.ratePerSec,
    headerBytesPerPair: inputs.headerBytesPerPair,
    tlsRecordBytes: inputs.tlsRecordBytes ?? 0,
    connectionBytes: inputs.connectionBytes ?? 0,
    http2: Boolean(inputs.http2),
    eventBytes: inputs.eventBytes,
    longPollTimeoutMs: options.longPollTimeoutMs,
    durationMs: options.durationMs,
    eventsPerPhase: inputs.eventsPerPhase,
  };
}

/** Bytes p of one event's JSON as the server encodes it, before any run: a mid-phase seq and a 16-digit stamp. */
export function nominalEventBytes(payloadBytes: number, eventsPerPhase: number): number {
  return Buffer.byteLength(
    JSON.stringify({
      seq: Math.max(1, Math.ceil(eventsPerPhase / 2)),
      t: '1234567890123456',
      data: 'x'.repeat(payloadBytes),
    }),
  );
}
