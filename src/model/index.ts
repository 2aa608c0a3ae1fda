export { NOMINAL_HEADER_BYTES, isNominalHeaderProfile, type NominalHeaderProfile } from './headers.js';
export { decimalDigits, hexDigits, sseFramingBytesPerEvent, wsFrameHeaderBytes } from './framing.js';
export type { PredictionDetail } from './predict.js';
export { MODEL_ASSUMPTIONS, type PredictionReasons } from './reasons.js';
export {
  TRANSPORT_MODELS,
  detailPrediction,
  explainPrediction,
  predict,
  predictAll,
  type TransportModel,
} from './transports.js';
export { explainModel } from './explanation.js';
export { modelParams, nominalEventBytes, type ModelInputs, type ModelRunOptions } from './params.js';
export { NOMINAL_WIRE, nominalWireParams, type WireChoice } from './wire-nominal.js';
export { tlsRecordOverhead } from './tls.js';
