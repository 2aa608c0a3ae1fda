import type { Duplex } from 'node:stream';
import { jsonBytesOf, type StreamEncoder } from './encoders.js';
import type { Accounting, Attribution } from './accounting.js';
import type { EventLog, LoggedEvent } from './event-log.js';

/** How a streaming route (SSE, WebSocket) writes the log to one subscriber. */
export interface StreamSubscription {
  log: EventLog;
  /** The subscriber has every event up to this seq; it is sent the ones after. */
  since: number;
  socket: Duplex;
  /** False once the subscriber may take no more events (e.g. a WebSocket that began closing). */
  isOpen(): boolean;
  /**
   * Sends events another way than writing the encoder's bytes (a compressed WebSocket: ws
   * deflates each for its connection). Their framing is then not counted, and a backlog goes at once.
   */
  send?(events: readonly LoggedEvent[]): void;
  /** Bytes the subscriber has not taken yet (default: the socket's unsent bytes). */
  buffered?(): number;
  encoder: StreamEncoder;
  /** Bytes the socket may hold unsent before the subscriber counts as too slow. */
  maxBufferedBytes: number;
  /** Told what each write carried: events, and bytes around their JSON. */
  onWrite(events: number, framingBytes: number): void;
  /** The resume point was older than the window: the subscriber has a gap. */
  onGap(): void;
  /** The subscriber fell more than `maxBufferedBytes` behind; it is no longer written to. */
  onSlow(): void;
}

/**
 * Writes every event after `since` to one subscriber, then each published batch as it comes.
 * The backlog goes out in pieces, each after the socket has drained the last, so a reconnect
 * never queues the whole window at once. Live batches are written while the socket keeps up;
 * one whose buffer passes the limit is dropped by rule. Returns the unsubscribe function.
 */
export function subscribeStream(sub: StreamSubscription): () => void {
  let cursor = sub.since;
  let live = false;
  let ended = false;
  const piece = { maxEvents: 1000, maxBytes: Math.max(1, Math.floor(sub.maxBufferedBytes / 2)) };

  const buffered = sub.buffered ?? ((): number => sub.socket.writableLength);
  /** Writes `events`; false when the socket's buffer is full and 'drain' will say when it has room. */
  const write = (events: readonly LoggedEvent[]): boolean => {
    cursor = events[events.length - 1]!.seq;
    if (sub.send) {
      sub.send(events);
      sub.onWrite(events.length, 0);
      return true;
    }
    const bytes = sub.encoder.encode(events);
    const room = sub.socket.write(bytes);
    sub.onWrite(events.length, bytes.length - jsonBytesOf(events));
    return room;
  };

  const catchUp = (): void => {
    while (!ended && !sub.socket.destroyed && sub.isOpen()) {
      const slice = sub.log.read(cursor, piece);
      if (slice.gap) sub.onGap();
      const room = slice.events.length > 0 ? write(slice.events) : true;
      if (!slice.more) {
        live = true;
        return;
      }
      // The rest goes once the socket has taken this piece: 'drain' comes only after a write
      // that found the buffer full, so it is waited for only then.
      if (!room) {
        sub.socket.once('drain', catchUp);
        return;
      }
    }
  };

  const unsubscribe = sub.log.subscribe((batch) => {
    if (!live || ended || sub.socket.destroyed || !sub.isOpen()) return;
    if (buffered() > sub.maxBufferedBytes) {
      stop();
      sub.onSlow();
      return;
    }
    // A batch that does not follow on (the window moved past the cursor) is read, not assumed.
    if (batch[0]!.seq === cursor + 1) write(batch);
    else {
      live = false;
      catchUp();
    }
  });

  const stop = (): void => {
    ended = true;
    unsubscribe();
    sub.socket.off('drain', catchUp);
  };

  catchUp();
  return stop;
}

/** What a streaming route gives to subscribe one reader: its socket, where it resumes, how to drop it. */
export interface RouteStream {
  since: number;
  socket: Duplex;
  isOpen(): boolean;
  encoder: StreamEncoder;
  send?(events: readonly LoggedEvent[]): void;
  buffered?(): number;
  /** Ends the subscriber once it was dropped as too slow (the route's own way: a close code, a reset). */
  drop(): void;
}

/** Subscribes one reader of `route`, counting what it is written, its gaps and its drop on the route's accounting. */
export function subscribeRouteStream(
  route: Attribution,
  ctx: { log: EventLog; accounting: Accounting; maxSubscriberBufferBytes: number },
  stream: RouteStream,
): () => void {
  return subscribeStream({
    ...stream,
    log: ctx.log,
    maxBufferedBytes: ctx.maxSubscriberBufferBytes,
    onWrite: (events, framingBytes) => {
      ctx.accounting.eventsWritten(route, events);
      ctx.accounting.framingBytes(route, framingBytes);
    },
    onGap: () => ctx.accounting.fault(route, 'EVENTS_EXPIRED'),
    onSlow: () => {
      ctx.accounting.fault(route, 'SLOW_CONSUMER');
      stream.drop();
    },
  });
}
