import { describe, expect, it } from 'vitest';
import { renderBaselineTable, renderTable, renderThresholdsTable } from '../../src/report/table.js';
import { ESC, clone, fixture, fixtureChecks, interrupted, stripAnsi, withChecks, section } from './fixture.js';

const RED = '\u001b[31m';
const GREEN = '\u001b[32m';
const BOLD = '\u001b[1m';

function plain(result = withChecks()): string {
  return renderTable(result, { color: false, details: true, width: 100 });
}

/** The trimmed cells of the table row whose first cell starts with `first`. */
function row(block: string, first: string): string[] {
  const line = block.split('\n').find((l) => l.startsWith(`│ ${first} `));
  if (line === undefined) throw new Error(`no row '${first}' in:\n${block}`);
  return line
    .split('│')
    .slice(1, -1)
    .map((cell) => cell.trim());
}

describe('renderTable checks', () => {
  const output = plain();

  it('appends nothing when the result has no checks, or no threshold and no baseline', () => {
    const empty = clone();
    empty.checks = { thresholds: [] };
    expect(plain(empty)).toBe(plain(fixture));
    expect(plain(fixture)).not.toMatch(/^(Thresholds|Baseline)$/m);
  });

  it('keeps the report before the checks unchanged and puts Thresholds, then Baseline, last', () => {
    expect(output.startsWith(plain(fixture).trimEnd())).toBe(true);
    expect(output.indexOf('\n\nThresholds\n')).toBeLessThan(output.indexOf('\n\nBaseline\n'));
  });

  it('lists each threshold with the measured value, the limit, PASS or FAIL and the miss', () => {
    const thresholds = section(output, 'Thresholds');
    expect(row(thresholds, 'threshold')).toEqual([
      'threshold',
      'transport',
      'measured',
      'limit',
      'result',
      'missed by',
    ]);
    expect(row(thresholds, 'ws.latency.p99<5ms')).toEqual([
      'ws.latency.p99<5ms',
      'ws',
      '0.912 ms',
      '< 5.000 ms',
      'PASS',
      '',
    ]);
    expect(row(thresholds, 'poll.latency.p50<1ms')).toEqual([
      'poll.latency.p50<1ms',
      'poll',
      '480.641 ms',
      '< 1.000 ms',
      'FAIL',
      '479.641 ms over',
    ]);
    expect(row(thresholds, 'long-poll.requests.perEvent<0.5').slice(2)).toEqual([
      '0.98',
      '< 0.50',
      'FAIL',
      '0.48 over',
    ]);
    expect(thresholds.split('\n').filter((l) => l.startsWith('│ *.events.lost==0 '))).toHaveLength(2);
    expect(thresholds.endsWith('\n2 of 6 thresholds failed')).toBe(true);
  });

  it('compares with the baseline: file, date, before, after, change, tolerance, verdict, notes', () => {
    const baseline = section(output, 'Baseline');
    expect(baseline.split('\n')[1]).toBe(
      'compared with snapshots/baseline.json, a run started 2025-06-01T08:00:00.000Z',
    );
    expect(row(baseline, 'poll')).toEqual([
      'poll',
      'bytes.perEvent',
      '62.9 B',
      '125.9 B',
      '+100.1%',
      '2%',
      'REGRESSED',
    ]);
    expect(row(baseline, 'ws')).toEqual([
      'ws',
      'latency.p99',
      '0.850 ms',
      '0.912 ms',
      '+7.3%',
      '50% (min 1.000 ms)',
      'ok',
    ]);
    expect(baseline).toMatch(/^note: the baseline ran 50 clients per transport, this run 20/m);
    expect(baseline.trimEnd().endsWith('\n1 of 4 figures regressed')).toBe(true);
  });

  it('says so when the baseline had nothing to compare', () => {
    const result = clone();
    result.checks = {
      thresholds: [],
      baseline: { ...fixtureChecks.baseline!, rows: [], notes: ['no transport in common'] },
    };
    const baseline = section(plain(result), 'Baseline');
    expect(baseline).toContain('no figure to compare');
    expect(baseline).toContain('note: no transport in common');
  });

  it('fits a 100-column terminal, long notes included', () => {
    const result = withChecks();
    result.checks!.baseline!.notes.push(`${'word '.repeat(40)}end`);
    for (const line of plain(result).split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('exports each checks section on its own, the same as inside the report', () => {
    expect(output).toContain(renderThresholdsTable(fixtureChecks.thresholds, { color: false, width: 100 }).trimEnd());
    expect(output).toContain(renderBaselineTable(fixtureChecks.baseline!, { color: false, width: 100 }).trimEnd());
  });
});

describe('renderTable checks colour', () => {
  const coloured = renderTable(withChecks(), { color: true, details: true, width: 100 });

  it('paints FAIL and REGRESSED red, PASS and ok green', () => {
    expect(coloured).toContain(`${RED}FAIL\u001b[39m`);
    expect(coloured).toContain(`${GREEN}PASS\u001b[39m`);
    expect(coloured).toContain(`${RED}REGRESSED\u001b[39m`);
    expect(coloured).toContain(`${GREEN}ok\u001b[39m`);
    expect(coloured).toContain(`${RED}2 of 6 thresholds failed\u001b[39m`);
  });

  it('has the same text once the escapes are stripped, and none with colour off', () => {
    expect(stripAnsi(coloured)).toBe(plain());
    expect(plain()).not.toContain(ESC);
  });
});

describe('renderTable partial runs', () => {
  const output = renderTable(interrupted(), { color: false, details: true, width: 100 });

  it('says in the header that the run was interrupted, and what it cut', () => {
    const header = output.split('\n\n')[0]!.split('\n');
    expect(header[1]).toBe('PARTIAL RESULT: the run was interrupted');
    expect(header[2]).toBe('figures cover only what ran before it stopped (stopped part-way: SSE; not run: WebSocket)');
  });

  it('labels the interrupted transport (partial) in its column head', () => {
    const latency = section(output, 'Latency (publish → receipt, ms)');
    expect(latency.split('\n')[2]).toMatch(/Short poll │\s+Long poll │ SSE \(partial\) │$/);
    expect(output.match(/\(partial\)/g)).toHaveLength(5); // latency, bytes, requests, server cost, at scale
  });

  it('paints the warning red and bold with colour on, and nowhere else', () => {
    const coloured = renderTable(interrupted(), { color: true, details: true, width: 100 });
    expect(coloured).toMatch(new RegExp(`(${RED.replace('[', '\\[')}|${BOLD.replace('[', '\\[')}){2}PARTIAL RESULT`));
    expect(stripAnsi(coloured)).toBe(output);
  });

  it('says nothing about it for a complete run', () => {
    expect(plain(fixture)).not.toContain('PARTIAL');
    expect(plain(fixture)).not.toContain('(partial)');
  });

  it('still fits a 100-column terminal', () => {
    for (const line of output.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });
});
