import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import type { ComparisonResult, CompareOptions, ResultOptions, ModelParams, ModelPrediction, PhaseProgress, TransportResult } from '../shared/types.js';
import { runPhase } from './phase.js';
import { planPhase, type PhasePlan } from './schedule.js';
import { predict } from '../model/index.js';
import { embeddedSource } from './event-source.js';
import { DEFAULT_LOG_WINDOW, type LogWindow } from '../server/event-log.js';
import { exposureOf } from '../shared/exposure.js';

/** Callbacks the CLI uses to show progress; the run itself never prints. */
export interface RunHooks {
  onProgress?(progress: PhaseProgress, index: number, total: number): void;
  onServerReady?(url: string): void;
  /** Something the user should know before the run (e.g. a server reachable from other machines). */
  onWarning?(line: string): void;
}

/** JSON bytes a comparison's server keeps at most: a phase's every event when they fit. */
const COMPARE_LOG_BYTES = 512 * 1024 * 1024;

/**
 * A comparison keeps a whole phase's events, so no healthy client can fall behind the window;
 * only events past 512 MB of JSON are let go (and a client that needed them reports the gap).
 */
function compareLogWindow(plan: PhasePlan): LogWindow {
  return { maxEvents: Math.max(DEFAULT_LOG_WINDOW.maxEvents, plan.count), maxBytes: COMPARE_LOG_BYTES };
}

/**
 * The model's prediction for a measured transport, from the run's parameters and two figures
 * the run measured as inputs: header bytes per request and response (H) and event JSON size (p).
 * None when nothing was delivered (the per-event inputs do not exist).
 */
function modelFor(t: TransportResult, options: CompareOptions, plan: PhasePlan): ModelPrediction | undefined {
  const pairs = t.requests.http + t.requests.handshakes;
  if (pairs === 0 || t.events.delivered === 0 || plan.count === 0) return undefined;
  const params: ModelParams = {
    pollIntervalMs: options.pollIntervalMs,
    rttMs: options.rttMs,
    ratePerSec: options.ratePerSec,
    headerBytesPerPair: t.bytes.headers / pairs,
    eventBytes: t.bytes.payload / t.events.delivered,
    longPollTimeoutMs: options.longPollTimeoutMs,
    durationMs: options.durationMs,
    eventsPerPhase: plan.count,
  };
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

const pkg = createRequire(import.meta.url)('../../package.json') as { name: string; version: string };

/**
 * The comparison: start the demo server in its own process, run each transport's phase in
 * turn against the same schedule, and return the plain, versioned result. When `signal`
 * aborts, the current phase stops at once and the result so far is returned, marked partial.
 */
export async function runComparison(options: CompareOptions, hooks: RunHooks = {}, signal?: AbortSignal): Promise<ComparisonResult> {
  const plan = planPhase(options);
  const startedAt = new Date().toISOString();
  const exposure = exposureOf(options.host);
  const source = await embeddedSource({
    host: options.host,
    port: options.port,
    defaultLongPollTimeoutMs: options.longPollTimeoutMs,
    payloadBytes: options.payloadBytes,
    responseProfile: options.headers === 'browser' ? 'browser' : 'minimal',
    logWindow: compareLogWindow(plan),
    ...(exposure.token !== undefined ? { publishToken: exposure.token } : {}),
    ...(options.rttMs > 0 ? { relay: { rttMs: options.rttMs, jitterMs: options.jitterMs, seed: options.seed } } : {}),
  });
  const transports: TransportResult[] = [];
  try {
    if (exposure.warning) hooks.onWarning?.(exposure.warning);
    hooks.onServerReady?.(source.url);
    let sourceGone = false;
    void source.gone.then(() => {
      sourceGone = true;
    });
    for (const [index, transport] of options.transports.entries()) {
      // After an interruption, or once the server died, the remaining transports do not run.
      if (signal?.aborted || sourceGone) break;
      const report = (progress: PhaseProgress): void => hooks.onProgress?.(progress, index, options.transports.length);
      const measured = await runPhase(source, transport, options, plan, report, signal);
      const model = modelFor(measured, options, plan);
      transports.push(model ? { ...measured, model } : measured);
    }
  } finally {
    await source.close();
  }
  const cpuList = cpus();
  return {
    schemaVersion: 1,
    tool: { name: pkg.name, version: pkg.version },
    environment: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: cpuList.length,
      cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    },
    startedAt,
    options: resultOptions(options, plan),
    transports,
    ...(signal?.aborted ? { partial: true } : {}),
  };
}
