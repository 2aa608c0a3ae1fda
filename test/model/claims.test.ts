import { describe, expect, it } from 'vitest';
import { claimGroups, frameBytesPerMessage, headersPerPoll, scenarioLine, SOURCES } from '../../src/model/claims.js';
import type { ClaimFigure } from '../../src/shared/reproduce-types.js';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import { clone, transport } from '../report/fixture.js';

import { scenarioOptions } from '../../src/run/reproduce.js';

const optionsOf = (name: Parameters<typeof scenarioOptions>[0]) => scenarioOptions(name, true);
const byClaim = (figures: ClaimFigure[], claim: string): ClaimFigure => {
  const found = figures.find((f) => f.claim === claim);
  if (!found) throw new Error(`no figure '${claim}'`);
  return found;
};

/** The fixture (20 clients, 20 events/s over a 5 s window, poll every 1 s) standing in for the crowd run. */
function crowd(): ComparisonResult {
  const r = clone();
  for (const t of r.transports) t.activeMs = 4000;
  return r;
}

/** The fixture as the transits run: 50 ms each way. */
function transits(): ComparisonResult {
  const r = clone();
  r.options.rttMs = 100;
  transport(r, 'long-poll').latencyMs!.max = 153;
  transport(r, 'sse').latencyMs!.p50 = 51.5;
  transport(r, 'ws').latencyMs!.p50 = 50.5;
  return r;
}

describe('the claims’ arithmetic, from fixture results', () => {
  it('the whitepaper: headers per poll, the crowds’ Mbps of 2^20 bits, the frame, Hickson’s latencies', () => {
    const [group] = claimGroups(['whitepaper'], { crowd: crowd(), transits: transits() }, optionsOf);
    const f = group!.figures;
    // 31,476 header bytes over 122 polls.
    expect(headersPerPoll(transport(crowd(), 'poll'))).toBeCloseTo(31_476 / 122, 9);
    expect(byClaim(f, 'header bytes per poll (request and answer)')).toMatchObject({ published: 871, unit: 'B' });
    expect(byClaim(f, 'header bytes per poll (request and answer)').measured).toBeCloseTo(258.0, 1);
    // Polling: 31,476 B over 20 clients and 4 s is 393.45 B a client a second; × 1,000 × 8 / 2^20.
    const poll1k = byClaim(f, 'polling, 1,000 clients');
    expect(poll1k.published).toBe(6.6);
    expect(poll1k.measured).toBeCloseTo((393.45 * 1000 * 8) / 2 ** 20, 9);
    expect(poll1k.basis).toBe('projected');
    expect(poll1k.ratio).toBeCloseTo(poll1k.measured! / 6.6, 12);
    expect(byClaim(f, 'polling, 100,000 clients').measured).toBeCloseTo((393.45 * 100_000 * 8) / 2 ** 20, 6);
    // WebSocket: 4,000 frame bytes over 2,000 messages is 2 B; 2,000 messages over 20 clients and a 5 s window.
    expect(frameBytesPerMessage(transport(crowd(), 'ws'))).toBe(2);
    const ws10k = byClaim(f, 'WebSocket, 10,000 clients');
    expect(ws10k.published).toBe(0.153);
    expect(ws10k.measured).toBeCloseTo((2 * 20 * 10_000 * 8) / 2 ** 20, 9);
    expect(byClaim(f, 'Hickson: a message’s framing')).toMatchObject({ published: 2, measured: 2, ratio: 1 });
    expect(byClaim(f, 'Hickson: polling’s latency')).toMatchObject({ published: 150, measured: 153, ratio: 1.02 });
    expect(byClaim(f, 'Hickson: WebSocket’s latency')).toMatchObject({ published: 50, measured: 50.5, ratio: 1.01 });
  });

  it('says a crowd measured as it is when the run held that many clients', () => {
    const r = crowd();
    r.options.clients = 1000;
    const [group] = claimGroups(['whitepaper'], { crowd: r }, optionsOf);
    expect(byClaim(group!.figures, 'polling, 1,000 clients').basis).toBe('measured');
    expect(byClaim(group!.figures, 'polling, 10,000 clients').basis).toBe('projected');
    // Without the transits run, Hickson's latencies are missing, never made up.
    expect(byClaim(group!.figures, 'Hickson: polling’s latency')).toMatchObject({ measured: null, ratio: null });
  });

  it('RFC 6202: transits are the latency over the one-way delay', () => {
    const [group] = claimGroups(['rfc6202'], { transits: transits() }, optionsOf);
    expect(byClaim(group!.figures, 'long poll, worst case (network transits)')).toMatchObject({
      published: 3,
      measured: 3.06,
    });
    expect(byClaim(group!.figures, 'streaming (SSE), an event (network transits)').measured).toBeCloseTo(1.03, 12);
  });

  it('HPACK: the share of steady-state header bytes HTTP/2 saved', () => {
    const h1 = clone();
    const h2 = clone();
    // HTTP/1.1: 122 polls of 258 B; HTTP/2: the first of 20 connections 200 B, the 102 later ones 20 B each.
    transport(h1, 'poll').bytes.headersFirst = 20 * (31_476 / 122);
    transport(h1, 'poll').server!.firstExchanges = 20;
    transport(h2, 'poll').bytes.headers = 20 * 200 + 102 * 20;
    transport(h2, 'poll').bytes.headersFirst = 20 * 200;
    transport(h2, 'poll').server!.firstExchanges = 20;
    const [group] = claimGroups(['hpack'], { http1: h1, http2: h2 }, optionsOf);
    const saved = group!.figures[0]!;
    expect(saved.published).toBe(76);
    expect(saved.measured).toBeCloseTo((1 - 20 / (31_476 / 122)) * 100, 9);
  });

  it('cites every source with its title and year, and says what ran as options', () => {
    for (const source of Object.values(SOURCES)) {
      expect(source.title.length).toBeGreaterThan(10);
      expect(source.year).toBeGreaterThan(2000);
    }
    expect(scenarioLine(scenarioOptions('transits', true))).toBe(
      '--transports long-poll,sse,ws --clients 10 --rate 10 --duration 3s --rtt 100ms',
    );
  });
});
