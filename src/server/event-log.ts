import * as ws from 'ws';
import { nowNs } from '../shared/clock.js';

// ws builds frames with Sender.frame (RFC 6455); its typings leave Sender's statics out.
const { frame } = (ws as unknown as {
  Sender: { frame(data: Buffer, options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Buffer[] };
}).Sender;

/** An event as the log keeps it: encoded once, written to every subscriber as is. */
export interface LoggedEvent {
  seq: number;
  publishedAtNs: bigint;
  /** The event's JSON, `{"seq":…,"t":"<ns>","data":"…"}`: the payload on every transport. */
  json: string;
  /** The same event as one Server-Sent Events message. */
  sseChunk: string;
  /** That message as one HTTP/1.1 chunk (size line, message, CRLF), ready for every SSE socket. */
  sseChunked: Buffer;
  /** The event as one unmasked WebSocket text frame, ready for every WebSocket socket. */
  wsFrame: Buffer;
}

/** Told about every batch of events published together (usually one), oldest first. */
type Listener = (events: LoggedEvent[]) => void;

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
    return this.publishMany([data])[0]!;
  }

  /**
   * Stamps and appends one event per `data`, then tells every subscriber once: a server that
   * fell behind its schedule writes each subscriber one buffer, not one per event.
   */
  publishMany(datas: readonly string[]): LoggedEvent[] {
    const publishedAtNs = nowNs();
    const batch: LoggedEvent[] = [];
    for (const data of datas) {
      const event = this.encode(this.events.length + 1, publishedAtNs, data);
      this.events.push(event);
      batch.push(event);
    }
    if (batch.length > 0) for (const listener of this.listeners) listener(batch);
    return batch;
  }

  // Encoded once here, then written as is to every subscriber of each transport.
  private encode(seq: number, publishedAtNs: bigint, data: string): LoggedEvent {
    const json = JSON.stringify({ seq, t: publishedAtNs.toString(), data });
    const sseChunk = `id: ${seq}\ndata: ${json}\n\n`;
    const event: LoggedEvent = {
      seq,
      publishedAtNs,
      json,
      sseChunk,
      sseChunked: Buffer.from(`${Buffer.byteLength(sseChunk).toString(16)}\r\n${sseChunk}\r\n`),
      wsFrame: Buffer.concat(frame(Buffer.from(json), { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false })),
    };
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
