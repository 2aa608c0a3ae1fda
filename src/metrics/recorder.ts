import { isFaultCode, type FaultCode } from '../shared/faults.js';
import { LatencyHistogram, LatencyWindow } from './latency.js';
import type { DeliveryCounts, LatencyDistribution, LatencySummary } from '../shared/result-types.js';
import type { DeliveryRecorder, PhaseStart } from '../shared/run-types.js';
import type { RadioTally, RecorderSnapshot } from './recorder-snapshot.js';
import { RecoveryRecorder } from './recovery.js';
import { SeqSet } from './seq-set.js';

export type { RadioTally, RecorderSnapshot };

/** At most this many moments a client's timeline keeps (a message each): about 8 MB a client at most. */
const MAX_TIMELINE = 1_000_000;

/** Per-transport tallies the clients add to; a phase's measured outcome before bytes. */
export class PhaseRecorder {
  readonly latency = new LatencyHistogram();
  /** Windows a live view takes latencies from (its trend, its stretches); none in a comparison. */
  private readonly windows: LatencyWindow[] = [];
  /** Told of every event the first client receives: a live view draws one client's arrivals. */
  sampleListener: ((seq: number, publishedNs: bigint, receivedNs: bigint) => void) | undefined;
  private clientsMade = 0;
  httpRequests = 0;
  emptyResponses = 0;
  handshakes = 0;
  delivered = 0;
  duplicates = 0;
  outOfOrder = 0;
  payloadBytes = 0;
  /** Events that were not this run's (a shared target's other publishers). */
  foreignEvents = 0;
  /** Events a cursorless poll fetched again (an app's list answers whole each time), and the bytes of their items. */
  refetched = 0;
  refetchedBytes = 0;
  /** The highest seq any client received: events known to have been published. */
  highestSeq: number;
  readonly errors = new Map<FaultCode, number>();
  /** Each client's timeline of messages (ms of performance.now()), kept only for a radio model (--radio). */
  timelines: number[][] | undefined;
  radio: RadioTally | undefined;
  /** A restart's drops, returns and reconnects (`--restart-at`, or a target seen dropping its clients). */
  readonly recovery = new RecoveryRecorder();

  /** `start`: where the phase's readers start (its seqs come after `since`) and the run's tag. */
  constructor(readonly start: PhaseStart = { since: 0 }) {
    this.highestSeq = start.since;
  }

  /** Counts `count` faults (one by default) by their stable code. */
  fault(code: FaultCode, count = 1): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + count);
  }

  /** A recorder for one simulated client, which checks its deliveries by sequence number. */
  forClient(): ClientRecorder {
    const timeline = this.timelines ? [] : undefined;
    if (timeline) this.timelines!.push(timeline);
    return new ClientRecorder(this, this.clientsMade++ === 0, timeline);
  }

  /** Adds one client's radio spend over its window. */
  addRadio(spend: { joules: number; awakeMs: number }, windowMs: number): void {
    this.addRadioTally({ clients: 1, ...spend, windowMs });
  }

  /** Adds clients' radio spend, summed (one client's, or another process's). */
  private addRadioTally(part: RadioTally): void {
    this.radio ??= { clients: 0, joules: 0, awakeMs: 0, windowMs: 0 };
    for (const key of ['clients', 'joules', 'awakeMs', 'windowMs'] as const) this.radio[key] += part[key];
  }

  /** A window that sees every latency recorded from now on, for a live view to take from. */
  latencyWindow(): LatencyWindow {
    const window = new LatencyWindow();
    this.windows.push(window);
    return window;
  }

  /** Records one delivery's latency in the phase's histograms. */
  recordLatency(latencyNs: bigint): void {
    this.latency.recordNs(latencyNs);
    // A comparison opens no window: the loop costs the measured path nothing there.
    for (const window of this.windows) window.record(latencyNs);
  }

  /**
   * Adds latencies measured elsewhere while the run goes on (a client process's, for a live view): to the
   * histogram and to every window, as if recorded here.
   */
  addLatencies(part: LatencyDistribution): void {
    this.latency.add(part);
    for (const window of this.windows) window.add(part);
  }

  /** Delivery counts against `published` events for each of `clients` clients. */
  deliveryCounts(published: number, clients: number): DeliveryCounts {
    const expected = published * clients;
    return {
      published,
      expected,
      ...(this.foreignEvents > 0 ? { foreign: this.foreignEvents } : {}),
      ...(this.refetched > 0 ? { refetched: this.refetched, refetchedBytes: this.refetchedBytes } : {}),
      delivered: this.delivered,
      lost: Math.max(0, expected - this.delivered),
      duplicates: this.duplicates,
      outOfOrder: this.outOfOrder,
    };
  }

  /** Latency summary, null when nothing was delivered. */
  latencySummary(): LatencySummary | null {
    return this.latency.summary();
  }

  /** Faults as a plain object, by code. */
  errorCounts(): Record<string, number> {
    return Object.fromEntries(this.errors);
  }

  /** Every tally as plain data (clients in another process record here; the run adds them up). */
  snapshot(): RecorderSnapshot {
    const recovery = this.recovery.tally();
    return {
      httpRequests: this.httpRequests,
      emptyResponses: this.emptyResponses,
      handshakes: this.handshakes,
      delivered: this.delivered,
      duplicates: this.duplicates,
      outOfOrder: this.outOfOrder,
      payloadBytes: this.payloadBytes,
      foreignEvents: this.foreignEvents,
      refetched: this.refetched,
      refetchedBytes: this.refetchedBytes,
      ...(this.radio ? { radio: { ...this.radio } } : {}),
      ...(recovery ? { recovery } : {}),
      highestSeq: this.highestSeq,
      errors: this.errorCounts(),
      latency: this.latency.serialize(),
    };
  }

  /**
   * Adds the tallies of clients that recorded elsewhere: counts summed, histograms merged
   * exactly. Their clients are not this recorder's, so deliveries add up client by client.
   */
  absorb(part: RecorderSnapshot): void {
    this.httpRequests += part.httpRequests;
    this.emptyResponses += part.emptyResponses;
    this.handshakes += part.handshakes;
    this.delivered += part.delivered;
    this.duplicates += part.duplicates;
    this.outOfOrder += part.outOfOrder;
    this.payloadBytes += part.payloadBytes;
    this.foreignEvents += part.foreignEvents;
    this.refetched += part.refetched;
    this.refetchedBytes += part.refetchedBytes;
    if (part.radio) this.addRadioTally(part.radio);
    if (part.recovery) this.recovery.absorb(part.recovery);
    this.highestSeq = Math.max(this.highestSeq, part.highestSeq);
    for (const [code, n] of Object.entries(part.errors)) this.fault(isFaultCode(code) ? code : 'UNKNOWN', n);
    if (part.latency) this.latency.add(part.latency);
  }
}

/** One client's view: which seqs it has, the highest seen, and where to resume from. */
export class ClientRecorder implements DeliveryRecorder {
  private readonly seen = new SeqSet();
  private highestSeq: number;
  /** Lost its connection to a restart (or a drop): back from this mark (ns) on. */
  private dropMarkNs: bigint | undefined;
  /** Received an event published after the restart. */
  private back = false;

  constructor(
    private readonly phase: PhaseRecorder,
    private readonly sampled = false,
    private readonly timeline?: number[],
  ) {
    this.highestSeq = phase.start.since;
  }

  /** A message crossed this client's radio now (only for a radio model). */
  private moment(): void {
    if (this.timeline && this.timeline.length < MAX_TIMELINE) this.timeline.push(performance.now());
  }

  /** True when `data` does not carry the run's tag (there is one only on a shared target). */
  isForeign(data: string | undefined): boolean {
    const tag = this.phase.start.tag;
    return tag !== undefined && !data?.startsWith(tag);
  }

  /** Counts another publisher's event, and resumes after it: it is no gap in this run's. */
  foreign(seq: number): void {
    this.phase.foreignEvents += 1;
    // Only one sequence for everyone (a protocol server) makes another's seq this run's resume
    // point; where each publisher numbers its own (a chat), another run's seqs mean nothing here.
    if (this.phase.start.sharedSeqs && seq > this.highestSeq) this.highestSeq = seq;
  }

  /** The seq to resume from after a reconnect: the highest one received. */
  get lastSeq(): number {
    return this.highestSeq;
  }

  /** Counts one HTTP request sent. */
  request(): void {
    this.phase.httpRequests += 1;
    this.moment();
  }

  /** Counts one HTTP response that carried no event. */
  emptyResponse(): void {
    this.phase.emptyResponses += 1;
    this.moment();
  }

  /** Counts one completed WebSocket opening handshake. */
  handshake(): void {
    this.phase.handshakes += 1;
    this.moment();
  }

  /** Counts one fault by its stable code. */
  fault(code: FaultCode): void {
    if (!this.back) {
      const recovery = this.phase.recovery;
      const drop = recovery.dropOf(code, this.dropMarkNs !== undefined);
      this.dropMarkNs ??= drop.markNs;
      // A planned restart's faults are its cost, kept apart from the run's errors.
      if (drop.cost) {
        recovery.cost(code);
        return;
      }
    }
    this.phase.fault(code);
  }

  /** True when this client already received event `seq`. */
  has(seq: number): boolean {
    const index = seq - this.phase.start.since;
    if (index < 1) return false;
    return this.seen.has(index);
  }

  /** Counts an event a cursorless poll fetched again, with the bytes of the item that carried it. */
  refetch(itemBytes: number): void {
    this.phase.refetched += 1;
    this.phase.refetchedBytes += itemBytes;
  }

  /**
   * Records event `seq` published at `publishedNs` and parsed off the wire at `receivedNs`
   * (both on the shared clock); `payloadBytes` is the size of its JSON on the wire.
   */
  deliver(seq: number, publishedNs: bigint, receivedNs: bigint, payloadBytes: number): void {
    this.moment();
    // Seqs are counted from the phase's start, so a target that ran for long needs no large bitmap.
    const index = seq - this.phase.start.since;
    if (index < 1) {
      this.foreign(seq);
      return;
    }
    if (this.seen.addAgain(index, this.phase.delivered)) {
      this.phase.duplicates += 1;
      return;
    }
    // Events arrive in seq order; one past the next expected means the ones between never came
    // (the server's window had moved on). They count as lost; the gap is named, not hidden.
    if (seq > this.highestSeq + 1) this.phase.fault('SEQ_GAP');
    if (seq < this.highestSeq) this.phase.outOfOrder += 1;
    else this.highestSeq = seq;
    if (seq > this.phase.highestSeq) this.phase.highestSeq = seq;
    this.phase.delivered += 1;
    this.phase.payloadBytes += payloadBytes;
    this.phase.recordLatency(receivedNs - publishedNs);
    if (this.sampled) this.phase.sampleListener?.(seq, publishedNs, receivedNs);
    if (!this.back) {
      // Back once it has an event published after the restart (or its drop): everything before came first.
      const mark = this.dropMarkNs ?? this.phase.recovery.plannedNs;
      if (mark !== undefined && publishedNs >= mark) {
        this.back = true;
        this.phase.recovery.back(receivedNs);
      }
    }
  }
}
