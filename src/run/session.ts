import { setTimeout as delay } from 'node:timers/promises';
import { EventEmitter } from 'node:events';
import { nowNs } from '../shared/clock.js';
import type { SourceConditions } from '../server/protocol.js';
import { exposureOf } from '../shared/exposure.js';
import type { Transport } from '../shared/transports.js';
import type { CompareOptions } from '../shared/options-types.js';
import type { ComparisonResult, TransportResult } from '../shared/result-types.js';
import type { PhaseProgress } from '../shared/run-types.js';
import { comparisonResult } from './result.js';
import type { Crowd } from './crowd.js';
import type { EventSource } from './event-source.js';
import { startSource } from './start-source.js';
import { runPhase, type LaneView } from './phase.js';
import { planPhase } from './schedule.js';

/** How much longer than the run a resumed schedule may go before the call counts as hung. */
const RESUME_SLACK_MS = 60_000;

/** A snapshot of the running session, at a steady rate (every 250 ms) and at every stage. */
export interface SessionSnapshot {
  progress: PhaseProgress;
  /** Which phase of how many (from 0). */
  index: number;
  total: number;
}

/** What a session tells its subscribers (the progress line, the live view, tests). */
export interface SessionEvents {
  started: [{ url: string; transports: Transport[]; warning?: string }];
  /** A transport's recorder and meter, once its clients exist (a live view samples them). */
  lane: [LaneView];
  snapshot: [SessionSnapshot];
  phase: [TransportResult];
  done: [ComparisonResult];
}

/** What may be turned while the session runs: the clients' poll interval and headers, the source's rate and RTT. */
export type SessionKnobs = Partial<Pick<CompareOptions, 'pollIntervalMs' | 'headers' | 'customHeaders'>> &
  SourceConditions;

/**
 * A comparison run as a long-running thing: it emits `started`, `snapshot`s, `phase` results
 * and `done`, and takes knobs mid-run (`change`). Run and report meet only at the result.
 */
export class ComparisonSession extends EventEmitter<SessionEvents> {
  private source: EventSource | undefined;
  private crowds: Crowd[] = [];
  private readonly finishing = new AbortController();
  private conditions: CompareOptions;

  constructor(
    private readonly options: CompareOptions,
    private readonly signal?: AbortSignal,
  ) {
    super();
    this.conditions = { ...options };
  }

  /** The conditions now, with every knob turned so far. */
  current(): Readonly<CompareOptions> {
    return this.conditions;
  }

  /**
   * Turns knobs: the poll interval from each client's next tick, headers from the next request,
   * the rate from the next event, the RTT from the next chunk through the relay (when the run has one).
   */
  async change(knobs: SessionKnobs): Promise<void> {
    this.conditions = { ...this.conditions, ...knobs };
    for (const crowd of this.crowds) crowd.change(knobs);
    const { ratePerSec, rttMs, jitterMs } = knobs;
    if (this.source && (ratePerSec !== undefined || rttMs !== undefined || jitterMs !== undefined)) {
      await this.source.change({ ratePerSec, rttMs, jitterMs: jitterMs ?? this.conditions.jitterMs });
    }
  }

  /** Publishes one event now, outside the schedule; false where the source cannot (a target). */
  async publishNow(): Promise<boolean> {
    if (!this.source?.publishNow) return false;
    await this.source.publishNow();
    return true;
  }

  /** Ends the run now as a run ends: publishing stops, what is in flight arrives, the result is whole. */
  finish(): void {
    this.finishing.abort();
  }

  /** Stops publishing until `resume`; clients stay connected and keep what they have. */
  async pause(): Promise<void> {
    await this.source?.halt();
  }

  /** Publishes again, from now, at the current rate, until the run ends. */
  resume(): void {
    const c = this.conditions;
    const schedule = {
      startAtNs: nowNs(),
      count: 0,
      ratePerSec: c.ratePerSec,
      payloadBytes: c.payloadBytes,
      seed: c.seed,
    };
    // The schedule runs until the run ends; its outcome is the phase's business, not this call's.
    void this.source?.publish(schedule, c.durationMs + RESUME_SLACK_MS).catch(() => undefined);
  }

  /** Runs every transport's phase in turn (or all at once) and resolves with the result (partial when interrupted). */
  async run(): Promise<ComparisonResult> {
    const { options, signal } = this;
    const plan = planPhase(options);
    const startedAt = new Date().toISOString();
    const source = await startSource(options, plan);
    this.source = source;
    const measured: TransportResult[] = [];
    try {
      // Machines started apart begin together: the source is up and checked, the phases wait for the time.
      if (options.startAtMs !== undefined) await untilWallClock(options.startAtMs, signal);
      const warning = exposureOf(options.host).warning;
      this.emit('started', { url: source.url, transports: options.transports, ...(warning ? { warning } : {}) });
      let sourceGone = false;
      void source.gone.then(() => {
        sourceGone = true;
      });
      // In turn, one phase per transport; or (--parallel) one phase for all of them, on the same events.
      const phases = options.parallel ? [options.transports] : options.transports.map((t) => [t]);
      for (const [i, transports] of phases.entries()) {
        // After an interruption, or once the source died, the remaining transports do not run.
        if (signal?.aborted || sourceGone || this.finishing.signal.aborted) break;
        // A transport's place in the run: its phase's in turn, its lane's when all run at once.
        const first = options.parallel ? 0 : i;
        const results = await runPhase({
          source,
          transports,
          options: this.conditions,
          plan,
          signal,
          finish: this.finishing.signal,
          onCrowd: (crowd) => this.crowds.push(crowd),
          onLane: (lane) => this.emit('lane', lane),
          onProgress: (progress, index) =>
            this.emit('snapshot', { progress, index: first + index, total: options.transports.length }),
        });
        this.crowds = [];
        for (const result of results) {
          measured.push(result);
          this.emit('phase', result);
        }
      }
    } finally {
      this.source = undefined;
      await source.close();
    }
    const result = comparisonResult(options, plan, startedAt, measured, Boolean(signal?.aborted));
    this.emit('done', result);
    return result;
  }
}

/** Resolves at wall-clock time `atMs` (ms since the epoch), or at once when `signal` aborts. */
async function untilWallClock(atMs: number, signal: AbortSignal | undefined): Promise<void> {
  const waitMs = atMs - Date.now();
  if (waitMs > 0) await delay(waitMs, undefined, signal ? { signal } : {}).catch(() => undefined);
}
