import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, renderCsv } from '../../src/report/csv.js';
import { render } from '../../src/report/index.js';
import { clone, fixture, interrupted, transport, withChecks } from './fixture.js';

/** A small RFC 4180 reader, so tests check what a spreadsheet or script would read back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
    } else {
      field += ch;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The CSV's rows as objects keyed by column name. */
function records(text: string): Array<Record<string, string>> {
  const [head, ...rows] = parseCsv(text);
  return rows.map((cells) => Object.fromEntries(head!.map((name, i) => [name, cells[i]!])));
}

describe('CSV_COLUMNS', () => {
  it('is the documented, stable list of column names', () => {
    expect(CSV_COLUMNS).toEqual([
      'transport',
      'clients',
      'phase_ms',
      'partial',
      'events_published',
      'events_expected',
      'events_delivered',
      'events_lost',
      'events_duplicates',
      'events_out_of_order',
      'latency_samples',
      'latency_min_ms',
      'latency_mean_ms',
      'latency_p50_ms',
      'latency_p90_ms',
      'latency_p99_ms',
      'latency_p999_ms',
      'latency_max_ms',
      'requests_http',
      'requests_empty',
      'requests_connections',
      'requests_handshakes',
      'requests_per_event',
      'bytes_client_sent',
      'bytes_client_received',
      'bytes_server_sent',
      'bytes_server_received',
      'bytes_payload',
      'bytes_per_event',
      'bytes_overhead_share',
      'server_requests',
      'server_empty',
      'server_connections',
      'server_handshakes',
      'server_events_written',
      'errors_total',
      'errors',
      'bytes_headers',
      'bytes_framing',
      'bytes_per_client_per_sec',
      'model_latency_mean_ms',
      'model_latency_max_ms',
      'model_requests_per_event',
      'model_bytes_per_event',
      'server_cpu_ms',
      'server_cpu_per_event_us',
      'server_rss_per_client_bytes',
      'server_heap_per_client_bytes',
      'server_loop_delay_p99_ms',
      'server_loop_delay_max_ms',
      'server_publish_lag_max_ms',
      'server_processes',
      'client_processes',
      'client_cpu_ms',
      'client_rss_peak_bytes',
      'client_rss_per_client_bytes',
      'client_loop_delay_max_ms',
      'connect_ms',
      'active_ms',
      'events_refetched',
      'events_refetched_bytes',
    ]);
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(CSV_COLUMNS)).toBe(true);
  });
});

describe('renderCsv with the fixture', () => {
  const output = renderCsv(fixture);
  const lines = output.split('\n');

  it('starts with the header row, CSV_COLUMNS joined by commas', () => {
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
  });

  it('has one row per transport, in the order they ran, each with every column', () => {
    expect(lines).toHaveLength(1 + fixture.transports.length + 1); // header, rows, '' after the last \n
    const rows = parseCsv(output);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['poll', 'long-poll', 'sse', 'ws']);
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
  });

  it('ends every line with \\n, never \\r\\n, and the document with one newline', () => {
    expect(output).not.toContain('\r');
    expect(output.endsWith('\n')).toBe(true);
    expect(output.endsWith('\n\n')).toBe(false);
  });

  it('writes the raw figures of the JSON: no separators, no rounding', () => {
    expect(
      lines[4]!.startsWith(
        'ws,20,5006.204,false,100,2000,2000,0,0,0,2000,0.081,0.231,0.204,0.355,0.912,1.874,2.409,' +
          '0,0,20,20,0.01,4780,220500,220500,4780,213840,112.64,0.05078125,0,0,20,20,2000,0,,',
      ),
    ).toBe(true);
    const ws = fixture.transports[3]!;
    const wsRecord = records(output)[3]!;
    expect(wsRecord.bytes_headers).toBe(String(ws.bytes.headers));
    expect(wsRecord.bytes_framing).toBe(String(ws.bytes.framing));
    expect(wsRecord.server_cpu_ms).toBe(String(ws.serverCost!.cpuMs));
    expect(wsRecord.server_publish_lag_max_ms).toBe(String(ws.serverCost!.publishLagMaxMs));
    // The fixture carries no model: those cells are empty, never a made-up 0.
    expect(wsRecord.model_bytes_per_event).toBe('');
    const poll = records(output)[0]!;
    expect(poll.phase_ms).toBe('6012.418');
    expect(poll.latency_max_ms).toBe('1001.204');
    expect(poll.bytes_client_received).toBe('241091');
    expect(poll.bytes_per_event).toBe('125.8895');
    expect(poll.bytes_overhead_share).toBe(String(fixture.transports[0]!.bytes.overheadShare));
    expect(poll.requests_per_event).toBe('0.061');
  });

  it('matches the fixture for every numeric column of every transport', () => {
    const paths: Record<string, (t: (typeof fixture.transports)[number]) => unknown> = {
      clients: (t) => t.clients,
      events_delivered: (t) => t.events.delivered,
      latency_p999_ms: (t) => t.latencyMs?.p999,
      requests_http: (t) => t.requests.http,
      bytes_server_sent: (t) => t.bytes.serverSent,
      bytes_payload: (t) => t.bytes.payload,
      server_events_written: (t) => t.server!.eventsWritten,
    };
    records(output).forEach((record, i) => {
      const t = fixture.transports[i]!;
      for (const [column, value] of Object.entries(paths)) expect(Number(record[column])).toBe(value(t));
    });
  });

  it('is what render() gives for the csv format, and ignores checks', () => {
    expect(render(fixture, 'csv', { color: true })).toBe(output);
    expect(renderCsv(withChecks())).toBe(output);
  });
});

describe('renderCsv variants', () => {
  it('leaves a cell empty where the JSON has null', () => {
    const result = clone();
    const sse = transport(result, 'sse');
    sse.latencyMs = null;
    sse.requests.perEvent = null;
    sse.bytes.perEvent = null;
    sse.bytes.overheadShare = null;
    const row = records(renderCsv(result))[2]!;
    for (const column of CSV_COLUMNS.filter((c) => c.startsWith('latency_'))) expect(row[column]).toBe('');
    expect(row.requests_per_event).toBe('');
    expect(row.bytes_per_event).toBe('');
    expect(row.bytes_overhead_share).toBe('');
    expect(row.events_delivered).toBe('2000');
  });

  it('marks a transport the interruption cut short, and has no row for one that never ran', () => {
    const rows = records(renderCsv(interrupted()));
    expect(rows.map((r) => [r.transport, r.partial])).toEqual([
      ['poll', 'false'],
      ['long-poll', 'false'],
      ['sse', 'true'],
    ]);
  });

  it('lists errors as CODE:n pairs joined by ; with their total', () => {
    const result = clone();
    transport(result, 'poll').errors = { ECONNRESET: 2, 'server:EPIPE': 1 };
    const csv = renderCsv(result);
    expect(csv.split('\n')[1]!.includes(',3,ECONNRESET:2;server:EPIPE:1,')).toBe(true);
    const [poll, longPoll] = records(csv);
    expect(poll!.errors_total).toBe('3');
    expect(longPoll!.errors).toBe('');
    expect(longPoll!.errors_total).toBe('0');
  });

  it('quotes a cell holding a comma or a quote, doubling the quote', () => {
    const result = clone();
    transport(result, 'ws').errors = { 'E,1': 2, 'say "hi"': 1 };
    const csv = renderCsv(result);
    expect(csv.split('\n')[4]!.includes(',3,"E,1:2;say ""hi"":1",')).toBe(true);
    expect(records(csv)[3]!.errors).toBe('E,1:2;say "hi":1');
  });

  it('is only the header when no transport ran', () => {
    const result = clone();
    result.transports = [];
    expect(renderCsv(result)).toBe(`${CSV_COLUMNS.join(',')}\n`);
  });
});

describe('csvField', () => {
  it('follows RFC 4180 and writes nothing for a missing figure', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(0)).toBe('0');
    expect(csvField(1234567.891)).toBe('1234567.891');
    expect(csvField(true)).toBe('true');
  });
});
