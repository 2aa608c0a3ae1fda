import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/report/table.js';
import { buildVerdict } from '../../src/report/verdict.js';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import { clone, fixture, interrupted, section, transport } from './fixture.js';

/** The verdict as one line of plain text (its figures are glued to their units with NBSP). */
const said = (result: ComparisonResult): string[] => buildVerdict(result).map((s) => s.replaceAll('\u00a0', ' '));

describe('the verdict', () => {
  it('names the transport that delivered soonest and how many times longer the others took', () => {
    const [soonest] = said(fixture);
    // p50s of the fixture: WebSocket 0.204 ms, SSE 0.247, long poll 0.934, short poll 480.641.
    expect(soonest).toBe(
      'WebSocket delivered soonest (median 0.204 ms); SSE 0.247 ms (1.2× longer), Long poll 0.934 ms (4.6× longer), ' +
        'Short poll 481 ms (2,356× longer).',
    );
  });

  it('says what each paid per event, cheapest first, to three significant digits', () => {
    expect(said(fixture)[1]).toBe(
      'Per event: WebSocket 113 B and 0.01 requests; Short poll 126 B, 0.061; SSE 127 B, 0.01; Long poll 424 B, 0.984.',
    );
  });

  it('says everything was delivered, or names the loss, the faults and a machine that could not keep up', () => {
    expect(said(fixture)[2]).toBe('Every transport delivered every event (2,000 each), with no faults.');
    const troubled = clone();
    const sse = transport(troubled, 'sse');
    sse.events.delivered -= 20;
    sse.events.lost = 20;
    sse.errors = { STREAM_ENDED: 2 };
    const poll = transport(troubled, 'poll');
    poll.requests.http = Math.round(poll.requests.http / 2);
    const trouble = said(troubled)[2]!;
    expect(trouble).toMatch(/^Watch out: /);
    expect(trouble).toContain('SSE lost 20 of 2,000 events (1.0%)');
    expect(trouble).toContain('SSE saw faults (STREAM_ENDED×2)');
    expect(trouble).toMatch(/Short poll's clients carried only \d+(\.\d)?% of the polls they offered/);
    expect(said(interrupted())[2]).toMatch(/^The run was interrupted/);
  });

  it('gives the rate where polling would cost fewer bytes than the cheapest push, from the measured costs', () => {
    const crossover = said(fixture)[3]!;
    const poll = transport(fixture, 'poll');
    const ws = transport(fixture, 'ws');
    const perPoll = (poll.bytes.clientSent + poll.bytes.clientReceived - poll.bytes.payload) / poll.requests.http;
    const wsOverhead = (ws.bytes.clientSent + ws.bytes.clientReceived - ws.bytes.payload) / ws.events.delivered;
    const rate = perPoll / wsOverhead; // one poll a second
    expect(rate).toBeGreaterThan(fixture.options.ratePerSec);
    expect(crossover).toContain(`Above ${Number(rate.toPrecision(3))} events/s, polling every 1 s would cost fewer`);
    expect(crossover).toContain('than WebSocket');
    // At a rate past the crossover, the sentence turns round.
    const fast = clone();
    fast.options.ratePerSec = Math.ceil(rate * 2);
    expect(said(fast)[3]).toMatch(/^At this rate polling every 1 s sent fewer bytes than WebSocket/);
  });

  it('leads the terminal view, and is written into no result that did not ask for one', () => {
    expect(renderTable(fixture, { color: false }).split('\n\n')[1]).toMatch(/^Verdict\nWebSocket delivered soonest/);
    expect(fixture.verdict).toBeUndefined();
  });
});

describe('the terminal view at any width', () => {
  const widest = (text: string): number => Math.max(...text.split('\n').map((line) => line.length));

  for (const width of [60, 80, 120]) {
    it(`keeps every line of the compact view and of --details within ${width} columns`, () => {
      const compact = renderTable(fixture, { color: false, width });
      const details = renderTable(fixture, { color: false, width, details: true });
      expect(widest(compact)).toBeLessThanOrEqual(width);
      expect(widest(details)).toBeLessThanOrEqual(width);
      // Every transport is still in every table: split into blocks, never dropped.
      const latency = section(details, 'Latency (publish → receipt, ms)');
      for (const label of ['Short poll', 'Long poll', 'SSE', 'WebSocket']) expect(latency).toContain(` ${label} │`);
    });
  }

  it('is compact by default: at most 45 lines with text, the verdict, the essentials and the chart', () => {
    const compact = renderTable(fixture, { color: false });
    expect(compact.split('\n').filter((line) => line.trim() !== '').length).toBeLessThanOrEqual(45);
    expect(compact).toContain('At a glance');
    expect(compact).toContain('HTTP vs WebSocket, checked by this run');
    expect(compact).not.toContain('Latency (publish → receipt, ms)');
    expect(compact).toContain('every table: --details');
  });

  it('leaves out rows that say nothing in the full tables', () => {
    const details = renderTable(fixture, { color: false, details: true });
    // The fixture ran without a model: no model row is printed as a row of dashes.
    expect(details).not.toMatch(/│ model mean +│ +– +│ +– +│/);
  });
});
