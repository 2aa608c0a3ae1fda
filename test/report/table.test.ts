import { ESC, clone, fixture, row, section, stripAnsi, transport } from './fixture.js';
import { describe, expect, it } from 'vitest';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import { renderTable } from '../../src/report/table.js';

const TITLES = {
  latency: 'Latency (publish → receipt, ms)',
  bytes: 'Bytes (counted at the TCP sockets)',
  requests: 'Requests & delivery',
  chart: 'HTTP vs WebSocket, checked by this run',
};

function plain(result: ComparisonResult): string {
  return renderTable(result, { color: false, details: true, width: 100 });
}

/** One chart column as running text: wrapped cell lines joined with spaces. */
function chartColumn(output: string, column: 'http' | 'ws'): string {
  const index = column === 'http' ? 2 : 3;
  return section(output, TITLES.chart)
    .split('\n')
    .filter((l) => l.startsWith('│'))
    .map((l) => l.split('│')[index]?.trim() ?? '')
    .join(' ')
    .replace(/\s+/g, ' ');
}

describe('renderTable with the fixture', () => {
  const output = plain(fixture);

  it('has every section title', () => {
    for (const title of Object.values(TITLES)) expect(output).toContain(title);
    expect(output).toContain('poll-vs-push 0.1.0');
  });

  it('states the run parameters and environment in the header', () => {
    const header = output.split('\n\n')[0]!;
    for (const text of [
      '20 clients',
      '20 events/s',
      '64 B payload',
      '5s per transport',
      'publish 5s',
      'settle 1s',
      'poll every 1s',
      'long-poll timeout 30s',
      'seed 42',
      'node v20.20.2',
      '4 cpus',
    ]) {
      expect(header).toContain(text);
    }
  });

  it('has one column per transport, labelled', () => {
    const head = section(output, TITLES.latency).split('\n')[2]!;
    expect(head).toMatch(/Short poll.*Long poll.*SSE.*WebSocket/);
  });

  it('prints the latency percentiles of the fixture with µs precision', () => {
    const latency = section(output, TITLES.latency);
    expect(row(latency, 'p50')).toEqual(['480.641', '0.934', '0.247', '0.204']);
    expect(row(latency, 'p99.9')).toEqual(['998.911', '7.902', '2.315', '1.874']);
    expect(row(latency, 'max')[0]).toBe('1,001.204');
    expect(row(latency, 'samples')).toEqual(['2,000', '2,000', '2,000', '2,000']);
  });

  it('prints exact byte counts, the wire total and the overhead', () => {
    const bytes = section(output, TITLES.bytes);
    expect(row(bytes, 'client sent')[0]).toBe('10,688 B');
    expect(row(bytes, 'total wire')[1]).toBe('847,640 B'); // long poll: 220,468 + 627,172
    expect(row(bytes, 'payload (event JSON)')[3]).toBe('213,840 B');
    expect(row(bytes, 'overhead share')).toEqual(['15.1%', '74.8%', '15.5%', '5.1%']);
    // ws: (4,780 + 220,500 − 213,840) / 2,000 events
    expect(row(bytes, 'overhead per event')[3]).toBe('5.7 B');
  });

  it('says server and client byte counts agree, one line per transport', () => {
    const bytes = section(output, TITLES.bytes);
    for (const label of ['Short poll', 'Long poll', 'SSE', 'WebSocket']) {
      expect(bytes).toMatch(new RegExp(`^  ${label}\\s+agree$`, 'm'));
    }
    expect(bytes).not.toContain('MISMATCH');
  });

  it('prints request counts and delivery', () => {
    const requests = section(output, TITLES.requests);
    expect(row(requests, 'HTTP requests')).toEqual(['122', '1,968', '20', '0']);
    expect(row(requests, 'WebSocket handshakes')).toEqual(['0', '0', '0', '20']);
    expect(row(requests, 'delivered / expected')[3]).toBe('2,000 / 2,000');
    expect(row(requests, 'lost')).toEqual(['0', '0', '0', '0']);
    expect(row(requests, 'errors')).toEqual(['none', 'none', 'none', 'none']);
  });

  it('fills the chart with figures from the run', () => {
    const http = chartColumn(output, 'http');
    const ws = chartColumn(output, 'ws');
    expect(http).toContain('request–response: 122 requests for 2,000 deliveries');
    expect(http).toContain('long poll: 1,968 requests for 2,000');
    expect(http).toContain('6.1 requests per client'); // 122 requests / 20 clients
    expect(http).toContain('median 481 ms, p99 990 ms');
    expect(http).toContain('15.6% of polls came back empty'); // 19 / 122
    expect(ws).toContain('0 HTTP requests after 20 handshakes');
    expect(ws).toContain('then 20 connections stayed open');
    expect(ws).toContain('5.7 B overhead per event (5.1% of the wire)');
    expect(ws).toContain('median 0.204 ms, p99 0.912 ms');
    expect(ws).toContain('chat, notifications, IoT, games: p99 0.912 ms');
  });

  it('fits a 100-column terminal', () => {
    for (const line of output.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('does not change the result it renders', () => {
    const result = clone();
    renderTable(result, { color: true, details: true, width: 100 });
    expect(result).toEqual(fixture);
  });
});

describe('renderTable colour', () => {
  it('has no ANSI escape at all with colour off', () => {
    expect(plain(fixture)).not.toContain(ESC);
    const bad = clone();
    transport(bad, 'ws').events.lost = 3;
    transport(bad, 'ws').errors = { ECONNRESET: 2 };
    transport(bad, 'sse').bytes.serverSent! += 9;
    expect(plain(bad)).not.toContain(ESC);
  });

  it('has escapes with colour on, and the same text once they are stripped', () => {
    const coloured = renderTable(fixture, { color: true, details: true, width: 100 });
    expect(coloured).toContain(ESC);
    expect(stripAnsi(coloured)).toBe(plain(fixture));
  });

  it('marks lost events, duplicates and errors in red', () => {
    const bad = clone();
    transport(bad, 'ws').events.lost = 7;
    transport(bad, 'sse').events.duplicates = 4;
    transport(bad, 'poll').errors = { ECONNRESET: 2 };
    const coloured = renderTable(bad, { color: true, details: true, width: 100 });
    expect(coloured).toContain('\u001b[31m7\u001b[39m');
    expect(coloured).toContain('\u001b[31m4\u001b[39m');
    expect(coloured).toContain('\u001b[31mECONNRESET×2\u001b[39m');
  });
});

describe('renderTable variants', () => {
  it('shows both figures and the difference when server and client bytes disagree', () => {
    const result = clone();
    const sse = transport(result, 'sse');
    sse.bytes.serverReceived = sse.bytes.clientSent - 45; // 1,835 vs 1,880
    const bytes = section(plain(result), TITLES.bytes);
    expect(bytes).toMatch(/^ {2}SSE\s+MISMATCH$/m);
    expect(bytes).toContain('server received 1,835 B vs client sent 1,880 B (difference -45 B)');
    expect(bytes).toContain('server sent = client received (251,300 B)');
    expect(bytes).toMatch(/^ {2}WebSocket\s+agree$/m);
  });

  it('keeps a mismatch exact even above 10 MiB', () => {
    const result = clone();
    const ws = transport(result, 'ws');
    ws.bytes.clientReceived = 20 * 1024 * 1024;
    ws.bytes.serverSent = ws.bytes.clientReceived + 3;
    const bytes = section(plain(result), TITLES.bytes);
    expect(row(bytes, 'client received')[3]).toBe('20.00 MiB');
    expect(bytes).toContain('server sent 20,971,523 B vs client received 20,971,520 B (difference 3 B)');
  });

  it('shows the lost count', () => {
    const result = clone();
    const ws = transport(result, 'ws');
    ws.events.delivered = 1993;
    ws.events.lost = 7;
    const requests = section(plain(result), TITLES.requests);
    expect(row(requests, 'lost')[3]).toBe('7');
    expect(row(requests, 'delivered / expected')[3]).toBe('1,993 / 2,000');
  });

  it('lists errors by code', () => {
    const result = clone();
    transport(result, 'poll').errors = { ECONNRESET: 2, 'server:EPIPE': 1 };
    const requests = section(plain(result), TITLES.requests);
    expect(row(requests, 'errors')[0]).toBe('ECONNRESET×2');
    expect(requests).toContain('server:EPIPE×1');
  });

  it('renders a dash, not a number, where nothing was delivered', () => {
    const result = clone();
    const sse = transport(result, 'sse');
    sse.latencyMs = null;
    sse.events.delivered = 0;
    sse.events.lost = sse.events.expected;
    sse.bytes.payload = 0;
    const output = plain(result);
    const latency = section(output, TITLES.latency);
    for (const label of ['samples', 'p50', 'p90', 'p99', 'p99.9', 'max', 'mean']) {
      expect(row(latency, label)[2]).toBe('–');
    }
    expect(row(latency, 'p50')[3]).toBe('0.204');
    const bytes = section(output, TITLES.bytes);
    expect(row(bytes, 'per delivered event')[2]).toBe('–');
    expect(row(bytes, 'overhead per event')[2]).toBe('–');
    expect(row(section(output, TITLES.requests), 'requests per event')[2]).toBe('–');
  });

  it('renders a dash in the chart when the polling or push side has no figure', () => {
    const result = clone();
    const poll = transport(result, 'poll');
    poll.requests.http = 0;
    poll.requests.empty = 0;
    transport(result, 'ws').latencyMs = null;
    const output = plain(result);
    expect(chartColumn(output, 'http')).toContain('– of polls came back empty');
    expect(chartColumn(output, 'ws')).toContain('median –, p99 –');
    expect(output).not.toMatch(/NaN|Infinity/);
  });

  it('says "not run" in the HTTP column when only WebSocket ran', () => {
    const result = clone();
    result.transports = [transport(result, 'ws')];
    result.options.transports = ['ws'];
    const output = plain(result);
    const http = chartColumn(output, 'http');
    expect(http).toContain('not run (add --transports poll)');
    expect(http).not.toMatch(/\d/);
    expect(chartColumn(output, 'ws')).toContain('0 HTTP requests after 20 handshakes');
    expect(section(output, TITLES.latency)).not.toContain('Short poll');
    expect(row(section(output, TITLES.latency), 'p50')).toEqual(['0.204']);
  });

  it('says "not run" in the WebSocket column when WebSocket did not run', () => {
    const result = clone();
    result.transports = result.transports.filter((t) => t.transport === 'poll');
    const output = plain(result);
    expect(chartColumn(output, 'ws')).toContain('not run (add --transports ws)');
    expect(chartColumn(output, 'http')).toContain('122 requests for 2,000 deliveries');
    expect(chartColumn(output, 'http')).not.toContain('long poll');
  });

  it('explains a run with reconnects instead of claiming the connections stayed open', () => {
    const result = clone();
    const ws = transport(result, 'ws');
    ws.requests.connections = 23;
    ws.requests.handshakes = 23;
    expect(chartColumn(plain(result), 'ws')).toContain('23 handshakes, 23 TCP connections for 20 clients');
  });
});
