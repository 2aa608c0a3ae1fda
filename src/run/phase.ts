import { setTimeout as delay } from 'node:timers/promises';
import { PhaseRecorder } from '../metrics/recorder.js';
import { SocketMeter } from '../metrics/socket-meter.js';
import type { ServerSnapshot } from '../server/protocol.js';
import { nowNs, sleepUntil } from '../shared/clock.js';
import { faultCode } from '../shared/faults.js';
import type { Transport } from '../shared/transports.js';
import type { CompareOptions } from '../shared/options-types.js';
import type { TcpPathCounts } from '../shared/network-types.js';
import type { TransportResult } from '../shared/result-types.js';
import type { PhaseProgress } from '../shared/run-types.js';
import type { RestartTimeline } from '../shared/recovery-types.js';
import { createCrowd, laneUrl, pollEveryMs, readyAtSource, type Crowd, type LaneTallies } from './crowd.js';
import { recoveryOf } from './recovery.js';
import { createRemoteCrowd } from './remote-crowd.js';
import type { EventSource } from './event-source.js';
import type { PhasePlan } from './schedule.js';
import { handshakeFor } from './tls-probe.js';
import { buildTransportResult, clientCostOf, serverCostOf } from './transport-result.js';

/** Time between the last client being ready and the first event, in ns. */
const LEAD_NS = 150_000_000n;
/** How long the server's counts may take to see every socket of the phase close: 5 s, and 0.1 ms a client. */
const settleTimeoutMs = (clients: number): number => 5000 + clients / 10;
const PROGRESS_EVERY_MS = 250;
/** How much longer than the phase the source may take to answer that it has published. */
const CALL_SLACK_MS = 30_000;

/** What one phase runs with. */
export interface PhaseRun {
  source: EventSource;
  /** One transport, or several at once on the same events (`--parallel`). */
  transports: readonly Transport[];
  options: CompareOptions;
  plan: PhasePlan;
  signal?: AbortSignal | undefined;
  /** Ends the phase now, as a phase ends (publishing stops, stragglers drain): a live view's quit. */
  finish?: AbortSignal | undefined;
  /** Progress of each transport's clients, `index` its place in `transports`. */
  onProgress(progress: PhaseProgress, index: number): void;
  /** Given each transport's clients once they exist, so a session can turn their knobs. */
  onCrowd?(crowd: Crowd): void;
  /** Given each transport's recorder and meter once they exist, so a live view can sample them. */
  onLane?(lane: LaneView): void;
}

/** What a live view may read of one transport while its phase runs. */
export interface LaneView extends LaneTallies {
  transport: Transport;
}

/** One transport's clients in a phase, with what they record. */
interface Lane {
  transport: Transport;
  recorder: PhaseRecorder;
  meter: SocketMeter;
  crowd: Crowd;
  ready: number;
  /** Time spent connecting this lane's clients and waiting for the server to see them, in ms. */
  connectMs: number;
}

/**
 * One phase: connect every client of each transport and wait until the source has seen them,
 * publish the plan's events once for all of them, let the phase run its duration, close
 * everything, then read both sides' counts, one result per transport.
 */
export async function runPhase(phase: PhaseRun): Promise<TransportResult[]> {
  const { source, transports, options, plan, onProgress, signal, finish } = phase;
  // What one TLS handshake costs, measured before the phase on a connection of its own.
  const handshakes = await Promise.all(
    transports.map((transport) => handshakeFor(source, laneUrl(transport, options, source), transport, source.wire)),
  );
  const start = await source.reset(transports);
  // Over a shaped path, TCP's counters from here to the phase's end are its own.
  const tcpBefore = source.tcpCounts?.();
  const stopWatchingStalls = source.watchTcpStalls?.();
  const lanes: Lane[] = transports.map((transport) => {
    const recorder = new PhaseRecorder(start);
    if (start.fault) recorder.fault(start.fault);
    const meter = new SocketMeter();
    // Past what one process may hold sockets for, the clients spread over processes of their own.
    const processes = options.processes ?? 1;
    const crowd =
      processes > 1 || options.clientsApart || source.clientLaunch
        ? createRemoteCrowd(transport, options, source, start, recorder, meter, processes)
        : createCrowd(transport, options, source, recorder, meter);
    return { transport, recorder, meter, crowd, ready: 0, connectMs: 0 };
  });
  for (const lane of lanes) {
    phase.onCrowd?.(lane.crowd);
    const live = lane.crowd.live ?? lane;
    phase.onLane?.({ transport: lane.transport, recorder: live.recorder, meter: live.meter });
  }
  const expected = plan.count * options.clients;
  const report = (lane: Lane, stage: PhaseProgress['stage'], clientsReady: number, elapsedMs: number): void =>
    onProgress(
      {
        transport: lane.transport,
        stage,
        clientsReady,
        clients: options.clients,
        elapsedMs,
        durationMs: options.durationMs,
        delivered: lane.recorder.delivered,
        expected,
        ...(stage === 'done' ? { connectMs: lane.connectMs } : {}),
      },
      lanes.indexOf(lane),
    );
  const timed = async (lane: Lane, step: () => Promise<void>): Promise<void> => {
    const since = performance.now();
    await step();
    lane.connectMs += performance.now() - since;
  };
  const faultAll = (error: unknown): void => {
    for (const lane of lanes) lane.recorder.fault(faultCode(error));
  };

  for (const lane of lanes) {
    report(lane, 'connecting', 0, 0);
    await timed(lane, () => lane.crowd.connect((connected) => report(lane, 'connecting', connected, 0), signal));
  }
  for (const lane of lanes) {
    // Ready means the source has seen the client, not that the client thinks it connected.
    await timed(lane, async () => {
      lane.ready = await readyAtSource(source, lane.transport, options.clients, signal);
    });
    if (lane.ready < options.clients && !signal?.aborted)
      lane.recorder.fault('NOT_READY', options.clients - lane.ready);
    report(lane, 'connecting', lane.ready, 0);
  }

  const startAtNs = nowNs() + LEAD_NS;
  const endAtNs = startAtNs + BigInt(Math.round(options.durationMs * 1e6));
  // Handled at once: a source that dies mid-phase is a fault of this phase, not a crash.
  let sourceGone = false;
  let publishLagMaxMs: number | undefined;
  let restart: RestartTimeline | undefined;
  const gone = source.gone.then(() => {
    sourceGone = true;
  });
  const publishing = source
    .publish(
      {
        startAtNs,
        count: plan.count,
        ratePerSec: options.ratePerSec,
        payloadBytes: options.payloadBytes,
        seed: options.seed,
      },
      options.durationMs + CALL_SLACK_MS,
    )
    .then(
      (outcome) => {
        publishLagMaxMs = outcome.maxLagMs;
        restart = outcome.restart;
        return outcome.published;
      },
      (error: unknown) => {
        faultAll(error);
        return undefined;
      },
    );
  for (const lane of lanes) lane.crowd.begin(startAtNs);
  const elapsedMs = (): number => Math.max(0, Number(nowNs() - startAtNs) / 1e6);
  let stage: PhaseProgress['stage'] = 'running';
  const ticker = setInterval(() => {
    for (const lane of lanes) report(lane, stage, lane.ready, elapsedMs());
  }, PROGRESS_EVERY_MS);
  let stopped = false;
  const stopAll = (): Promise<unknown> => Promise.all(lanes.map((lane) => lane.crowd.stop()));
  try {
    await Promise.race([
      sleepUntil(endAtNs, finish ? AbortSignal.any([finish, ...(signal ? [signal] : [])]) : signal),
      gone,
    ]);
    if ((signal?.aborted || finish?.aborted) && !sourceGone) await source.halt().catch(faultAll);
    // Without the source's word (it died), the events known to be published are those some client saw.
    const published =
      (await Promise.race([publishing, gone.then(() => undefined)])) ??
      Math.max(...lanes.map((lane) => lane.recorder.highestSeq)) - start.since;
    // Normally everything has arrived by now. Stragglers get one more poll interval, or the
    // time an event needs through the relay (a long poll's worst case is three one-way trips).
    stage = 'draining';
    const graceMs =
      Math.max(options.pollIntervalMs, 1.5 * (options.rttMs + options.jitterMs)) + 1000 + drainMs(options, published);
    const graceEndNs = nowNs() + BigInt(Math.round(graceMs * 1e6));
    // Events published outside the schedule (a live view's "now", a resumed schedule) are waited for too.
    const head = source.countsAtServer && !sourceGone ? ((await source.stats().catch(() => undefined))?.head ?? 0) : 0;
    const toDeliver = Math.max(published, head);
    const waiting = (): boolean => lanes.some((lane) => lane.recorder.delivered < toDeliver * options.clients);
    while (!signal?.aborted && !sourceGone && waiting() && nowNs() < graceEndNs) await delay(10);
    for (const lane of lanes) {
      // A target that took every publish and broadcast none of it is named, not only counted as loss.
      if (!source.countsAtServer && published > 0 && lane.recorder.delivered === 0 && !signal?.aborted)
        lane.recorder.fault('NOT_BROADCAST');
    }
    stage = 'closing';
    const activeMs = elapsedMs();
    await stopAll();
    stopped = true;
    const snapshot = sourceGone
      ? undefined
      : await settledStats(source, transports, options.clients * transports.length).catch((error: unknown) => {
          faultAll(error);
          return undefined;
        });
    if (sourceGone) for (const lane of lanes) lane.recorder.fault('SERVER_EXIT');
    const worstStallMs = stopWatchingStalls?.() ?? 0;
    const tcp =
      tcpBefore && lanes.length === 1 ? { ...tcpSince(tcpBefore, source.tcpCounts!()), worstStallMs } : undefined;
    const phaseMs = elapsedMs();
    const publisher = source.publisherTraffic?.();
    // What the server published is its log's head: the schedule's events and any published
    // outside it (a live view's "now", a paused and resumed schedule).
    const publishedTotal = source.countsAtServer && snapshot ? Math.max(published, snapshot.head) : published;
    return lanes.map((lane) => {
      report(lane, 'done', lane.ready, phaseMs);
      // Before the figures are built: clients a restart left behind are a fault of the phase.
      const recovery = recoveryOf(lane.recorder, restart, startAtNs, options.clients, snapshot?.acceptsPeakPerSec);
      // A source that cannot count at the server (a target) leaves those figures null, never zero; so does a restart,
      // whose killed process took its counts with it.
      const serverStats = source.countsAtServer && !restart ? snapshot?.routes[lane.transport] : null;
      const built = {
        ...buildTransportResult(
          lane.transport,
          options,
          { phaseMs, connectMs: lane.connectMs, activeMs },
          publishedTotal,
          lane.recorder,
          lane.meter,
          serverStats,
          handshakes[lanes.indexOf(lane)],
        ),
        ...(publisher ? { publisher } : {}),
      };
      // The server's cost is one figure for the phase: it belongs to a transport only when it ran alone.
      // So is the clients' when they share this process; client processes of their own are the transport's.
      const serverCost =
        lanes.length === 1 && !restart
          ? serverCostOf(snapshot?.cost, options.clients, built.events.delivered, publishLagMaxMs, snapshot?.processes)
          : undefined;
      const clientCost =
        lanes.length === 1 || (options.processes ?? 1) > 1
          ? clientCostOf(lane.crowd.costs(), options.clients)
          : undefined;
      const result = {
        ...built,
        ...(serverCost ? { serverCost } : {}),
        ...(clientCost ? { clientCost } : {}),
        ...(tcp ? { tcp } : {}),
        ...(recovery ? { recovery } : {}),
      };
      return signal?.aborted ? { ...result, partial: true } : result;
    });
  } finally {
    clearInterval(ticker);
    stopWatchingStalls?.();
    // Whatever went wrong above, no client may outlive its phase.
    if (!stopped) await stopAll();
  }
}

/** Largest wait for a rate-limited path's queue to drain after the phase. */
const MAX_DRAIN_MS = 60_000;

/**
 * How long a rate-limited path (--bandwidth) may take to carry what the phase published to every client, with room
 * for each event's framing: the stragglers' wait, never a figure.
 */
function drainMs(options: CompareOptions, published: number): number {
  const kbit = options.network?.downKbit;
  if (!kbit) return 0;
  const bits = published * options.clients * (options.payloadBytes + 256) * 8;
  return Math.min(MAX_DRAIN_MS, bits / kbit);
}

/** What TCP did on the path between two readings of its counters. */
type Counters = Omit<TcpPathCounts, 'worstStallMs'>;
const tcpSince = (before: Counters, after: Counters): Counters => ({
  retransmittedSegments: after.retransmittedSegments - before.retransmittedSegments,
  timeouts: after.timeouts - before.timeouts,
});

/** The source's counts once it has seen every socket of the phase close (FIN takes a moment). */
async function settledStats(
  source: EventSource,
  transports: readonly Transport[],
  clients: number,
): Promise<ServerSnapshot | undefined> {
  const deadline = Date.now() + settleTimeoutMs(clients);
  for (;;) {
    const snapshot = await source.stats();
    const open = transports.some((t) => (snapshot?.routes[t]?.openSockets ?? 0) > 0);
    if (!snapshot || !open || Date.now() > deadline) return snapshot;
    await delay(pollEveryMs(clients, 5));
  }
}
