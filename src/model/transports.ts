import type { ModelParams, ModelPrediction, PredictionDetail, PredictionReasons } from '../shared/model-types.js';
import type { Transport } from '../shared/transports.js';
import {
  socketIoFramingBytesPerEvent,
  sseDataFrameBytesPerEvent,
  sseFramingBytesPerEvent,
  wsFrameHeaderBytes,
} from './framing.js';
import { checkParams, longPollDetail, pushDetail, shortPollDetail } from './predict.js';
import { longPollReasons, pushReasons, shortPollReasons } from './reasons.js';

/** The model's part of a transport: how its costs are predicted, and why. */
export interface TransportModel {
  detail(params: ModelParams): PredictionDetail;
  reasons(params: ModelParams, detail: PredictionDetail): PredictionReasons;
}

/**
 * The parameters of a transport that keeps HTTP/1.1 (an upgrade): its own H and C where given, never HTTP/2's framing.
 */
function upgraded(params: ModelParams): ModelParams {
  return { ...params, ...(params.upgrade ?? {}), http2: false };
}

/** Each transport's model, by the registry's id (src/shared/transports.ts). */
export const TRANSPORT_MODELS: Record<Transport, TransportModel> = {
  poll: { detail: shortPollDetail, reasons: shortPollReasons },
  'long-poll': { detail: longPollDetail, reasons: longPollReasons },
  sse: {
    detail: (params) =>
      pushDetail(
        params,
        params.http2
          ? sseDataFrameBytesPerEvent(params.eventsPerPhase)
          : sseFramingBytesPerEvent(params.eventBytes, params.eventsPerPhase),
      ),
    reasons: (params, detail) =>
      pushReasons(params, detail, {
        latency: 'the server writes each event to the open stream the moment it is published',
        opening: 'one GET opens the stream for the whole phase',
        framing: params.http2
          ? 'the id: and data: lines and the DATA frame header'
          : 'the id: and data: lines and the chunk size line',
      }),
  },
  socketio: {
    detail: (params) => pushDetail(upgraded(params), socketIoFramingBytesPerEvent(params.eventBytes)),
    reasons: (params, detail) =>
      pushReasons(upgraded(params), detail, {
        latency: 'once upgraded, the server sends each event as one Socket.IO packet the moment it is published',
        opening: 'a few HTTP polls of the Engine.IO handshake, then one WebSocket upgrade per client',
        framing:
          'the 42["message", ] wrapper and the frame header (the handshake\'s polls and the heartbeats are left out)',
      }),
  },
  ws: {
    detail: (params) => pushDetail(upgraded(params), wsFrameHeaderBytes(params.eventBytes)),
    reasons: (params, detail) =>
      pushReasons(upgraded(params), detail, {
        latency: 'the server sends each event as one frame the moment it is published',
        opening: 'one handshake per client, then the connection stays open',
        framing: 'the frame header',
      }),
  },
};

/** The prediction with the quantities it was built from. Per-event figures are NaN when no event is published. */
export function detailPrediction(transport: Transport, params: ModelParams): PredictionDetail {
  checkParams(params);
  return TRANSPORT_MODELS[transport].detail(params);
}

/** Predicts mean and max latency (ms), requests per event and bytes per event for one transport. Pure. */
export function predict(transport: Transport, params: ModelParams): ModelPrediction {
  return detailPrediction(transport, params).prediction;
}

/** Predicts every transport in `transports`, keyed by transport. Pure. */
export function predictAll(
  transports: readonly Transport[],
  params: ModelParams,
): Partial<Record<Transport, ModelPrediction>> {
  const out: Partial<Record<Transport, ModelPrediction>> = {};
  for (const transport of transports) out[transport] = predict(transport, params);
  return out;
}

/** Why each figure of `transport`'s prediction for `params` is what it is. Pure. */
export function explainPrediction(transport: Transport, params: ModelParams): PredictionReasons {
  return TRANSPORT_MODELS[transport].reasons(params, detailPrediction(transport, params));
}
