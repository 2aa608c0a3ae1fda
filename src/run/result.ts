import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { modelParams, predict } from '../model/index.js';
import type { ComparisonResult, CompareOptions, ModelPrediction, ResultOptions, TransportResult } from '../shared/types.js';
import type { PhasePlan } from './schedule.js';

const pkg = createRequire(import.meta.url)('../../package.json') as { name: string; version: string };

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
  });
  const prediction = predict(t.transport, params);
  return Object.values(prediction).every(Number.isFinite) ? prediction : undefined;
}

/** The options as the result keeps them: header names and weights, never header values. */
function resultOptions(options: CompareOptions, plan: PhasePlan): ResultOptions {
  const { customHeaders, ...kept } = options;
  const customHeaderBytes = customHeaders
    ? Object.fromEntries(Object.entries(customHeaders).map(([name, value]) => [name, Buffer.byteLength(`${name}: ${value}\r\n`)]))
    : undefined;
  return { ...kept, publishWindowMs: plan.publishWindowMs, settleMs: plan.settleMs, ...(customHeaderBytes ? { customHeaderBytes } : {}) };
}

/** The machine a result was measured on. */
function environment(): ComparisonResult['environment'] {
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
export function comparisonResult(options: CompareOptions, plan: PhasePlan, startedAt: string, measured: TransportResult[], partial: boolean): ComparisonResult {
  return {
    schemaVersion: 1,
    tool: { name: pkg.name, version: pkg.version },
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

