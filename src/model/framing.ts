/**
 * Bytes each transport wraps around one event's JSON, as the demo server writes it
 * (`src/server/routes/*.ts`). Pure arithmetic, no I/O.
 */

/** Bytes of the header of one unmasked server-to-client WebSocket frame carrying `payloadBytes` (RFC 6455 §5.2). */
export function wsFrameHeaderBytes(payloadBytes: number): number {
  // 7-bit length; 126 + 16-bit length; 127 + 64-bit length. Server frames carry no mask key.
  if (payloadBytes < 126) return 2;
  if (payloadBytes < 65_536) return 4;
  return 10;
}

/** Decimal digits of a whole number ≥ 0: `9` → 1, `10` → 2. */
export function decimalDigits(n: number): number {
  return String(Math.max(0, Math.floor(n))).length;
}

/** Hexadecimal digits of a whole number ≥ 0: `255` → 2, `256` → 3 (a chunk-size line). */
export function hexDigits(n: number): number {
  return Math.max(0, Math.floor(n)).toString(16).length;
}

/** Fixed bytes of an SSE message besides the digits of its id: `id: ` `\n` `data: ` `\n\n`. */
export const SSE_FIELD_BYTES = 13;

/** Fixed bytes of one HTTP/1.1 chunk besides its hex size: the `\r\n` after the size and after the data. */
export const CHUNK_CRLF_BYTES = 4;

/** An HTTP/2 frame's own header: length, type, flags, stream id (RFC 9113 §4.1). */
export const H2_FRAME_HEADER_BYTES = 9;

/**
 * DATA frames per HTTP/2 answer with a body: node:http2's compatibility `res.end(body)` sends the
 * body in one DATA frame and END_STREAM in an empty one after it (seen on the wire by the tap).
 */
export const H2_DATA_FRAMES_PER_ANSWER = 2;

/** The average over seq 1…`events` of `bytesFor(digits of the seq)`; NaN when no event is published. */
function averageOverSeqs(events: number, bytesFor: (digits: number) => number): number {
  const count = Math.floor(events);
  if (count < 1) return Number.NaN;
  let total = 0;
  // Sum by digit count of the seq: 1–9, 10–99, 100–999…, so a million events cost seven steps.
  for (let digits = 1, low = 1; low <= count; digits++, low *= 10) {
    const high = Math.min(count, low * 10 - 1);
    total += (high - low + 1) * bytesFor(digits);
  }
  return total / count;
}

/**
 * SSE and chunked-encoding bytes around one event, averaged over seq 1…`events`: each event is one
 * `res.write` of `id: <seq>\ndata: <json>\n\n`, which node:http sends as one chunk `<hex size>\r\n…\r\n`.
 * NaN when no event is published.
 */
export function sseFramingBytesPerEvent(eventBytes: number, events: number): number {
  return averageOverSeqs(events, (digits) => {
    const message = SSE_FIELD_BYTES + digits;
    return message + hexDigits(Math.round(eventBytes) + message) + CHUNK_CRLF_BYTES;
  });
}

/**
 * SSE over HTTP/2: the same fields, each event in one DATA frame instead of a chunk. NaN when no event is published.
 */
export function sseDataFrameBytesPerEvent(events: number): number {
  return averageOverSeqs(events, (digits) => SSE_FIELD_BYTES + digits + H2_FRAME_HEADER_BYTES);
}

/**
 * Bytes Socket.IO wraps around an event's JSON in one emit: `42["message",` and `]` (Engine.IO message, Socket.IO
 * event).
 */
export function socketIoPacketBytes(eventName = 'message'): number {
  return Buffer.byteLength(`42[${JSON.stringify(eventName)},]`);
}

/** Socket.IO over its upgraded WebSocket: the packet's wrapper plus the frame header around it. */
export function socketIoFramingBytesPerEvent(eventBytes: number, eventName = 'message'): number {
  const packet = socketIoPacketBytes(eventName);
  return packet + wsFrameHeaderBytes(Math.round(eventBytes) + packet);
}
