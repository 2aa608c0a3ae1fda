import { describe, expect, it } from 'vitest';
import {
  escapeMarkdown,
  renderBaselineMarkdown,
  renderMarkdown,
  renderThresholdsMarkdown,
} from '../../src/report/markdown.js';
import { ESC, clone, fixture, fixtureChecks, interrupted, transport, withChecks } from './fixture.js';

const HEADINGS = {
  latency: '### Latency (publish → receipt, ms)',
  bytes: '### Bytes (counted at the TCP sockets)',
  requests: '### Requests & delivery',
  chart: '### HTTP vs WebSocket, checked by this run',
  thresholds: '### Thresholds',
  baseline: '### Baseline',
};

/** The text under one heading, up to the next heading of any level. */
function section(output: string, heading: string): string {
  const start = output.indexOf(`${heading}\n`);
  if (start === -1) throw new Error(`no '${heading}' in:\n${output}`);
  const rest = output.slice(start + heading.length + 1);
  const next = rest.search(/^#{1,6} /m);
  return next === -1 ? rest : rest.slice(0, next);
}

/** The cells of a pipe-table line, split at unescaped pipes. */
function cells(line: string): string[] {
  return line
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((cell) => cell.trim());
}

/** The cells after the first of the table row whose first cell is `label`. */
function row(block: string, label: string): string[] {
  const line = block.split('\n').find((l) => l.startsWith(`| ${label} |`));
  if (line === undefined) throw new Error(`no row '${label}' in:\n${block}`);
  return cells(line).slice(1);
}

/** Every pipe-table line of a block has as many cells as its head: no stray pipe split a cell. */
function expectWellFormedTables(output: string): void {
  for (const table of output.split('\n\n').filter((b) => b.startsWith('| '))) {
    const lines = table.split('\n');
    const width = cells(lines[0]!).length;
    for (const line of lines) expect(cells(line), line).toHaveLength(width);
  }
}

describe('renderMarkdown with the fixture', () => {
  const output = renderMarkdown(fixture);

  it('has a heading per section, under the run title', () => {
    expect(output.startsWith('## poll-vs-push 0.1.0 · 2025-06-02T09:14:07.512Z\n')).toBe(true);
    for (const heading of [HEADINGS.latency, HEADINGS.bytes, HEADINGS.requests, HEADINGS.chart]) {
      expect(output).toMatch(new RegExp(`^${heading.replace(/[()&]/g, '\\$&')}$`, 'm'));
    }
  });

  it('has no checks sections when the result carries no checks', () => {
    expect(output).not.toContain(HEADINGS.thresholds);
    expect(output).not.toContain(HEADINGS.baseline);
  });

  it('states the run parameters and environment', () => {
    for (const text of [
      '20 clients',
      '20 events/s',
      '64 B payload',
      'poll every 1s',
      'seed 42',
      'node v20.20.2',
      '4 cpus (AMD EPYC 7B13)',
    ]) {
      expect(output).toContain(text);
    }
  });

  it('renders pipe tables with one right-aligned column per transport', () => {
    const lines = section(output, HEADINGS.latency).trim().split('\n');
    expect(lines[0]).toBe('|  | Short poll | Long poll | SSE | WebSocket |');
    expect(lines[1]).toBe('| --- | ---: | ---: | ---: | ---: |');
    expectWellFormedTables(output);
  });

  it('prints the figures of the fixture', () => {
    expect(row(section(output, HEADINGS.latency), 'p50')).toEqual(['480.641', '0.934', '0.247', '0.204']);
    expect(row(section(output, HEADINGS.latency), 'max')[0]).toBe('1,001.204');
    const bytes = section(output, HEADINGS.bytes);
    expect(row(bytes, 'total wire')[1]).toBe('847,640 B');
    expect(row(bytes, 'overhead share')).toEqual(['15.1%', '74.8%', '15.5%', '5.1%']);
    const requests = section(output, HEADINGS.requests);
    expect(row(requests, 'HTTP requests')).toEqual(['122', '1,968', '20', '0']);
    expect(row(requests, 'delivered / expected')[3]).toBe('2,000 / 2,000');
    expect(row(requests, 'errors')).toEqual(['none', 'none', 'none', 'none']);
  });

  it('lists the byte agreement under the bytes table', () => {
    const bytes = section(output, HEADINGS.bytes);
    for (const label of ['Short poll', 'Long poll', 'SSE', 'WebSocket']) expect(bytes).toContain(`- ${label}: agree`);
  });

  it('renders the chart as a table, with <br> between the lines of a cell', () => {
    const chart = section(output, HEADINGS.chart);
    expect(chart).toContain('| --- | --- | --- |');
    const mode = row(chart, 'communication mode');
    expect(mode[0]).toBe('request–response: 122 requests for 2,000 deliveries<br>long poll: 1,968 requests for 2,000');
    expect(mode[1]).toBe('two-way, long-lived: 0 HTTP requests after 20 handshakes, 2,000 deliveries');
    expect(row(chart, 'real-time capability')[1]).toBe('strong (the server pushes): median 0.204 ms, p99 0.912 ms');
    expect(chart).toContain('overhead = client wire bytes − event JSON bytes');
  });

  it('carries no ANSI escape and no non-breaking space, and ends with one newline', () => {
    expect(output).not.toContain(ESC);
    expect(output).not.toContain('\u00a0');
    expect(output.endsWith('\n')).toBe(true);
    expect(output.endsWith('\n\n')).toBe(false);
  });

  it('does not change the result it renders', () => {
    const result = withChecks();
    const before = structuredClone(result);
    renderMarkdown(result);
    expect(result).toEqual(before);
  });
});

describe('renderMarkdown variants', () => {
  it('escapes pipes and markup in cells so no table breaks', () => {
    const result = withChecks();
    result.environment.cpuModel = 'Fast | Cheap <b>';
    transport(result, 'poll').errors = { 'E|PIPE': 2 };
    result.checks!.baseline!.notes = ['a | b'];
    const output = renderMarkdown(result);
    expect(output).toContain('4 cpus (Fast \\| Cheap \\<b\\>)');
    expect(row(section(output, HEADINGS.requests), 'errors')[0]).toBe('**E\\|PIPE×2**');
    expect(output).toContain('- a \\| b');
    expectWellFormedTables(output);
  });

  it('marks trouble in bold: lost, duplicates, errors, a byte mismatch', () => {
    const result = clone();
    transport(result, 'ws').events.lost = 7;
    transport(result, 'sse').events.duplicates = 4;
    transport(result, 'poll').errors = { ECONNRESET: 2, 'server:EPIPE': 1 };
    transport(result, 'sse').bytes.serverReceived! -= 45;
    const output = renderMarkdown(result);
    const requests = section(output, HEADINGS.requests);
    expect(row(requests, 'lost')).toEqual(['0', '0', '0', '**7**']);
    expect(row(requests, 'duplicates')[2]).toBe('**4**');
    expect(row(requests, 'errors')[0]).toBe('**ECONNRESET×2**<br>**server:EPIPE×1**');
    expect(section(output, HEADINGS.bytes)).toContain(
      '- SSE: **MISMATCH**: server received 1,835 B vs client sent 1,880 B (difference -45 B); ' +
        'server sent = client received (251,300 B)',
    );
    expect(output).not.toContain(ESC);
  });

  it('renders a dash where nothing was delivered, and "not run" for a missing side of the chart', () => {
    const result = clone();
    transport(result, 'sse').latencyMs = null;
    result.transports = result.transports.filter((t) => t.transport !== 'ws');
    const output = renderMarkdown(result);
    expect(row(section(output, HEADINGS.latency), 'p50')).toEqual(['480.641', '0.934', '–']);
    expect(row(section(output, HEADINGS.chart), 'fits')[1]).toBe('not run (add --transports ws)');
    expect(output).not.toMatch(/NaN|Infinity/);
  });

  it('says so when no transport ran', () => {
    const result = clone();
    result.transports = [];
    expect(section(renderMarkdown(result), HEADINGS.latency).trim()).toBe('no transport ran');
  });

  it('puts the title at the heading level asked for, and sections one deeper', () => {
    const output = renderMarkdown(fixture, { headingLevel: 1 });
    expect(output.startsWith('# poll-vs-push 0.1.0')).toBe(true);
    expect(output).toContain('\n## Latency (publish → receipt, ms)\n');
  });
});

describe('renderMarkdown partial runs', () => {
  const output = renderMarkdown(interrupted());

  it('warns in a blockquote under the title', () => {
    expect(output).toContain('> **PARTIAL RESULT: the run was interrupted**');
    expect(output).toMatch(/^> .*stopped part-way: SSE; not run: WebSocket/m);
  });

  it('labels the interrupted transport (partial) in its column head', () => {
    expect(section(output, HEADINGS.latency)).toContain('|  | Short poll | Long poll | SSE (partial) |');
  });

  it('has no warning when the run completed', () => {
    expect(renderMarkdown(fixture)).not.toContain('PARTIAL');
    expect(renderMarkdown(fixture)).not.toContain('(partial)');
  });
});

describe('renderMarkdown checks', () => {
  const output = renderMarkdown(withChecks());

  it('opens with the verdict, then Thresholds and Baseline, before the tables and the chart', () => {
    const verdict = output.indexOf('### Verdict');
    expect(verdict).toBeGreaterThan(0);
    expect(output.indexOf(HEADINGS.thresholds)).toBeGreaterThan(verdict);
    expect(output.indexOf(HEADINGS.baseline)).toBeGreaterThan(output.indexOf(HEADINGS.thresholds));
    expect(output.indexOf(HEADINGS.chart)).toBeGreaterThan(output.indexOf(HEADINGS.baseline));
    expectWellFormedTables(output);
  });

  it('renders passing and failing thresholds with the measured value, the limit and the miss', () => {
    const thresholds = section(output, HEADINGS.thresholds);
    expect(thresholds).toContain('**2 of 6 thresholds failed**');
    expect(thresholds).toContain('| threshold | transport | measured | limit | result | missed by |');
    expect(thresholds).toContain('| --- | --- | ---: | ---: | --- | ---: |');
    expect(row(thresholds, 'ws.latency.p99\\<5ms')).toEqual(['ws', '0.912 ms', '\\< 5.000 ms', 'PASS', '']);
    expect(row(thresholds, 'poll.latency.p50\\<1ms')).toEqual([
      'poll',
      '480.641 ms',
      '\\< 1.000 ms',
      '**FAIL**',
      '479.641 ms over',
    ]);
    expect(row(thresholds, 'poll.bytes.perEvent\\<=1kb')).toEqual(['poll', '125.9 B', '\\<= 1,024 B', 'PASS', '']);
    expect(thresholds).toContain('| \\*.events.lost==0 | ws | 0 | == 0 | PASS |  |');
  });

  it('renders the baseline comparison with its file, date, rows and notes', () => {
    const baseline = section(output, HEADINGS.baseline);
    expect(baseline).toContain('compared with snapshots/baseline.json, a run started 2025-06-01T08:00:00.000Z');
    expect(baseline).toContain('**1 of 4 figures regressed**');
    expect(row(baseline, 'poll')).toEqual(['bytes.perEvent', '62.9 B', '125.9 B', '+100.1%', '2%', '**REGRESSED**']);
    expect(row(baseline, 'ws')).toEqual(['latency.p99', '0.850 ms', '0.912 ms', '+7.3%', '50% (min 1.000 ms)', 'ok']);
    expect(row(baseline, 'sse')).toEqual(['events.lost', '0', '0', '–', '0%', 'ok']);
    expect(baseline).toContain('- the baseline ran 50 clients per transport');
  });

  it('shows only the sections the checks hold', () => {
    const onlyBaseline = clone();
    onlyBaseline.checks = { thresholds: [], baseline: structuredClone(fixtureChecks.baseline)! };
    expect(renderMarkdown(onlyBaseline)).not.toContain(HEADINGS.thresholds);
    expect(renderMarkdown(onlyBaseline)).toContain(HEADINGS.baseline);
    const onlyThresholds = clone();
    onlyThresholds.checks = { thresholds: structuredClone(fixtureChecks.thresholds) };
    expect(renderMarkdown(onlyThresholds)).toContain(HEADINGS.thresholds);
    expect(renderMarkdown(onlyThresholds)).not.toContain(HEADINGS.baseline);
  });

  it('exports each checks section on its own, the same as inside the report', () => {
    const thresholds = renderThresholdsMarkdown(fixtureChecks.thresholds);
    expect(thresholds.startsWith(`${HEADINGS.thresholds}\n`)).toBe(true);
    expect(output).toContain(thresholds.trimEnd());
    expect(output).toContain(renderBaselineMarkdown(fixtureChecks.baseline!).trimEnd());
  });

  it('says all passed without bold when nothing failed', () => {
    const passing = fixtureChecks.thresholds.filter((t) => t.passed);
    const thresholds = renderThresholdsMarkdown(passing);
    expect(thresholds).toContain('\nall 4 thresholds passed\n');
    expect(thresholds).not.toContain('**');
  });
});

describe('escapeMarkdown', () => {
  it('escapes table and inline markup but leaves words and underscores inside them alone', () => {
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
    expect(escapeMarkdown('*.events.lost<1')).toBe('\\*.events.lost\\<1');
    expect(escapeMarkdown('ERR_SOCKET_CLOSED')).toBe('ERR_SOCKET_CLOSED');
    expect(escapeMarkdown('_x_ `y` [z]')).toBe('\\_x\\_ \\`y\\` \\[z\\]');
    expect(escapeMarkdown('p50\u00a00.2\u00a0ms')).toBe('p50 0.2 ms');
  });
});
