import { describe, expect, it } from 'vitest';
import { renderProgress } from '../../src/report/progress.js';
import type { PhaseProgress } from '../../src/shared/run-types.js';

function progress(overrides: Partial<PhaseProgress>): PhaseProgress {
  return {
    transport: 'sse',
    stage: 'running',
    clientsReady: 50,
    clients: 50,
    elapsedMs: 0,
    durationMs: 5000,
    delivered: 0,
    expected: 2000,
    ...overrides,
  };
}

function bar(line: string): string {
  const match = /[█░]+/.exec(line);
  if (!match) throw new Error(`no bar in ${line}`);
  return match[0];
}

describe('renderProgress', () => {
  it('renders connecting with no client ready as starting', () => {
    const line = renderProgress(
      progress({ transport: 'poll', stage: 'connecting', clientsReady: 0, clients: 1500 }),
      0,
      4,
    );
    expect(line).toBe('[1/4] Short poll starting 1,500 clients for 5.0s');
    expect(line).not.toContain('\n');
  });

  it('renders connecting with some clients ready as a count', () => {
    const line = renderProgress(
      progress({ transport: 'long-poll', stage: 'connecting', clientsReady: 20, clients: 50 }),
      1,
      4,
    );
    expect(line).toBe('[2/4] Long poll  connecting 20/50 clients');
  });

  it('renders running with a bar, the time and the delivered/expected figures', () => {
    const line = renderProgress(
      progress({
        transport: 'ws',
        stage: 'running',
        elapsedMs: 2500,
        durationMs: 5000,
        delivered: 1234,
        expected: 10_000,
      }),
      3,
      4,
    );
    expect(line.startsWith('[4/4] WebSocket ')).toBe(true);
    expect(bar(line)).toBe(`${'█'.repeat(10)}${'░'.repeat(10)}`);
    expect(line).toContain('2.5s/5.0s');
    expect(line).toContain('1,234/10,000 delivered');
    expect(line).not.toContain('(');
    expect(line).toBe(`[4/4] WebSocket  ${'█'.repeat(10)}${'░'.repeat(10)} 2.5s/5.0s  1,234/10,000 delivered`);
  });

  it('draws an empty bar at the start and a full one at or past the end', () => {
    expect(bar(renderProgress(progress({ elapsedMs: 0 }), 0, 1))).toBe('░'.repeat(20));
    expect(bar(renderProgress(progress({ elapsedMs: 5000 }), 0, 1))).toBe('█'.repeat(20));
    expect(bar(renderProgress(progress({ elapsedMs: 9000 }), 0, 1))).toBe('█'.repeat(20));
  });

  it('keeps the bar 20 cells wide at every point of the phase', () => {
    for (let elapsedMs = 0; elapsedMs <= 6000; elapsedMs += 137) {
      expect(bar(renderProgress(progress({ elapsedMs }), 0, 1))).toHaveLength(20);
    }
  });

  it('names the draining and closing stages after the figures', () => {
    const draining = renderProgress(
      progress({ stage: 'draining', elapsedMs: 5200, delivered: 1999, expected: 2000 }),
      2,
      4,
    );
    expect(draining).toContain('1,999/2,000 delivered');
    expect(draining.endsWith('(draining)')).toBe(true);
    expect(draining.startsWith('[3/4] SSE ')).toBe(true);
    const closing = renderProgress(
      progress({ stage: 'closing', elapsedMs: 5300, delivered: 2000, expected: 2000 }),
      2,
      4,
    );
    expect(closing).toContain('2,000/2,000 delivered');
    expect(closing.endsWith('(closing)')).toBe(true);
  });

  it('renders done with the elapsed time and the delivered/expected figures', () => {
    const line = renderProgress(
      progress({ stage: 'done', elapsedMs: 6140, delivered: 250_000, expected: 250_000 }),
      2,
      4,
    );
    expect(line).toBe('[3/4] SSE        done in 6.1s: 250,000/250,000 delivered');
    // With how long the clients took to connect, when the phase says.
    const slow = renderProgress(
      progress({ stage: 'done', elapsedMs: 6140, delivered: 250_000, expected: 250_000, connectMs: 20_712 }),
      2,
      4,
    );
    expect(slow).toBe('[3/4] SSE        done in 6.1s: 250,000/250,000 delivered (clients connected in 20.7 s)');
    const quick = renderProgress(
      progress({ stage: 'done', elapsedMs: 6140, delivered: 250_000, expected: 250_000, connectMs: 4.25 }),
      2,
      4,
    );
    expect(quick.endsWith('(clients connected in 4.3 ms)')).toBe(true);
  });

  it('shows a shortfall as it is', () => {
    const line = renderProgress(progress({ stage: 'done', elapsedMs: 5000, delivered: 1990, expected: 2000 }), 0, 1);
    expect(line).toContain('1,990/2,000 delivered');
  });

  it('pads every transport label to the same width', () => {
    const transports = ['poll', 'long-poll', 'sse', 'ws'] as const;
    const starts = transports.map((transport) =>
      renderProgress(progress({ transport, stage: 'done', elapsedMs: 1000, delivered: 1, expected: 1 }), 0, 4).indexOf(
        'done',
      ),
    );
    expect(new Set(starts).size).toBe(1);
  });
});
