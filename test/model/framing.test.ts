import { describe, expect, it } from 'vitest';
import { decimalDigits, hexDigits, sseFramingBytesPerEvent, wsFrameHeaderBytes } from '../../src/model/framing.js';

describe('wsFrameHeaderBytes', () => {
  it('switches to the 16-bit length at 126 B and to the 64-bit length at 65,536 B', () => {
    expect(wsFrameHeaderBytes(0)).toBe(2);
    expect(wsFrameHeaderBytes(125)).toBe(2);
    expect(wsFrameHeaderBytes(126)).toBe(4);
    expect(wsFrameHeaderBytes(65_535)).toBe(4);
    expect(wsFrameHeaderBytes(65_536)).toBe(10);
  });
});

describe('digits', () => {
  it('counts decimal and hex digits', () => {
    expect([decimalDigits(0), decimalDigits(9), decimalDigits(10), decimalDigits(1000)]).toEqual([1, 1, 2, 4]);
    expect([hexDigits(15), hexDigits(16), hexDigits(255), hexDigits(256)]).toEqual([1, 2, 2, 3]);
  });
});

describe('sseFramingBytesPerEvent', () => {
  it('is the message fields plus the chunk framing, exactly as the server writes one event', () => {
    // `id: 1\ndata: ` + json + `\n\n` → 14 B around the JSON; the 114 B chunk's size line `72\r\n` + `\r\n` → 6 B.
    const json = 'x'.repeat(100);
    const message = `id: 1\ndata: ${json}\n\n`;
    const chunk = `${message.length.toString(16)}\r\n${message}\r\n`;
    expect(sseFramingBytesPerEvent(100, 1)).toBe(chunk.length - json.length);
    expect(sseFramingBytesPerEvent(100, 1)).toBe(20);
  });

  it('averages the digits of every seq in the phase', () => {
    // 9 events at 20 B, 90 at 21 B, 1 at 22 B (seq 100; a 116 B chunk still has 2 hex digits).
    expect(sseFramingBytesPerEvent(100, 100)).toBeCloseTo((9 * 20 + 90 * 21 + 22) / 100, 12);
  });

  it('grows by a byte when the chunk size needs a third hex digit', () => {
    // 241 + 14 = 255 = 0xff; 242 + 14 = 256 = 0x100.
    expect(sseFramingBytesPerEvent(241, 1)).toBe(20);
    expect(sseFramingBytesPerEvent(242, 1)).toBe(21);
  });

  it('has no figure when nothing is published', () => {
    expect(sseFramingBytesPerEvent(100, 0)).toBeNaN();
  });
});
