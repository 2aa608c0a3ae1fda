import { nowNs } from '../shared/clock.js';

/** An event as the log keeps it: its JSON is encoded once and written to every subscriber as is. */
export interface LoggedEvent {
  seq: number;
  publishedAtNs: bigint;
  /** The event's JSON, `{"seq":…,"t":"<ns>","data":"…"}`: the payload on every transport. */
  json: string;
  /** Bytes of `json` in UTF-8. */
  jsonBytes: number;
}

/** How much history the log keeps: the oldest events go once either bound is passed. */
export interface LogWindow {
  /** Events kept at most (at least 1). */
  maxEvents: number;
  /** Bytes of event JSON kept at most; the newest event is always kept, whatever its size. */
  maxBytes: number;
}

/** What `serve` keeps unless told otherwise: enough for minutes of a classroom's rate, bounded in memory. */
export const DEFAULT_LOG_WINDOW: LogWindow = { maxEvents: 10_000, maxBytes: 64 * 1024 * 1024 };

/** How much one answer may carry; the client asks again for the rest. */
export interface ReadLimit {
  maxEvents: number;
  /** Bytes of event JSON at most; one event is always carried, whatever its size. */
  maxBytes: number;
}

/** One bounded read of the log. */
export interface LogSlice {
  events: LoggedEvent[];
  /** The oldest seq the log still holds (head + 1 when it holds none). */
  oldest: number;
  /** True when events after `since` had already left the window: the reader has a gap. */
  gap: boolean;
  /** True when more events exist after the last one returned. */
  more: boolean;
}

/** Told about every batch of events published together (usually one), oldest first. */
type Listener = (events: LoggedEvent[]) => void;

/**
 * The demo server's event log: seq 1, 2, 3…, each stamped on the shared clock when published.
 * It keeps a bounded window of the newest events; a reader asking for older ones is told so.
 */
export class EventLog {
  // Retained events are events[start..]. A trimmed slot is emptied at once (its event is
  // garbage from then on); the empty prefix is cut off in bulk, once it is half the array.
  private events: Array<LoggedEvent | undefined> = [];
  private start = 0;
  private retainedBytes = 0;
  private published = 0;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly window: LogWindow = DEFAULT_LOG_WINDOW) {}

  /** The highest seq published so far (0 when empty). */
  get head(): number {
    return this.published;
  }

  /** The oldest seq still held (head + 1 when none is). */
  get oldest(): number {
    return this.events[this.start]?.seq ?? this.published + 1;
  }

  /** What the window holds now. */
  retained(): { events: number; bytes: number; oldest: number; head: number } {
    return { events: this.events.length - this.start, bytes: this.retainedBytes, oldest: this.oldest, head: this.head };
  }

  /**
   * Appends an event carrying `data`, then tells every subscriber. It is stamped now, or with
   * `stampNs` when the publisher stamped it on its own clock (a tool measuring this server).
   */
  publish(data: string, stampNs?: bigint): LoggedEvent {
    return this.publishMany([data], stampNs)[0]!;
  }

  /**
   * Stamps and appends one event per `data`, then tells every subscriber once: a server that
   * fell behind its schedule writes each subscriber one buffer, not one per event.
   */
  publishMany(datas: readonly string[], stampNs?: bigint): LoggedEvent[] {
    const publishedAtNs = stampNs ?? nowNs();
    const batch: LoggedEvent[] = [];
    for (const data of datas) {
      const seq = ++this.published;
      const json = JSON.stringify({ seq, t: publishedAtNs.toString(), data });
      const event: LoggedEvent = { seq, publishedAtNs, json, jsonBytes: Buffer.byteLength(json) };
      this.events.push(event);
      this.retainedBytes += event.jsonBytes;
      batch.push(event);
    }
    this.trim();
    if (batch.length > 0) for (const listener of this.listeners) listener(batch);
    return batch;
  }

  /**
   * Appends events another log numbered and stamped (a worker's copy of the primary's log, so
   * every worker serves the same seqs), then tells every subscriber once.
   */
  append(events: ReadonlyArray<Pick<LoggedEvent, 'seq' | 'publishedAtNs' | 'json'>>): LoggedEvent[] {
    const batch = events.map((event) => ({ ...event, jsonBytes: Buffer.byteLength(event.json) }));
    for (const event of batch) {
      this.published = event.seq;
      this.events.push(event);
      this.retainedBytes += event.jsonBytes;
    }
    this.trim();
    if (batch.length > 0) for (const listener of this.listeners) listener(batch);
    return batch;
  }

  private trim(): void {
    const { maxEvents, maxBytes } = this.window;
    while (
      this.events.length - this.start > 1 &&
      (this.events.length - this.start > maxEvents || this.retainedBytes > maxBytes)
    ) {
      this.retainedBytes -= this.events[this.start]!.jsonBytes;
      this.events[this.start] = undefined;
      this.start += 1;
    }
    if (this.start * 2 > this.events.length) {
      this.events = this.events.slice(this.start);
      this.start = 0;
    }
  }

  /** Every retained event with a seq above `since`, oldest first. */
  after(since: number): LoggedEvent[] {
    return this.read(since, { maxEvents: Number.POSITIVE_INFINITY, maxBytes: Number.POSITIVE_INFINITY }).events;
  }

  /** The retained events with a seq above `since`, oldest first, at most `limit` of them. */
  read(since: number, limit: ReadLimit): LogSlice {
    const oldest = this.oldest;
    const from = Math.max(since + 1, oldest);
    const gap = since + 1 < oldest && from <= this.published;
    if (from > this.published) return { events: [], oldest, gap, more: false };
    const first = this.start + (from - oldest);
    let end = first;
    let bytes = 0;
    while (end < this.events.length && end - first < limit.maxEvents) {
      const size = this.events[end]!.jsonBytes;
      if (end > first && bytes + size > limit.maxBytes) break;
      bytes += size;
      end += 1;
    }
    return { events: this.events.slice(first, end) as LoggedEvent[], oldest, gap, more: end < this.events.length };
  }

  /** Calls `listener` for every event published from now on; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets every event: the next one is seq 1 again (between phases of a run). */
  clear(): void {
    this.events = [];
    this.start = 0;
    this.retainedBytes = 0;
    this.published = 0;
  }
}
