import * as ws from 'ws';
import type { LoggedEvent } from './event-log.js';

// ws builds frames with Sender.frame (RFC 6455); its typings leave Sender's statics out.
const { frame } = (
  ws as unknown as {
    Sender: {
      frame(
        data: Buffer,
        options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean },
      ): Buffer[];
    };
  }
).Sender;

/** Turns a batch of events into the bytes one stream subscriber is written. */
export interface StreamEncoder {
  /** The batch's bytes; the same batch array is encoded once, however many subscribers share it. */
  encode(events: readonly LoggedEvent[]): Buffer;
}

/** Bytes of a batch's event JSON: what is not framing in its encoding. */
export function jsonBytesOf(events: readonly LoggedEvent[]): number {
  let bytes = 0;
  for (const event of events) bytes += event.jsonBytes;
  return bytes;
}

/**
 * An encoder from one event's bytes: a published batch (one array, handed to every subscriber)
 * is encoded once and the buffer reused for all of them; a catch-up read is encoded for its reader.
 */
function memoized(encodeOne: (event: LoggedEvent) => Buffer): StreamEncoder {
  const cache = new WeakMap<readonly LoggedEvent[], Buffer>();
  return {
    encode: (events) => {
      let bytes = cache.get(events);
      if (!bytes) {
        bytes = events.length === 1 ? encodeOne(events[0]!) : Buffer.concat(events.map(encodeOne));
        cache.set(events, bytes);
      }
      return bytes;
    },
  };
}

/** One Server-Sent Events message: `id: SEQ`, one `data:` line with the JSON, a blank line. */
export function sseMessage(event: LoggedEvent): string {
  return `id: ${event.seq}\ndata: ${event.json}\n\n`;
}

/** SSE messages as the body of an HTTP/1.1 chunked response: one chunk per event. */
export const sseChunkedEncoder = memoized((event) => {
  const message = sseMessage(event);
  return Buffer.from(`${Buffer.byteLength(message).toString(16)}\r\n${message}\r\n`);
});

/** SSE messages as a plain body (HTTP/1.0 has no chunked encoding: the stream ends with the connection). */
export const ssePlainEncoder = memoized((event) => Buffer.from(sseMessage(event)));

/** One unmasked WebSocket text frame per event (server to client). */
export const wsFrameEncoder = memoized((event) =>
  Buffer.concat(frame(Buffer.from(event.json), { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false })),
);
