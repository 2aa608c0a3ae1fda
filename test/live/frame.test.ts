import { describe, expect, it } from 'vitest';
import { KEYS_HINT, renderFrame } from '../../src/live/frame.js';
import type { LaneState, LiveState } from '../../src/live/state.js';
import { TRANSPORTS, TRANSPORT_LABELS } from '../../src/shared/transports.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes start with ESC
const strip = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

function lane(index: number): LaneState {
  const transport = TRANSPORTS[index]!;
  return {
    transport,
    label: TRANSPORT_LABELS[transport],
    arrivalsAgoMs: [100, 2600, 5100, 7600],
    window: { requests: 10 + index, empty: index, deliveries: 20, bytes: 2400, latency: { mean: 2.5, max: 7.75 } },
    total: {
      requests: 40 + index,
      empty: 2,
      delivered: 95,
      bytes: 12_000,
      payload: 9_500,
      p50: 1.5 * (index + 1),
      p99: 9.25,
    },
    lastSecond: { p50: 1.25, p99: 3.5 },
    trend: [1, 2, null, 4, 8, 2],
  };
}

const state: LiveState = {
  elapsedMs: 42_500,
  conditions: { clients: 5, ratePerSec: 2, pollIntervalMs: 1000, rttMs: 150, headers: 'minimal', paused: false },
  eventsSeen: 20,
  publishedAgoMs: [0, 2500, 5000, 7500],
  lanes: TRANSPORTS.map((_t, i) => lane(i)),
  showHelp: false,
  message: 'RTT 150 ms: push latency follows within a few seconds',
};

describe('renderFrame', () => {
  it('fills exactly the terminal at 80×24, every line within 80 columns, the keys on the last line', () => {
    const lines = renderFrame(state, { width: 80, height: 24, color: false }).split('\n');
    expect(lines).toHaveLength(24);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines.at(-1)).toBe(KEYS_HINT.slice(0, 80));
    expect(lines[0]).toContain('RTT 150 ms');
    expect(lines[1]).toBe(state.message);
    // Every column of the counters fits: nothing is cut at the right edge.
    expect(
      lines
        .find((line) => line.startsWith('since start'))!
        .trimEnd()
        .endsWith('p99 ms'),
    ).toBe(true);
    expect(lines.find((line) => line.startsWith('Socket.IO') && line.endsWith('9.25'))).toBeDefined();
    for (const t of TRANSPORTS) expect(lines.some((line) => line.startsWith(TRANSPORT_LABELS[t]))).toBe(true);
  });

  it('draws each arrival on the shared time axis, newest at the right', () => {
    const lines = renderFrame(state, { width: 80, height: 24, color: false }).split('\n');
    const sse = lines.find((line) => line.startsWith('SSE'))!;
    const span = 80 - 12;
    // 100 ms ago lands in the last column; 7.6 s ago about three quarters of the way back.
    expect(sse.slice(12)).toHaveLength(span);
    expect(sse.at(-1)).toBe('●');
    expect(sse.slice(12).split('●')).toHaveLength(5);
  });

  it('shows the counters since the start, and on a taller terminal the window and the trend too', () => {
    const small = renderFrame(state, { width: 80, height: 24, color: false });
    expect(small).toContain('since start');
    expect(small).toContain('95/100');
    expect(small).not.toContain('one point a second');
    const tall = renderFrame(state, { width: 140, height: 40, color: false });
    expect(tall).toContain('last 10 s     requests');
    // The window's latency: its mean and its worst, over the same 10 s as its counters.
    expect(tall).toMatch(/mean ms\s+max ms/);
    expect(tall).toMatch(/^Short poll\s.*\s2\.50\s+7\.75$/m);
    expect(tall).toContain('p50 latency, one point a second');
    expect(tall.split('\n').every((line) => line.length <= 140)).toBe(true);
  });

  it('says the same with colour on and off, only with colour codes added', () => {
    const plain = renderFrame(state, { width: 100, height: 30, color: false });
    const colored = renderFrame(state, { width: 100, height: 30, color: true });
    expect(colored).toContain('\u001b[');
    expect(plain).not.toContain('\u001b[');
    expect(strip(colored)).toBe(plain);
  });

  it('puts the help in place of the tables, and marks a pause', () => {
    const help = renderFrame(
      { ...state, showHelp: true, conditions: { ...state.conditions, paused: true } },
      { width: 100, height: 30, color: false },
    );
    expect(help).toContain('What to watch, and what to press');
    expect(help).not.toContain('since start');
    expect(help.split('\n')[0]).toContain('(PAUSED)');
  });
});

describe('renderFrame for a class', () => {
  it("keeps 'q quit' and '? help' on the key line of an 80×24 terminal", () => {
    const last = renderFrame(state, { width: 80, height: 24, color: false }).split('\n').at(-1)!;
    expect(last.startsWith('q quit  ? help')).toBe(true);
  });

  it('draws the trend of every lane on one scale: 480 ms is a full bar, 4 ms a low one', () => {
    const slow = { ...lane(0), trend: [480, 480, 480], lastSecond: { p50: 480, p99: 900 } };
    const fast = { ...lane(2), trend: [4, 4, 4], lastSecond: { p50: 4, p99: 9 } };
    const frame = renderFrame({ ...state, lanes: [slow, fast] }, { width: 140, height: 40, color: false });
    const bars = (label: string) => frame.split('\n').find((line) => line.startsWith(label) && line.includes(' ms'))!;
    expect(bars(slow.label)).toContain('███');
    expect(bars(fast.label)).not.toContain('█');
    expect(frame).toContain('one log scale for every lane, full bar 480.0 ms');
  });
});
