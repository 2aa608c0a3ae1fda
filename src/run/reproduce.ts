import { claimGroups } from '../model/claims.js';
import type { CompareOptions } from '../shared/options-types.js';
import { SCENARIOS_OF, type ClaimName, type ReproduceResult, type ScenarioName } from '../shared/reproduce-types.js';
import type { ComparisonResult } from '../shared/result-types.js';
import { runComparison, type RunHooks } from './compare.js';
import { environment, TOOL } from './result.js';

/** What every scenario shares: the demo server on loopback, seeded. */
const BASE: CompareOptions = {
  transports: ['ws'],
  clients: 10,
  ratePerSec: 1,
  durationMs: 3000,
  pollIntervalMs: 1000,
  payloadBytes: 64,
  longPollTimeoutMs: 30_000,
  host: '127.0.0.1',
  port: 0,
  seed: 1,
  rttMs: 0,
  jitterMs: 0,
  headers: 'minimal',
};

type Scenario = { options: Partial<CompareOptions>; full: Partial<CompareOptions>; quick: Partial<CompareOptions> };

/** The runs, full and `--quick` (every claim in under a minute). */
const SCENARIOS: Record<ScenarioName, Scenario> = {
  // The whitepaper's setting: a browser's headers, one poll and one message a client a second.
  crowd: {
    options: { transports: ['poll', 'ws'], headers: 'browser', ratePerSec: 1, pollIntervalMs: 1000 },
    full: { clients: 1000, durationMs: 11_000 },
    quick: { clients: 100, durationMs: 3000 },
  },
  // A 50 ms one-way delay (RTT 100 ms in the relay), events often enough to catch a long poll between its requests.
  transits: {
    options: { transports: ['long-poll', 'sse', 'ws'], rttMs: 100, ratePerSec: 10 },
    full: { durationMs: 10_000 },
    quick: { durationMs: 3000 },
  },
  // One poll's request and answer with a browser's headers, on HTTP/1.1 and then on HTTP/2 (h2c).
  http1: {
    options: { transports: ['poll'], headers: 'browser', pollIntervalMs: 200, ratePerSec: 5 },
    full: { durationMs: 5000 },
    quick: { durationMs: 2000 },
  },
  http2: {
    options: { transports: ['poll'], headers: 'browser', pollIntervalMs: 200, ratePerSec: 5, http2: true },
    full: { durationMs: 5000 },
    quick: { durationMs: 2000 },
  },
};

/** A scenario's options, full or `--quick`. */
export function scenarioOptions(name: ScenarioName, quick: boolean): CompareOptions {
  const s = SCENARIOS[name];
  return { ...BASE, ...s.options, ...(quick ? s.quick : s.full) };
}

/** Reproduce hooks: which scenario runs, and each comparison's own progress. */
export interface ReproduceHooks extends RunHooks {
  onScenario?(name: ScenarioName, index: number, total: number): void;
}

/**
 * Runs the scenarios the named claims read (each once, however many claims read it), then sets each claim's published
 * figures beside what they measured.
 */
export async function runReproduce(
  names: readonly ClaimName[],
  quick: boolean,
  hooks: ReproduceHooks = {},
  signal?: AbortSignal,
): Promise<ReproduceResult> {
  const startedAt = new Date().toISOString();
  const needed = [...new Set(names.flatMap((name) => SCENARIOS_OF[name]))];
  const runs: Partial<Record<ScenarioName, ComparisonResult>> = {};
  for (const [index, name] of needed.entries()) {
    if (signal?.aborted) break;
    hooks.onScenario?.(name, index, needed.length);
    runs[name] = await runComparison(scenarioOptions(name, quick), hooks, signal);
  }
  return {
    schemaVersion: 1,
    kind: 'reproduce',
    tool: TOOL,
    environment: environment(),
    startedAt,
    quick,
    groups: claimGroups(names, runs, (name) => scenarioOptions(name, quick)),
  };
}
