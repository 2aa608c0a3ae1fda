import { describe, expect, it } from 'vitest';
import { NOMINAL_HEADER_BYTES, isNominalHeaderProfile } from '../../src/model/headers.js';
import { MODEL_ASSUMPTIONS } from '../../src/model/reasons.js';
import { detailPrediction, explainPrediction, predict, predictAll } from '../../src/model/transports.js';
import { PvpError } from '../../src/shared/errors.js';
import type { ModelParams } from '../../src/shared/model-types.js';
import { TRANSPORTS } from '../../src/shared/transports.js';

/** T 1 s, RTT 200 ms, λ 2/s, H 300 B, p 100 B, timeout 30 s, a 5 s phase publishing 40 events. */
const BASE: ModelParams = {
  pollIntervalMs: 1000,
  rttMs: 200,
  ratePerSec: 2,
  headerBytesPerPair: 300,
  eventBytes: 100,
  longPollTimeoutMs: 30_000,
  durationMs: 5000,
  eventsPerPhase: 40,
  tlsRecordBytes: 0,
  connectionBytes: 0,
  http2: false,
};

const params = (overrides: Partial<ModelParams> = {}): ModelParams => ({ ...BASE, ...overrides });

describe('short poll', () => {
  it('waits half an interval on average and a whole one at worst, then one way', () => {
    // d = 200/2 = 100; mean = 1000/2 + 100 = 600; max = 1000 + 100 = 1100.
    const p = predict('poll', params());
    expect(p.latencyMeanMs).toBe(600);
    expect(p.latencyMaxMs).toBe(1100);
  });

  it('counts the polls of the whole phase against the events it published', () => {
    // 5000 / 1000 = 5 polls per client for 40 events: 5 / 40 = 0.125 (steady state's 1/(λT) would be 0.5).
    expect(predict('poll', params()).requestsPerEvent).toBeCloseTo(0.125, 12);
  });

  it('adds a header pair and [ ] per poll and one comma per event', () => {
    // 100 + 0.125 × (300 + 2) + 1 = 100 + 37.75 + 1 = 138.75.
    expect(predict('poll', params()).bytesPerEvent).toBeCloseTo(138.75, 12);
  });

  it('expects empty polls only when polls outnumber events', () => {
    // 5 polls, 4 events: 1 − 4/5 = 20% empty; 40 events for 5 polls: none.
    expect(detailPrediction('poll', params({ eventsPerPhase: 4 })).emptyShare).toBeCloseTo(0.2, 12);
    expect(detailPrediction('poll', params()).emptyShare).toBe(0);
  });
});

describe('long poll (RFC 6202 §2.2)', () => {
  // G = RTT = 200 ms = 0.2 s; λG = 2 × 0.2 = 0.4; m = e^−0.4 + 0.4 = 0.670320046 + 0.4 = 1.070320046.
  const m = Math.exp(-0.4) + 0.4;

  it('adds the gap events wait for the next request to one-way transit', () => {
    // λG²/2 = 2 × 0.04 / 2 = 0.04 s = 40 ms; mean = 100 + 40 / 1.070320046 = 100 + 37.371999 = 137.371999 ms.
    const p = predict('long-poll', params());
    expect(p.latencyMeanMs).toBeCloseTo(137.371999, 5);
    expect(detailPrediction('long-poll', params()).eventsPerResponse).toBeCloseTo(1.070320046, 9);
  });

  it('is at worst three one-way trips, 1.5 RTT', () => {
    expect(predict('long-poll', params()).latencyMaxMs).toBe(300);
  });

  it('asks once per answer, plus the request still held when the phase ends', () => {
    // 1/m = 0.934300; no hold expires (500 ms between events, 30 s hold); + 1/40 = 0.959300.
    expect(predict('long-poll', params()).requestsPerEvent).toBeCloseTo(0.9593, 6);
  });

  it('adds a header pair and [ ] per request and m − 1 commas per answer', () => {
    // 100 + 0.9593 × 302 + (1 − 1/m) = 100 + 289.7086 + 0.0657 = 389.774.
    const expected = 100 + (1 / m + 1 / 40) * 302 + (1 - 1 / m);
    expect(predict('long-poll', params()).bytesPerEvent).toBeCloseTo(expected, 9);
    expect(predict('long-poll', params()).bytesPerEvent).toBeCloseTo(389.774, 3);
  });

  it('counts the holds that expire before the next event of a steady schedule', () => {
    // 40 s between events, 10 s hold, RTT 0, 10 events in a 400 s phase: holds expire 10, 20 and
    // 30 s after each event: 3 per event.
    const slow = params({
      ratePerSec: 0.025,
      longPollTimeoutMs: 10_000,
      rttMs: 0,
      durationMs: 400_000,
      eventsPerPhase: 10,
    });
    expect(detailPrediction('long-poll', slow).timeoutsPerEvent).toBe(3);
    // Each expiry also costs the gap: at RTT 5 s they come at 15 and 30 s, and 45 s is past the event.
    expect(detailPrediction('long-poll', { ...slow, rttMs: 5000 }).timeoutsPerEvent).toBe(2);
    // An expiry at the very moment the event comes does not count: 60 s between events, 30 s hold.
    const minute = params({ ratePerSec: 1 / 60, rttMs: 0, durationMs: 600_000, eventsPerPhase: 10 });
    expect(detailPrediction('long-poll', minute).timeoutsPerEvent).toBe(1);
    // 1/m (m = 1 at RTT 0) + 3 empty answers + 1/10 held at the end = 4.1.
    expect(predict('long-poll', slow).requestsPerEvent).toBeCloseTo(4.1, 12);
    expect(detailPrediction('long-poll', slow).emptyShare).toBeCloseTo(3 / 4.1, 12);
  });

  it('expires a hold only inside the phase', () => {
    // 100 s between events but a 5 s phase and a 30 s hold: no hold can expire.
    expect(detailPrediction('long-poll', params({ ratePerSec: 0.01 })).timeoutsPerEvent).toBe(0);
    // 40 s between events, 10 s hold, one event in a 20 s phase: ⌊20 / 10⌋ = 2 expiries, not 3.
    const short = params({
      ratePerSec: 0.025,
      longPollTimeoutMs: 10_000,
      rttMs: 0,
      durationMs: 20_000,
      eventsPerPhase: 1,
    });
    expect(detailPrediction('long-poll', short).timeoutsPerEvent).toBe(2);
  });

  it('needs no expiry when events come faster than the hold', () => {
    expect(detailPrediction('long-poll', params()).timeoutsPerEvent).toBe(0);
  });
});

describe('SSE', () => {
  it('is one-way transit, mean and max', () => {
    const p = predict('sse', params());
    expect(p.latencyMeanMs).toBe(100);
    expect(p.latencyMaxMs).toBe(100);
  });

  it('opens one stream per client per phase', () => {
    expect(predict('sse', params()).requestsPerEvent).toBeCloseTo(1 / 40, 12);
  });

  it('adds the id:/data: lines, the chunk framing and the stream header share', () => {
    // seq 1–9: `id: N\ndata: ` + `\n\n` = 13 + 1 = 14, chunk of 114 B = 0x72: 2 + 4 = 6 → 20 B.
    // seq 10–40 (31 events): 13 + 2 = 15, chunk of 115 B = 0x73: 6 → 21 B.
    // (9 × 20 + 31 × 21) / 40 = 831 / 40 = 20.775; + 300 / 40 = 7.5; + 100 = 128.275.
    expect(predict('sse', params()).bytesPerEvent).toBeCloseTo(128.275, 12);
  });
});

describe('WebSocket', () => {
  it('is one-way transit, mean and max', () => {
    const p = predict('ws', params());
    expect(p.latencyMeanMs).toBe(100);
    expect(p.latencyMaxMs).toBe(100);
  });

  it('makes one handshake per client per phase', () => {
    expect(predict('ws', params()).requestsPerEvent).toBeCloseTo(0.025, 12);
  });

  it('adds a frame header and the handshake share', () => {
    // 100 + 2 (payload < 126) + 300 / 40 = 109.5.
    expect(predict('ws', params()).bytesPerEvent).toBeCloseTo(109.5, 12);
  });

  it('grows the frame header with the 16- and 64-bit length forms', () => {
    const headerOf = (p: number): number =>
      predict('ws', params({ eventBytes: p, headerBytesPerPair: 0 })).bytesPerEvent - p;
    expect(headerOf(125)).toBe(2);
    expect(headerOf(126)).toBe(4);
    expect(headerOf(65_535)).toBe(4);
    expect(headerOf(65_536)).toBe(10);
  });
});

describe('every transport', () => {
  it('predicts latency 0 on bare loopback (RTT 0) for push and long poll: processing is not modelled', () => {
    const zero = params({ rttMs: 0 });
    for (const t of ['long-poll', 'sse', 'ws'] as const) {
      expect(predict(t, zero).latencyMeanMs).toBe(0);
      expect(predict(t, zero).latencyMaxMs).toBe(0);
    }
    // Short poll still waits for its next poll: 500 ms on average, 1000 at worst.
    expect(predict('poll', zero)).toMatchObject({ latencyMeanMs: 500, latencyMaxMs: 1000 });
  });

  it('returns only the four plain numbers of ModelPrediction', () => {
    for (const t of TRANSPORTS) {
      expect(Object.keys(predict(t, params())).sort()).toEqual([
        'bytesPerEvent',
        'latencyMaxMs',
        'latencyMeanMs',
        'requestsPerEvent',
      ]);
    }
  });

  it('has no per-event figure when the phase publishes nothing, rather than a made-up 0', () => {
    for (const t of TRANSPORTS) {
      const p = predict(t, params({ eventsPerPhase: 0 }));
      expect(p.requestsPerEvent).toBeNaN();
      expect(p.bytesPerEvent).toBeNaN();
      expect(Number.isFinite(p.latencyMeanMs)).toBe(true);
    }
  });

  it('rejects parameters no run could have, with the bad-option code', () => {
    const bad: Partial<ModelParams>[] = [
      { pollIntervalMs: 0 },
      { longPollTimeoutMs: 0 },
      { rttMs: -1 },
      { eventBytes: Number.NaN },
    ];
    for (const overrides of bad) {
      expect(() => predict('ws', params(overrides))).toThrow(PvpError);
      expect(() => predict('ws', params(overrides))).toThrow(expect.objectContaining({ code: 'PVP_ERR_BAD_OPTION' }));
    }
  });

  it('predictAll keys each prediction by transport', () => {
    const all = predictAll(['poll', 'ws'], params());
    expect(Object.keys(all)).toEqual(['poll', 'ws']);
    expect(all.poll).toEqual(predict('poll', params()));
    expect(all.ws).toEqual(predict('ws', params()));
  });
});

describe('explainPrediction', () => {
  it('gives a plain reason for the latency, requests and bytes of every transport', () => {
    for (const t of TRANSPORTS) {
      const why = explainPrediction(t, params());
      for (const reason of [why.latency, why.requests, why.bytes]) {
        expect(reason.length).toBeGreaterThan(20);
        expect(reason).not.toMatch(/NaN|undefined|Infinity/);
      }
    }
  });

  it("puts this run's figures in the sentences", () => {
    const poll = explainPrediction('poll', params());
    expect(poll.latency).toContain('500 ms');
    expect(poll.latency).toContain('100 ms');
    expect(poll.requests).toContain('5 polls');
    expect(poll.bytes).toContain('300 B');
    expect(explainPrediction('long-poll', params()).latency).toContain('300 ms');
    const slow = params({ ratePerSec: 0.025, longPollTimeoutMs: 10_000, durationMs: 400_000, eventsPerPhase: 10 });
    expect(explainPrediction('long-poll', slow).requests).toMatch(/3 holds per event expire/);
    expect(explainPrediction('long-poll', params({ ratePerSec: 0.01 })).requests).toContain(
      'no hold expires inside the 5,000 ms phase',
    );
    // Figures below a hundredth keep two significant digits instead of reading 0.
    expect(explainPrediction('ws', params({ eventsPerPhase: 4_444_200 })).bytes).toContain('0.000068 B per event');
    expect(explainPrediction('ws', params()).bytes).toContain('2 B');
    expect(explainPrediction('sse', params()).bytes).toContain('7.5 B per event');
  });

  it('states what the model leaves out', () => {
    expect(MODEL_ASSUMPTIONS.join(' ')).toMatch(/processing time is ignored/);
  });
});

describe('NOMINAL_HEADER_BYTES', () => {
  it("uses Lubbers & Greco's 871 B for a browser and the undici + node:http pair for minimal", () => {
    expect(NOMINAL_HEADER_BYTES.browser).toBe(871);
    // 78 B request (`GET /poll?since=12`, host, connection) + 182 B response (see headers.ts).
    expect(NOMINAL_HEADER_BYTES.minimal).toBe(260);
    expect(isNominalHeaderProfile('browser')).toBe(true);
    expect(isNominalHeaderProfile('headers.txt')).toBe(false);
    expect(isNominalHeaderProfile('toString')).toBe(false);
  });
});
