import type { Readable } from 'node:stream';
import { faultError } from '../shared/faults.js';

/**
 * What a client reads at most from a server it may not control: one message (an SSE line, a
 * WebSocket frame, a Socket.IO packet) and one polling answer. Sized from the run's payload with
 * room for any envelope a server wraps around it; past them the read is a named fault, never a
 * buffer that grows with whatever a server sends.
 */
export interface ReadLimits {
  /** Bytes of one message. */
  messageBytes: number;
  /** Bytes of one polling answer (the demo server cuts its own at 1 MiB and says more wait). */
  bodyBytes: number;
}

/** One message's room: 64 KiB, or 16 payloads when those are larger. */
const MESSAGE_FLOOR_BYTES = 64 * 1024;
/** A polling answer's room: 4 MiB, or 10,000 messages when those are larger. */
const BODY_FLOOR_BYTES = 4 * 1024 * 1024;

/** The limits for a run whose events carry `payloadBytes` of data. */
export function readLimitsFor(payloadBytes: number): ReadLimits {
  const messageBytes = Math.max(MESSAGE_FLOOR_BYTES, 16 * payloadBytes);
  return { messageBytes, bodyBytes: Math.max(BODY_FLOOR_BYTES, 10_000 * (payloadBytes + 256)) };
}

/**
 * The limits on an app's own routes, whose messages are its own: 1 MiB a message (a snapshot of
 * state on connect), 16 MiB an answer (a list sent whole every poll).
 */
export const APP_READ_LIMITS: ReadLimits = { messageBytes: 1024 * 1024, bodyBytes: 16 * 1024 * 1024 };

/**
 * Reads `body` whole as UTF-8 text, up to `maxBytes`; past it the body is destroyed and the read
 * rejects with RESPONSE_TOO_LARGE (an endless chunked answer, a gigabyte array).
 */
export async function readCapped(body: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    bytes += buffer.length;
    if (bytes > maxBytes) {
      body.destroy();
      throw faultError('RESPONSE_TOO_LARGE', `a polling answer over ${maxBytes} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, bytes).toString('utf8');
}

/**
 * Guards a stream's lines: `feed` counts the characters since the last line break and throws
 * LINE_TOO_LONG once one line passes `maxBytes` (an SSE server sending one endless line).
 */
export function lineGuard(maxBytes: number): (text: string) => void {
  let sinceBreak = 0;
  return (text) => {
    const last = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    sinceBreak = last < 0 ? sinceBreak + text.length : text.length - last - 1;
    if (sinceBreak > maxBytes) throw faultError('LINE_TOO_LONG', `an event-stream line over ${maxBytes} bytes`);
  };
}
