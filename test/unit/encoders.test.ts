import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import {
  jsonBytesOf,
  sseChunkedEncoder,
  sseMessage,
  ssePlainEncoder,
  wsFrameEncoder,
} from '../../src/server/encoders.js';
import { EventLog } from '../../src/server/event-log.js';

// ws's own frame parser; its typings leave it out.
const { Receiver } = ws as unknown as {
  Receiver: new (options: {
    isServer: boolean;
  }) => NodeJS.WritableStream & { on(event: 'message', listener: (data: Buffer) => void): void };
};

describe('stream encoders, byte for byte', () => {
  const log = new EventLog();
  const [first, second] = log.publishMany(['hello', 'é🚀']);

  it('frames one SSE message as one HTTP/1.1 chunk: hex size of the message in bytes, CRLF, message, CRLF', () => {
    const message = sseMessage(first!);
    const size = Buffer.byteLength(message);
    expect(sseChunkedEncoder.encode([first!]).toString('latin1')).toBe(`${size.toString(16)}\r\n${message}\r\n`);
    // Multi-byte UTF-8: the chunk size counts bytes, not characters.
    const wide = Buffer.from(sseMessage(second!));
    expect(
      sseChunkedEncoder
        .encode([second!])
        .subarray(0, wide.length.toString(16).length + 2)
        .toString(),
    ).toBe(`${wide.length.toString(16)}\r\n`);
  });

  it('writes plain SSE messages for HTTP/1.0, back to back', () => {
    expect(ssePlainEncoder.encode([first!, second!]).toString()).toBe(sseMessage(first!) + sseMessage(second!));
  });

  it('builds one unmasked text frame per event that a WebSocket receiver reads back as the JSON', () => {
    const frames = wsFrameEncoder.encode([first!, second!]);
    // FIN + text opcode, no mask bit, a 7-bit length: 2 bytes of header per small event.
    expect(frames[0]).toBe(0x81);
    expect(frames[1]).toBe(first!.jsonBytes);
    expect(frames.length - jsonBytesOf([first!, second!])).toBe(4);
    const received: string[] = [];
    const receiver = new Receiver({ isServer: false });
    receiver.on('message', (data: Buffer) => received.push(data.toString()));
    receiver.write(frames);
    expect(received).toEqual([first!.json, second!.json]);
  });

  it('uses the 16-bit length form from 126 bytes on', () => {
    const big = new EventLog().publish('x'.repeat(200));
    const frame = wsFrameEncoder.encode([big]);
    expect(frame[1]).toBe(126);
    expect(frame.readUInt16BE(2)).toBe(big.jsonBytes);
    expect(frame.length - big.jsonBytes).toBe(4);
  });

  it('encodes a published batch once for every subscriber that shares it', () => {
    const batch = log.publishMany(['a', 'b']);
    expect(wsFrameEncoder.encode(batch)).toBe(wsFrameEncoder.encode(batch));
    expect(sseChunkedEncoder.encode(batch)).toBe(sseChunkedEncoder.encode(batch));
    // A fresh array with the same events (a catch-up read) is encoded again, to equal bytes.
    expect(wsFrameEncoder.encode([...batch]).equals(wsFrameEncoder.encode(batch))).toBe(true);
  });
});
