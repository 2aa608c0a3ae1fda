import { Duplex } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { H2_PREFACE, H2FrameTap, type FrameDirection } from '../../src/server/h2-tap.js';

/** One report of the tap: which way, which frame type (-1: the preface), which stream, how many bytes. */
type Seen = [FrameDirection, number, number, number];

/** An HTTP/2 frame (RFC 9113 §4.1): 24-bit length, type, flags, 31-bit stream id (plus the reserved bit), payload. */
function frame(type: number, flags: number, streamId: number, payloadBytes: number, reservedBit = false): Buffer {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payloadBytes, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(((reservedBit ? 0x8000_0000 : 0) | streamId) >>> 0, 5);
  // A payload whose bytes are not all alike, so a shifted or reordered pass-through shows.
  const payload = Buffer.alloc(payloadBytes);
  for (let i = 0; i < payloadBytes; i++) payload[i] = (i * 31 + type) & 0xff;
  return Buffer.concat([head, payload]);
}

// What a client sends: the preface, then frames of every kind the accounting tells apart, with
// a zero-length frame, a length above 255 (all three length bytes used) and the reserved bit set.
const CLIENT_FRAMES: Array<{ bytes: Buffer; seen: Seen }> = [
  { bytes: frame(4, 0, 0, 12), seen: ['in', 4, 0, 21] }, // SETTINGS, two settings
  { bytes: frame(8, 0, 0, 4), seen: ['in', 8, 0, 13] }, // WINDOW_UPDATE
  { bytes: frame(4, 1, 0, 0), seen: ['in', 4, 0, 9] }, // SETTINGS ack: no payload
  { bytes: frame(1, 0, 1, 40), seen: ['in', 1, 1, 49] }, // HEADERS, stream 1, no END_HEADERS
  { bytes: frame(9, 4, 1, 7), seen: ['in', 9, 1, 16] }, // CONTINUATION
  { bytes: frame(0, 0, 1, 300), seen: ['in', 0, 1, 309] }, // DATA, length > 255
  { bytes: frame(1, 5, 3, 20, true), seen: ['in', 1, 3, 29] }, // HEADERS, stream 3, reserved bit set
  { bytes: frame(0, 1, 3, 16_384), seen: ['in', 0, 3, 16_393] }, // DATA at the default maximum size
  { bytes: frame(6, 0, 0, 8), seen: ['in', 6, 0, 17] }, // PING
];
const CLIENT_STREAM = Buffer.concat([H2_PREFACE, ...CLIENT_FRAMES.map(({ bytes }) => bytes)]);
const CLIENT_SEEN: Seen[] = [['in', -1, 0, 24], ...CLIENT_FRAMES.map(({ seen }) => seen)];

// What a server sends back: no preface, its SETTINGS first.
const SERVER_FRAMES: Array<{ bytes: Buffer; seen: Seen }> = [
  { bytes: frame(4, 0, 0, 18), seen: ['out', 4, 0, 27] },
  { bytes: frame(4, 1, 0, 0), seen: ['out', 4, 0, 9] },
  { bytes: frame(1, 4, 1, 33), seen: ['out', 1, 1, 42] },
  { bytes: frame(0, 0, 1, 500), seen: ['out', 0, 1, 509] },
  { bytes: frame(0, 1, 1, 0), seen: ['out', 0, 1, 9] }, // END_STREAM on an empty DATA frame
  { bytes: frame(7, 0, 0, 8), seen: ['out', 7, 0, 17] }, // GOAWAY
];
const SERVER_STREAM = Buffer.concat(SERVER_FRAMES.map(({ bytes }) => bytes));
const SERVER_SEEN: Seen[] = SERVER_FRAMES.map(({ seen }) => seen);

/** Cuts `bytes` into pieces of the given sizes, cycling through them. */
function cut(bytes: Buffer, sizes: number[]): Buffer[] {
  const pieces: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return pieces;
}

/**
 * A tap over an in-process stream standing for the socket: what the socket "receives" is pushed
 * into it, and every write the tap makes on it is recorded as one entry (no _writev, so a write
 * of several buffers would show as several entries).
 */
function tapped(): { tap: H2FrameTap; inner: Duplex; seen: Seen[]; innerWrites: Buffer[]; readFromTap: Buffer[] } {
  const innerWrites: Buffer[] = [];
  const inner = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      innerWrites.push(Buffer.from(chunk));
      callback();
    },
  });
  const seen: Seen[] = [];
  const tap = new H2FrameTap(inner, (...report) => seen.push(report));
  const readFromTap: Buffer[] = [];
  tap.on('data', (chunk: Buffer) => readFromTap.push(chunk));
  return { tap, inner, seen, innerWrites, readFromTap };
}

/** Feeds `pieces` to the tap as the socket would receive them, then lets the streams flow. */
async function receive(inner: Duplex, pieces: Buffer[]): Promise<void> {
  for (const piece of pieces) inner.push(Buffer.from(piece));
  await tick();
}

/** Writes `pieces` to the tap one at a time, each after the last went through (so none are batched). */
async function send(tap: H2FrameTap, pieces: Buffer[]): Promise<void> {
  for (const piece of pieces) {
    await new Promise<void>((resolve, reject) =>
      tap.write(Buffer.from(piece), (error) => (error ? reject(error) : resolve())),
    );
  }
}

/** The reports with the preface's pieces (it may be reported as it arrives) joined into one. */
function prefaceJoined(seen: Seen[]): Seen[] {
  const joined: Seen[] = [];
  for (const report of seen) {
    const last = joined.at(-1);
    if (report[1] === -1 && last?.[1] === -1 && last[0] === report[0]) last[3] += report[3];
    else joined.push([...report]);
  }
  return joined;
}

describe('H2FrameTap: every frame reported, however the bytes are chunked', () => {
  it('reads the preface and several frames that arrive in one chunk', async () => {
    const { inner, seen } = tapped();
    await receive(inner, [CLIENT_STREAM]);
    expect(seen).toEqual(CLIENT_SEEN);
  });

  it('reads them one byte at a time', async () => {
    const { inner, seen } = tapped();
    await receive(inner, cut(CLIENT_STREAM, [1]));
    // The preface may be told in the pieces it came in; all of it, before any frame.
    expect(
      seen.filter(([, type]) => type === -1).every(([direction, , stream]) => direction === 'in' && stream === 0),
    ).toBe(true);
    expect(prefaceJoined(seen)).toEqual(CLIENT_SEEN);
  });

  it('reads the preface whole and frame headers cut anywhere (after 1, 5 and 8 of their 9 bytes)', async () => {
    const { inner, seen } = tapped();
    const afterPreface = CLIENT_STREAM.subarray(H2_PREFACE.length);
    // The preface and 5 bytes of SETTINGS' header, then cuts that land inside headers and payloads.
    const pieces = [
      CLIENT_STREAM.subarray(0, H2_PREFACE.length + 5),
      ...cut(afterPreface.subarray(5), [4, 1, 8, 3, 17, 9, 2, 1000]),
    ];
    expect(Buffer.concat(pieces).equals(CLIENT_STREAM)).toBe(true);
    await receive(inner, pieces);
    expect(seen).toEqual(CLIENT_SEEN);
  });

  it('reads frames that straddle chunks, many in one and one over many', async () => {
    const { inner, seen } = tapped();
    // Three frames and a bit in one chunk, then the 16 kB DATA frame over many small ones.
    await receive(inner, cut(CLIENT_STREAM, [H2_PREFACE.length + 21 + 13 + 9 + 3, 50, 7, 4096, 1, 1, 1, 9000]));
    expect(prefaceJoined(seen)).toEqual(CLIENT_SEEN);
  });

  it('reports nothing of a frame until all of it has arrived', async () => {
    const { inner, seen } = tapped();
    const settings = CLIENT_FRAMES[0]!.bytes;
    await receive(inner, [H2_PREFACE, settings.subarray(0, settings.length - 1)]);
    expect(seen).toEqual([['in', -1, 0, 24]]);
    await receive(inner, [settings.subarray(settings.length - 1)]);
    expect(seen).toEqual([
      ['in', -1, 0, 24],
      ['in', 4, 0, 21],
    ]);
  });

  it('reads what the server writes, written whole or a byte at a time, with no preface', async () => {
    const whole = tapped();
    await send(whole.tap, [SERVER_STREAM]);
    expect(whole.seen).toEqual(SERVER_SEEN);

    const bytewise = tapped();
    await send(bytewise.tap, cut(SERVER_STREAM, [1]));
    expect(bytewise.seen).toEqual(SERVER_SEEN);

    const headerCut = tapped();
    await send(headerCut.tap, cut(SERVER_STREAM, [4, 9, 30, 2, 7]));
    expect(headerCut.seen).toEqual(SERVER_SEEN);
  });

  it('keeps the two directions apart when they interleave', async () => {
    const { tap, inner, seen } = tapped();
    const incoming = cut(CLIENT_STREAM, [11, 6, 40]);
    const outgoing = cut(SERVER_STREAM, [5, 13]);
    for (let i = 0; i < Math.max(incoming.length, outgoing.length); i++) {
      if (incoming[i]) await receive(inner, [incoming[i]!]);
      if (outgoing[i]) await send(tap, [outgoing[i]!]);
    }
    expect(prefaceJoined(seen.filter(([direction]) => direction === 'in'))).toEqual(CLIENT_SEEN);
    expect(seen.filter(([direction]) => direction === 'out')).toEqual(SERVER_SEEN);
  });
});

describe('H2FrameTap: bytes pass through unchanged', () => {
  it('hands node:http2 exactly what the socket received, and the socket exactly what node:http2 wrote', async () => {
    const { tap, inner, innerWrites, readFromTap } = tapped();
    await receive(inner, cut(CLIENT_STREAM, [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144]));
    await send(tap, cut(SERVER_STREAM, [3, 1, 9, 27]));
    expect(Buffer.concat(readFromTap).equals(CLIENT_STREAM)).toBe(true);
    expect(Buffer.concat(innerWrites).equals(SERVER_STREAM)).toBe(true);
  });

  it('holds the socket while node:http2 reads nothing, and lets every byte through once it reads', async () => {
    const innerWrites: Buffer[] = [];
    const inner = new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        innerWrites.push(chunk);
        callback();
      },
    });
    const seen: Seen[] = [];
    const tap = new H2FrameTap(inner, (...report) => seen.push(report));
    // Well past the tap's read buffer (16 kB), with nobody reading the tap yet.
    const many = Buffer.concat([H2_PREFACE, ...Array.from({ length: 8 }, () => CLIENT_FRAMES[7]!.bytes)]);
    await receive(inner, cut(many, [4096]));
    expect(inner.isPaused()).toBe(true);
    const read: Buffer[] = [];
    tap.on('data', (chunk: Buffer) => read.push(chunk));
    for (let i = 0; i < 100 && Buffer.concat(read).length < many.length; i++) await tick();
    expect(Buffer.concat(read).equals(many)).toBe(true);
    expect(prefaceJoined(seen)).toEqual([
      ['in', -1, 0, 24],
      ...Array.from({ length: 8 }, (): Seen => ['in', 0, 3, 16_393]),
    ]);
  });

  it('passes a corked flush of several buffers on as one write (the _writev path), its frames all reported', async () => {
    const { tap, innerWrites, seen } = tapped();
    const buffers = SERVER_FRAMES.map(({ bytes }) => Buffer.from(bytes));
    tap.cork();
    const flushed = Promise.all(
      buffers.map(
        (buffer) =>
          new Promise<void>((resolve, reject) => {
            tap.write(buffer, (error) => (error ? reject(error) : resolve()));
          }),
      ),
    );
    expect(innerWrites).toHaveLength(0);
    tap.uncork();
    await flushed;
    // One write of everything flushed, so TLS makes one record of it.
    expect(innerWrites).toHaveLength(1);
    expect(innerWrites[0]!.equals(SERVER_STREAM)).toBe(true);
    expect(seen).toEqual(SERVER_SEEN);
  });

  it('ends the socket when node:http2 ends, and ends its read side when the socket does', async () => {
    const { tap, inner } = tapped();
    const socketFinished = new Promise<void>((resolve) => inner.once('finish', resolve));
    const tapEnded = new Promise<void>((resolve) => tap.once('end', resolve));
    inner.push(null);
    tap.end();
    await Promise.all([socketFinished, tapEnded]);
    expect(inner.writableFinished).toBe(true);
    expect(tap.readableEnded).toBe(true);
  });
});
