import { describe, expect, it } from 'vitest';
import { STRETCHES_TITLE, renderStretches, stretchModelMeanMs } from '../../src/report/stretches.js';
import type { Stretch } from '../../src/shared/stretch-types.js';
import type { LatencySummary } from '../../src/shared/result-types.js';

const latency = (mean: number): LatencySummary => ({
  samples: 10,
  min: mean / 2,
  mean,
  p50: mean,
  p90: mean,
  p99: mean,
  p999: mean,
  max: mean * 2,
});

function stretch(startMs: number, endMs: number, rttMs: number, pollIntervalMs: number, pollMean: number): Stretch {
  return {
    startMs,
    endMs,
    conditions: { clients: 5, ratePerSec: 2, pollIntervalMs, rttMs, headers: 'minimal', paused: false },
    lanes: [
      { transport: 'poll', delivered: 40, requests: 50, bytes: 8000, latency: latency(pollMean) },
      { transport: 'ws', delivered: 40, requests: 0, bytes: 4000, latency: latency(rttMs / 2 + 0.5) },
    ],
  };
}

describe('renderStretches', () => {
  it("gives each stretch its conditions, its measured mean and the model's for those conditions", () => {
    const text = renderStretches([stretch(0, 41_000, 0, 1000, 512), stretch(41_000, 70_500, 100, 500, 300)], {
      color: false,
      width: 80,
      longPollTimeoutMs: 30_000,
    });
    const lines = text.split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(text).toContain(STRETCHES_TITLE);
    expect(text).toContain('1  RTT 0 ms · polls every 1s · 2 events/s · minimal headers');
    expect(text).toContain('2  RTT 100 ms · polls every 500ms · 2 events/s · minimal headers');
    expect(text).toContain('1 · 0:00–0:41');
    expect(text).toContain('2 · 0:41–1:10');
    // Short poll: T/2 + RTT/2, for each stretch's own T and RTT: 500, then 300.
    const poll = lines.find((line) => line.includes('Short poll'))!;
    expect(poll).toMatch(/512 \(500\).*300 \(300\)/);
    const ws = lines.find((line) => line.includes('WebSocket'))!;
    expect(ws).toMatch(/0\.5 \(0\).*50\.5 \(50\)/);
    // Bytes per event, counted: 8000 / 40 and 4000 / 40.
    expect(text.slice(text.indexOf('Bytes per event'))).toMatch(/Short poll\s*│\s*200\s*│/);
  });

  it('shows the newest stretches that fit, and says how many are left out', () => {
    const many = Array.from({ length: 7 }, (_, i) => stretch(i * 10_000, (i + 1) * 10_000, i * 50, 1000, 500));
    const text = renderStretches(many, { color: false, width: 80, longPollTimeoutMs: 30_000 });
    expect(text).toContain('7 · 1:00–1:10');
    expect(text).not.toContain('1 · 0:00–0:10');
    expect(text).toContain('3 stretches before these left out');
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('leaves out stretches too brief to read, and says so', () => {
    const text = renderStretches(
      [
        stretch(0, 20_000, 0, 1000, 500),
        stretch(20_000, 21_000, 50, 1000, 500),
        stretch(21_000, 40_000, 100, 1000, 500),
      ],
      { color: false, width: 80, longPollTimeoutMs: 30_000 },
    );
    expect(text).toContain('1 · 0:00–0:20');
    expect(text).not.toContain('2 · 0:20–0:21');
    expect(text).toContain('3 · 0:21–0:40');
    expect(text).toContain('1 stretch shorter than 3 s left out.');
  });

  it('models long poll with the stretch’s own rate and RTT', () => {
    const s = stretch(0, 10_000, 100, 1000, 500);
    // d + (λG²/2)/m with G = RTT = 100 ms, λ = 0.002/ms: m = e^(−0.2) + 0.2.
    const m = Math.exp(-0.2) + 0.2;
    expect(stretchModelMeanMs('long-poll', s, 30_000)).toBeCloseTo(50 + (0.002 * 100 * 100) / 2 / m, 9);
  });
});
