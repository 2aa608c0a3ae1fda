import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { modelParams, predict, type ModelInputs } from '../model/index.js';
import { tlsRecordOverhead } from '../model/tls.js';
import { firstExchangeHeaderBytes, perConnectionBytes, steadyHeaderBytes } from '../model/wire-figures.js';
import type { ModelPrediction } from '../shared/model-types.js';
import type { CompareOptions } from '../shared/options-types.js';
import type { ComparisonResult, ResultOptions, TransportResult } from '../shared/result-types.js';
import type { PhasePlan } from './schedule.js';

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * The model's prediction for a measured transport, from the run's parameters and two figures
 * the run measured as inputs: header bytes per request and response (H) and event JSON size (p).
 * None when nothing was delivered (the per-event inputs do not exist).
 */
function modelFor(t: TransportResult, options: CompareOptions, plan: PhasePlan): ModelPrediction | undefined {
  const pairs = t.requests.http + t.requests.handshakes;
  if (pairs === 0 || t.events.delivered === 0 || plan.count === 0 || t.bytes.headers === null) return undefined;
  const params = modelParams(options, {
    eventsPerPhase: plan.count,
    headerBytesPerPair: t.bytes.headers / pairs,
    eventBytes: t.bytes.payload / t.events.delivered,
    ...modernWireInputs(t),
  });
  const prediction = predict(t.transport, params);
  return Object.values(prediction).every(Number.isFinite) ? prediction : undefined;
}

/**
 * On TLS or HTTP/2 the model also learns, from the run's counts: the steady state's header bytes
 * (HPACK's, once its table is full; a push stream's opening where nothing followed it), what each
 * connection costs once, and TLS's bytes per record from the cipher the connections agreed on.
 * Cleartext HTTP/1.1 keeps the plain average of H and no per-connection cost.
 */
function modernWireInputs(t: TransportResult): Partial<ModelInputs> {
  const protocols = Object.keys(t.wire?.protocols ?? {});
  const http2 = protocols.includes('h2') || protocols.includes('h2c');
  const tls = t.wire?.tls;
  if (!http2 && !tls) return {};
  const header = steadyHeaderBytes(t) ?? firstExchangeHeaderBytes(t);
  const connectionBytes = perConnectionBytes(t);
  const tlsRecordBytes = tls ? tlsRecordOverhead(tls.cipher) : 0;
  return {
    ...(header !== null ? { headerBytesPerPair: header } : {}),
    ...(connectionBytes !== null ? { connectionBytes } : {}),
    ...(tlsRecordBytes !== null ? { tlsRecordBytes } : {}),
    http2,
  };
}

/**
 * The options as the result keeps them: header names and weights, never header values (nor an
 * app's publish headers); not
 * whether the live view could steer the run, nor where its clients ran (the schema has no such fields).
 */
function resultOptions(options: CompareOptions, plan: PhasePlan): ResultOptions {
  const { customHeaders, steerable: _steerable, clientsApart: _apart, app, ...kept } = options;
  const customHeaderBytes = customHeaders
    ? Object.fromEntries(
        Object.entries(customHeaders).map(([name, value]) => [name, Buffer.byteLength(`${name}: ${value}\r\n`)]),
      )
    : undefined;
  return {
    ...kept,
    publishWindowMs: plan.publishWindowMs,
    settleMs: plan.settleMs,
    ...(customHeaderBytes ? { customHeaderBytes } : {}),
    // An app's publish headers may carry its credentials: their names are kept, never their values.
    ...(app
      ? {
          app: {
            publish: app.publish,
            body: app.body,
            headerNames: Object.keys(app.headers),
            receivers: app.receivers,
          },
        }
      : {}),
  };
}

/** The machine a result was measured on. */
/** The tool that measured, and its version. */
export const TOOL: ComparisonResult['tool'] = { name: 'poll-vs-push', version: pkg.version };

/** The machine a run measured on. */
export function environment(): ComparisonResult['environment'] {
  const cpuList = cpus();
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
  };
}

/** The plain, versioned result of the phases that ran. */
export function comparisonResult(
  options: CompareOptions,
  plan: PhasePlan,
  startedAt: string,
  measured: TransportResult[],
  partial: boolean,
): ComparisonResult {
  return {
    schemaVersion: 1,
    tool: TOOL,
    environment: environment(),
    startedAt,
    options: resultOptions(options, plan),
    transports: measured.map((t) => {
      const model = modelFor(t, options, plan);
      return model ? { ...t, model } : t;
    }),
    ...(partial ? { partial: true } : {}),
  };
}
