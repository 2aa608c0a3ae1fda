import { describe, expect, it } from 'vitest';
import { BASELINE_METRICS, compareWithBaseline } from '../../src/checks/baseline.js';
import { clone, transport } from '../fixtures/index.js';

describe('compareWithBaseline', () => {
  it('passes an identical run, with one row per transport and metric', () => {
    const comparison = compareWithBaseline(clone(), clone(), 'baseline.json');
    expect(comparison.rows).toHaveLength(4 * Object.keys(BASELINE_METRICS).length);
    expect(comparison.rows.filter((row) => row.regressed)).toEqual([]);
    expect(comparison.notes).toEqual([]);
    expect(comparison.file).toBe('baseline.json');
  });

  it('flags bytes per event that doubled against a baseline claiming half', () => {
    const baseline = clone();
    const current = clone();
    const poll = transport(baseline, 'poll');
    poll.bytes.perEvent = poll.bytes.perEvent! / 2;
    const regressed = compareWithBaseline(baseline, current, 'b.json').rows.filter((row) => row.regressed);
    expect(regressed).toHaveLength(1);
    expect(regressed[0]).toMatchObject({ transport: 'poll', metric: 'bytes.perEvent', tolerance: 0.05 });
    expect(regressed[0]!.change).toBeCloseTo(1, 12);
  });

  it('keeps latency tolerances loose: +80%, a p50 rise under 5 ms or a p99 one under 25 ms is noise', () => {
    const baseline = clone();
    const current = clone();
    transport(baseline, 'ws').latencyMs!.p99 = 2;
    transport(current, 'ws').latencyMs!.p99 = 6.9;
    transport(baseline, 'poll').latencyMs!.p50 = 100;
    transport(current, 'poll').latencyMs!.p50 = 180;
    // +150% and +15 ms of p99: a short run's slowest deliveries on a shared machine, not a regression.
    transport(baseline, 'long-poll').latencyMs!.p99 = 10;
    transport(current, 'long-poll').latencyMs!.p99 = 25;
    // +150% and +30 ms is one.
    transport(baseline, 'sse').latencyMs!.p99 = 20;
    transport(current, 'sse').latencyMs!.p99 = 50;
    const regressed = compareWithBaseline(baseline, current, 'b.json').rows.filter((row) => row.regressed);
    expect(regressed.map((row) => `${row.transport} ${row.metric}`)).toEqual(['sse latency.p99']);
  });

  it('counts any new loss or fault, and --max-regression replaces the relative tolerances', () => {
    const baseline = clone();
    const current = clone();
    transport(current, 'ws').events.lost = 1;
    transport(current, 'sse').errors = { ECONNRESET: 2 };
    const rows = compareWithBaseline(baseline, current, 'b.json').rows.filter((row) => row.regressed);
    expect(rows.map((row) => `${row.transport} ${row.metric}`)).toEqual(['sse errors.total', 'ws events.lost']);
    const strict = clone();
    transport(strict, 'long-poll').requests.perEvent = transport(strict, 'long-poll').requests.perEvent! * 1.03;
    expect(compareWithBaseline(baseline, strict, 'b.json').rows.some((row) => row.regressed)).toBe(false);
    const tight = compareWithBaseline(baseline, strict, 'b.json', 0.01).rows.filter((row) => row.regressed);
    expect(tight.map((row) => `${row.transport} ${row.metric} ${row.tolerance}`)).toEqual([
      'long-poll requests.perEvent 0.01',
    ]);
  });

  it('notes options that differ and transports only one side ran', () => {
    const baseline = clone();
    const current = clone();
    current.options.clients = 7;
    baseline.transports = baseline.transports.filter((t) => t.transport !== 'sse');
    current.transports = current.transports.filter((t) => t.transport !== 'ws');
    const { notes, rows } = compareWithBaseline(baseline, current, 'b.json');
    expect(notes).toEqual([
      `--clients differs (baseline ${baseline.options.clients}, this run 7): figures may not be comparable`,
      'the baseline has no sse figures',
      'this run has no ws figures to compare with the baseline',
    ]);
    expect(new Set(rows.map((row) => row.transport))).toEqual(new Set(['poll', 'long-poll']));
  });

  it('treats a figure that vanished as a regression', () => {
    const baseline = clone();
    const current = clone();
    transport(current, 'ws').latencyMs = null;
    const regressed = compareWithBaseline(baseline, current, 'b.json').rows.filter((row) => row.regressed);
    expect(regressed.map((row) => row.metric)).toEqual(['latency.p50', 'latency.p99']);
  });
});
