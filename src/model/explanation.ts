import { DEFAULT_TRANSPORTS } from '../shared/transports.js';
import type { ModelExplanation, ModelParams, PredictionDetail, PredictionReasons } from '../shared/model-types.js';
import { TRANSPORTS, type Transport } from '../shared/transports.js';
import { NOMINAL_HEADER_BYTES, isNominalHeaderProfile } from './headers.js';
import { MODEL_ASSUMPTIONS } from './reasons.js';
import { NOMINAL_WIRE } from './wire-nominal.js';
import { detailPrediction, explainPrediction } from './transports.js';

/** Where H came from, said plainly: a nominal profile's figure, or what was given. */
function headerSource(params: ModelParams, profile: string): string {
  if (
    params.http2 &&
    isNominalHeaderProfile(profile) &&
    params.headerBytesPerPair === NOMINAL_WIRE.h2SteadyHeaderBytes[profile]
  ) {
    return `${profile}, after HPACK once its table holds them; nominal: what a run of this stack measured`;
  }
  if (isNominalHeaderProfile(profile) && params.headerBytesPerPair === NOMINAL_HEADER_BYTES[profile]) {
    return profile === 'browser'
      ? "browser, nominal: Lubbers & Greco's count"
      : 'minimal, nominal: what undici and node:http send';
  }
  return profile;
}

/** Everything `explain` shows for `params`: every transport's prediction, its reasons, the assumptions. Pure. */
export function explainModel(params: ModelParams, headerProfile: string): ModelExplanation {
  const each = <T>(make: (t: Transport) => T): Record<Transport, T> =>
    Object.fromEntries(TRANSPORTS.map((t) => [t, make(t)])) as Record<Transport, T>;
  return {
    params,
    transports: DEFAULT_TRANSPORTS,
    headerSource: headerSource(params, headerProfile),
    details: each<PredictionDetail>((t) => detailPrediction(t, params)),
    reasons: each<PredictionReasons>((t) => explainPrediction(t, params)),
    assumptions: MODEL_ASSUMPTIONS,
  };
}
