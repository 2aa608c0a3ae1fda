import { nowNs } from '../metrics/clock.js';

/** An event as the log keeps it: encoded once, written to every subscriber as is. */
export interface LoggedEvent {
  seq: number;
  publishedAtNs: bigint;
  /** The event's JSON, `{"seq":…,"t":"<ns>","data":"…"}`: the payload on every transport. */
  json: string;
  /** The same event as one Server-Sent Events message. */
  sseChunk: string;
}

type Listener = (event: LoggedEvent) => void;

/** The demo server's event log: seq 1, 2, 3…, each stamped on the shared clock when published. */
export class EventLog {
  private events: LoggedEvent[] = [];
  private readonly listeners = new Set<Listener>();

  /** The highest seq published so far (0 when empty). */
  get head(): number {
    return this.events.length;
  }

  /** Stamps and appends an event carrying `data`, then tells every subscriber. */
  publish(data: string): LoggedEvent {
    const seq = this.events.length + 1;
    const publishedAtNs = nowNs();
    const json = JSON.stringify({ seq, t: publishedAtNs.toString(), data });
    const event: LoggedEvent = { seq, publishedAtNs, json, sseChunk: `id: ${seq}\ndata: ${json}\n\n` };
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Every event with a seq above `since`, oldest first. */
  after(since: number): LoggedEvent[] {
    return since >= this.events.length ? [] : this.events.slice(Math.max(0, since));
  }

  /** Calls `listener` for every event published from now on; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets every event: the next one is seq 1 again (between phases of a run). */
  clear(): void {
    this.events = [];
  }
}
