export { NOMINAL_HEADER_BYTES, isNominalHeaderProfile, type NominalHeaderProfile } from './headers.js';
export { decimalDigits, hexDigits, sseFramingBytesPerEvent, wsFrameHeaderBytes } from './framing.js';
export { detailPrediction, predict, predictAll, type PredictionDetail } from './predict.js';
export { MODEL_ASSUMPTIONS, explainPrediction, type PredictionReasons } from './reasons.js';
export { explainModel } from './explanation.js';
