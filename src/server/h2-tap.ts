import { Duplex } from 'node:stream';

/** Which way a frame crossed, seen from the server. */
export type FrameDirection = 'in' | 'out';

/** HTTP/2 frame types (RFC 9113 §6) the accounting tells apart. */
export const H2_FRAME = { DATA: 0, HEADERS: 1, CONTINUATION: 9 } as const;

/** The 24-byte client connection preface, `PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n` (RFC 9113 §3.4). */
export const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/** Told of every frame: its type (-1 for the preface), its stream, and its bytes with the 9-byte frame header. */
export type FrameListener = (direction: FrameDirection, type: number, streamId: number, bytes: number) => void;

/** Splits one direction of an HTTP/2 connection into frames, however the bytes are chunked. */
class FrameSplitter {
  private pending: Buffer = Buffer.alloc(0);
  constructor(
    private readonly direction: FrameDirection,
    private prefaceLeft: number,
    private readonly listener: FrameListener,
  ) {}

  feed(chunk: Buffer): void {
    let bytes = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    if (this.prefaceLeft > 0) {
      const taken = Math.min(this.prefaceLeft, bytes.length);
      this.prefaceLeft -= taken;
      this.listener(this.direction, -1, 0, taken);
      bytes = bytes.subarray(taken);
    }
    let at = 0;
    while (bytes.length - at >= 9) {
      const size = 9 + bytes.readUIntBE(at, 3);
      if (bytes.length - at < size) break;
      this.listener(this.direction, bytes[at + 3]!, bytes.readUInt32BE(at + 5) & 0x7fff_ffff, size);
      at += size;
    }
    // Keep only the unparsed tail (at most one frame, which nghttp2 bounds at 16 kB by default).
    this.pending = at === bytes.length ? Buffer.alloc(0) : Buffer.from(bytes.subarray(at));
  }
}

/**
 * A server-side HTTP/2 connection seen through a tap: bytes pass unchanged between the socket
 * (plain TCP, or TLS plaintext) and node:http2's session, and every frame is reported as it
 * crosses. This is how header bytes after HPACK are read off the wire: node:http2 says how many
 * headers a stream had, not how many bytes they took.
 */
export class H2FrameTap extends Duplex {
  private readonly incoming: FrameSplitter;
  private readonly outgoing: FrameSplitter;

  constructor(
    private readonly inner: Duplex,
    listener: FrameListener,
  ) {
    super({ allowHalfOpen: false });
    this.incoming = new FrameSplitter('in', H2_PREFACE.length, listener);
    this.outgoing = new FrameSplitter('out', 0, listener);
    inner.on('data', (chunk: Buffer) => {
      this.incoming.feed(chunk);
      if (!this.push(chunk)) inner.pause();
    });
    inner.once('end', () => this.push(null));
    inner.once('error', (error) => this.destroy(error));
    inner.once('close', () => this.destroy());
  }

  override _read(): void {
    this.inner.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.outgoing.feed(chunk);
    this.inner.write(chunk, callback);
  }

  /**
   * node:http2 hands over what it sends in one flush as several buffers (corked): they go on as
   * one write, so TLS wraps them in one record, as it does when a session owns the socket itself.
   */
  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    const bytes = chunks.length === 1 ? chunks[0]!.chunk : Buffer.concat(chunks.map(({ chunk }) => chunk));
    this.outgoing.feed(bytes);
    this.inner.write(bytes, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.inner.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inner.destroy(error ?? undefined);
    callback(error);
  }
}
