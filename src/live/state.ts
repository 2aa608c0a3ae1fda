import type { LaneView } from '../run/phase.js';
import type { LatencySummary } from '../shared/result-types.js';
import type { LiveConditions, Stretch } from '../shared/stretch-types.js';

/** A recorder's tumbling latency window, as the sampler takes from it. */
type LatencyWindow = { take(): LatencySummary | null };
import { TRANSPORT_LABELS, type Transport } from '../shared/transports.js';

/** How far back the lanes and the window counters look, in milliseconds. */
export const WINDOW_MS = 10_000;
/** How many one-second latency points a trend keeps. */
export const TREND_POINTS = 30;

/** One transport's figures, as the frame shows them: counted, never estimated. */
export interface LaneState {
  transport: Transport;
  label: string;
  /** When the sampled client received events, in ms before now (0 = now), within the window. */
  arrivalsAgoMs: number[];
  /**
   * Counted in the last `WINDOW_MS`; its latency (mean and max, in ms) over the last closed seconds of it, null when
   * nothing arrived in them.
   */
  window: {
    requests: number;
    empty: number;
    deliveries: number;
    bytes: number;
    latency: { mean: number; max: number } | null;
  };
  /** Counted since the start. */
  total: {
    requests: number;
    empty: number;
    delivered: number;
    bytes: number;
    payload: number;
    p50: number | null;
    p99: number | null;
  };
  /** Latency of the last whole second (p50, p99 in ms), null when nothing arrived in it. */
  lastSecond: { p50: number; p99: number } | null;
  /** p50 of each of the last seconds, oldest first; null for a second without deliveries. */
  trend: Array<number | null>;
}

export type { LiveConditions };

/** Everything one frame shows: plain data, so the renderer is a pure function of it. */
export interface LiveState {
  elapsedMs: number;
  conditions: LiveConditions;
  /** The highest seq any client has received: events known to be published. */
  eventsSeen: number;
  /** When events were published, in ms before now, within the window (as the sampled clients saw their stamps). */
  publishedAgoMs: number[];
  lanes: LaneState[];
  showHelp: boolean;
  /** One line about the last key pressed, e.g. "RTT 150 ms". */
  message: string;
}

interface Arrival {
  seq: number;
  publishedNs: bigint;
  receivedNs: bigint;
}

interface Counted {
  atNs: bigint;
  requests: number;
  empty: number;
  deliveries: number;
  bytes: number;
}

/** The mean and max of whole seconds' latencies: each second's mean weighted by its deliveries. */
function windowLatency(seconds: Array<LatencySummary | null>): { mean: number; max: number } | null {
  const measured = seconds.filter((s): s is LatencySummary => s !== null);
  const samples = measured.reduce((sum, s) => sum + s.samples, 0);
  if (samples === 0) return null;
  return {
    mean: measured.reduce((sum, s) => sum + s.mean * s.samples, 0) / samples,
    max: Math.max(...measured.map((s) => s.max)),
  };
}

const lastPoint = (trend: Array<LatencySummary | null>): { p50: number; p99: number } | null => {
  const last = trend.at(-1);
  return last ? { p50: last.p50, p99: last.p99 } : null;
};

/** One lane's running record: its sampled arrivals, a history of its counters, its latency trend. */
class LaneSampler {
  readonly arrivals: Arrival[] = [];
  readonly history: Counted[] = [];
  readonly trend: Array<LatencySummary | null> = [];
  /** The last second's latencies, for the trend. */
  readonly second: LatencyWindow;
  /** The current stretch's latencies, and its counters at its start. */
  readonly stretch: LatencyWindow;
  stretchStart: Counted;

  constructor(
    readonly view: LaneView,
    atNs: bigint,
  ) {
    view.recorder.sampleListener = (seq, publishedNs, receivedNs) =>
      this.arrivals.push({ seq, publishedNs, receivedNs });
    this.second = view.recorder.latencyWindow();
    this.stretch = view.recorder.latencyWindow();
    this.stretchStart = this.counted(atNs);
  }

  counted(atNs: bigint): Counted {
    const { recorder, meter } = this.view;
    const wire = meter.totals();
    return {
      atNs,
      requests: recorder.httpRequests + recorder.handshakes,
      empty: recorder.emptyResponses,
      deliveries: recorder.delivered,
      bytes: wire.bytesRead + wire.bytesWritten,
    };
  }
}

/**
 * Samples a running session's lanes at a fixed rate into `LiveState`: the frame never reads a
 * recorder itself, and no work happens per event beyond the sampled client's arrival.
 */
export class LiveSampler {
  private readonly lanes: LaneSampler[] = [];
  private lastSecondNs: bigint | undefined;
  private readonly closed: Stretch[] = [];
  private stretchStartNs: bigint;

  constructor(private readonly startNs: bigint) {
    this.stretchStartNs = startNs;
  }

  /** Starts sampling one transport's lane. */
  add(view: LaneView, atNs: bigint): void {
    this.lanes.push(new LaneSampler(view, atNs));
  }

  /**
   * Ends the stretch that ran under `conditions` at `atNs` (a knob turned, or the session ended) and starts the
   * next; a stretch with no lanes yet (the clients still connecting) is folded into the next.
   */
  closeStretch(atNs: bigint, conditions: LiveConditions): void {
    if (this.lanes.length === 0) return;
    const lanes = this.lanes.map((lane) => {
      const now = lane.counted(atNs);
      const then = lane.stretchStart;
      lane.stretchStart = now;
      return {
        transport: lane.view.transport,
        delivered: now.deliveries - then.deliveries,
        requests: now.requests - then.requests,
        bytes: now.bytes - then.bytes,
        latency: lane.stretch.take(),
      };
    });
    const ms = (ns: bigint): number => Number(ns - this.startNs) / 1e6;
    this.closed.push({ startMs: ms(this.stretchStartNs), endMs: ms(atNs), conditions, lanes });
    this.stretchStartNs = atNs;
  }

  /** The stretches closed so far, oldest first. */
  stretches(): readonly Stretch[] {
    return this.closed;
  }

  /** The state at `nowNs`; every call also closes a one-second latency point when one is due. */
  sample(nowNs: bigint, conditions: LiveConditions, extra: { showHelp: boolean; message: string }): LiveState {
    const windowNs = BigInt(WINDOW_MS) * 1_000_000n;
    const since = nowNs - windowNs;
    const secondDue = this.lastSecondNs === undefined || nowNs - this.lastSecondNs >= 1_000_000_000n;
    if (secondDue) this.lastSecondNs = nowNs;
    const agoMs = (ns: bigint): number => Number(nowNs - ns) / 1e6;
    const published = new Map<number, bigint>();
    const lanes = this.lanes.map((lane): LaneState => {
      while (lane.arrivals.length > 0 && lane.arrivals[0]!.receivedNs < since) lane.arrivals.shift();
      for (const a of lane.arrivals) if (a.publishedNs >= since) published.set(a.seq, a.publishedNs);
      const now = lane.counted(nowNs);
      lane.history.push(now);
      while (lane.history.length > 1 && lane.history[1]!.atNs <= since) lane.history.shift();
      const then = lane.history[0]!;
      if (secondDue) {
        const recent = lane.second.take();
        lane.trend.push(recent);
        if (lane.trend.length > TREND_POINTS) lane.trend.shift();
      }
      const summary = lane.view.recorder.latencySummary();
      return {
        transport: lane.view.transport,
        label: TRANSPORT_LABELS[lane.view.transport],
        arrivalsAgoMs: lane.arrivals.map((a) => agoMs(a.receivedNs)),
        window: {
          requests: now.requests - then.requests,
          empty: now.empty - then.empty,
          deliveries: now.deliveries - then.deliveries,
          bytes: now.bytes - then.bytes,
          latency: windowLatency(lane.trend.slice(-WINDOW_MS / 1000)),
        },
        total: {
          requests: now.requests,
          empty: now.empty,
          delivered: now.deliveries,
          bytes: now.bytes,
          payload: lane.view.recorder.payloadBytes,
          p50: summary?.p50 ?? null,
          p99: summary?.p99 ?? null,
        },
        lastSecond: lastPoint(lane.trend),
        trend: lane.trend.map((point) => point?.p50 ?? null),
      };
    });
    return {
      elapsedMs: agoMs(this.startNs),
      conditions,
      eventsSeen: Math.max(0, ...this.lanes.map((lane) => lane.view.recorder.highestSeq)),
      publishedAgoMs: [...published.values()].map(agoMs),
      lanes,
      ...extra,
    };
  }
}
