import { setTimeout as delay } from 'node:timers/promises';
import { PhaseRecorder } from '../metrics/recorder.js';
import { SocketMeter } from '../metrics/socket-meter.js';
import type { ServerSnapshot } from '../server/protocol.js';
import { nowNs, sleepUntil } from '../shared/clock.js';
import { faultCode } from '../shared/errors.js';
import type { Transport } from '../shared/transports.js';
import type { CompareOptions, PhaseProgress, TransportResult } from '../shared/types.js';
import { createCrowd, readyAtSource, type Crowd } from './crowd.js';
import type { EventSource } from './event-source.js';
import type { PhasePlan } from './schedule.js';
import { buildTransportResult, serverCostOf } from './transport-result.js';

/** Time between the last client being ready and the first event, in ns. */
const LEAD_NS = 150_000_000n;
/** How long the server's counts may take to see every socket of the phase close. */
const SETTLE_TIMEOUT_MS = 5000;
const PROGRESS_EVERY_MS = 250;
/** How much longer than the phase the source may take to answer that it has published. */
const CALL_SLACK_MS = 30_000;

/** What one phase runs with. */
export interface PhaseRun {
  source: EventSource;
  transport: Transport;
  options: CompareOptions;
  plan: PhasePlan;
  signal?: AbortSignal | undefined;
  onProgress(progress: PhaseProgress): void;
  /** Given the phase's clients once they exist, so a session can turn their knobs. */
  onCrowd?(crowd: Crowd): void;
}

/**
 * One transport's phase: connect every client and wait until the source has seen them, publish
 * the plan's events, let the phase run its duration, close everything, then read both sides' counts.
 */
export async function runPhase(phase: PhaseRun): Promise<TransportResult> {
  const { source, transport, options, plan, onProgress, signal } = phase;
  const start = await source.reset([transport]);
  const recorder = new PhaseRecorder(start);
  const meter = new SocketMeter();
  const crowd = createCrowd(transport, options, source, recorder, meter);
  phase.onCrowd?.(crowd);
  const expected = plan.count * options.clients;
  const report = (stage: PhaseProgress['stage'], clientsReady: number, elapsedMs: number): void =>
    onProgress({ transport, stage, clientsReady, clients: options.clients, elapsedMs, durationMs: options.durationMs, delivered: recorder.delivered, expected });

  report('connecting', 0, 0);
  await crowd.connect((connected) => report('connecting', connected, 0), signal);
  // Ready means the source has seen the client, not that the client thinks it connected.
  const ready = await readyAtSource(source, transport, options.clients, signal);
  if (ready < options.clients && !signal?.aborted) recorder.fault('NOT_READY', options.clients - ready);
  report('connecting', ready, 0);

  const startAtNs = nowNs() + LEAD_NS;
  const endAtNs = startAtNs + BigInt(Math.round(options.durationMs * 1e6));
  // Handled at once: a source that dies mid-phase is a fault of this phase, not a crash.
  let sourceGone = false;
  let publishLagMaxMs: number | undefined;
  const gone = source.gone.then(() => {
    sourceGone = true;
  });
  const publishing = source
    .publish({ startAtNs, count: plan.count, ratePerSec: options.ratePerSec, payloadBytes: options.payloadBytes, seed: options.seed }, options.durationMs + CALL_SLACK_MS)
    .then(
      (outcome) => {
        publishLagMaxMs = outcome.maxLagMs;
        return outcome.published;
      },
      (error: unknown) => {
        recorder.fault(faultCode(error));
        return undefined;
      },
    );
  for (const client of crowd.clients) client.begin(startAtNs);
  const elapsedMs = (): number => Math.max(0, Number(nowNs() - startAtNs) / 1e6);
  let stage: PhaseProgress['stage'] = 'running';
  const ticker = setInterval(() => report(stage, ready, elapsedMs()), PROGRESS_EVERY_MS);
  let stopped = false;
  try {
    await Promise.race([sleepUntil(endAtNs, signal), gone]);
    if (signal?.aborted && !sourceGone) await source.halt().catch((error: unknown) => recorder.fault(faultCode(error)));
    // Without the source's word (it died), the events known to be published are those some client saw.
    const published = (await Promise.race([publishing, gone.then(() => undefined)])) ?? recorder.highestSeq;
    // Normally everything has arrived by now. Stragglers get one more poll interval, or the
    // time an event needs through the relay (a long poll's worst case is three one-way trips).
    stage = 'draining';
    const graceMs = Math.max(options.pollIntervalMs, 1.5 * (options.rttMs + options.jitterMs)) + 1000;
    const graceEndNs = nowNs() + BigInt(Math.round(graceMs * 1e6));
    while (!signal?.aborted && !sourceGone && recorder.delivered < published * options.clients && nowNs() < graceEndNs) await delay(10);
    // A target that took every publish and broadcast none of it is named, not only counted as loss.
    if (!source.countsAtServer && published > 0 && recorder.delivered === 0 && !signal?.aborted) recorder.fault('NOT_BROADCAST');
    stage = 'closing';
    await crowd.stop();
    stopped = true;
    const snapshot = sourceGone ? undefined : await settledStats(source, transport).catch((error: unknown) => {
      recorder.fault(faultCode(error));
      return undefined;
    });
    if (sourceGone) recorder.fault('SERVER_EXIT');
    const phaseMs = elapsedMs();
    report('done', ready, phaseMs);
    // A source that cannot count at the server (a target) leaves those figures null, never zero.
    const serverStats = source.countsAtServer ? snapshot?.routes[transport] : null;
    const publisher = source.publisherTraffic?.();
    const built = {
      ...buildTransportResult(transport, options, phaseMs, published, recorder, meter, serverStats),
      ...(publisher ? { publisher } : {}),
    };
    const serverCost = serverCostOf(snapshot?.cost, options.clients, built.events.delivered, publishLagMaxMs);
    const result = serverCost ? { ...built, serverCost } : built;
    return signal?.aborted ? { ...result, partial: true } : result;
  } finally {
    clearInterval(ticker);
    // Whatever went wrong above, no client may outlive its phase.
    if (!stopped) await crowd.stop();
  }
}

/** The source's counts once it has seen every socket of the phase close (FIN takes a moment). */
async function settledStats(source: EventSource, transport: Transport): Promise<ServerSnapshot | undefined> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const snapshot = await source.stats();
    const stats = snapshot?.routes[transport];
    if (!stats || stats.openSockets === 0 || Date.now() > deadline) return snapshot;
    await delay(5);
  }
}
