import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildChart } from '../../src/report/chart.js';
import { formatBytes } from '../../src/report/format.js';
import { render } from '../../src/report/index.js';
import type { MetricSection } from '../../src/report/section-model.js';
import { buildReport } from '../../src/report/sections.js';
import { renderTable } from '../../src/report/table.js';
import { WIRE_TITLE, wireSection } from '../../src/report/wire.js';
import type { ComparisonResult, TransportResult } from '../../src/shared/result-types.js';
import { clone, transport } from './fixture.js';

/** A fresh copy of one of the recorded results beside result.json (all `--headers browser --quick`). */
function recorded(name: 'result-tls' | 'result-h2c' | 'result-h2-tls'): ComparisonResult {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8')) as ComparisonResult;
}

/** The section's cells of one row, one entry per transport, each cell's lines joined with ` / `. */
function cells(section: MetricSection, label: string): string[] {
  const row = section.rows.find((r) => r.label === label);
  if (!row) throw new Error(`no row '${label}' in ${section.rows.map((r) => r.label).join(', ')}`);
  return row.cells.map((c) => c.lines.join(' / '));
}

function present(result: ComparisonResult): MetricSection {
  const section = wireSection(result);
  if (!section) throw new Error('no wire section');
  return section;
}

// The figures straight from a transport's raw counts, written out without the report's helpers.
const wire = (t: TransportResult): number => t.bytes.clientSent + t.bytes.clientReceived;
const firstHeaders = (t: TransportResult): number => t.bytes.headersFirst! / t.server!.firstExchanges!;
const laterExchanges = (t: TransportResult): number =>
  t.requests.http + t.requests.handshakes - t.server!.firstExchanges!;
const steadyHeaders = (t: TransportResult): number => (t.bytes.headers! - t.bytes.headersFirst!) / laterExchanges(t);
const tlsAdded = (t: TransportResult): number => wire(t) - t.wire!.tls!.plaintext;
const handshakes = (t: TransportResult): number => t.wire!.tls!.connections * t.wire!.tls!.handshakePerConnection!;
/** Handshake, upkeep and the first exchanges' headers beyond steady ones, paid once per connection (TLS runs). */
function oncePerConnection(t: TransportResult): number {
  const excess = laterExchanges(t) > 0 ? t.bytes.headersFirst! - steadyHeaders(t) * t.server!.firstExchanges! : 0;
  return handshakes(t) + (t.bytes.control ?? 0) + excess;
}
const pollCost = (t: TransportResult): number => (wire(t) - t.bytes.payload - oncePerConnection(t)) / t.requests.http;
const pushCost = (t: TransportResult): number =>
  (wire(t) - t.bytes.payload - oncePerConnection(t) - t.bytes.headers!) / t.events.delivered;

describe('the wire section', () => {
  it('is absent from a cleartext HTTP/1.1 run, and from its report', () => {
    expect(wireSection(clone())).toBeUndefined();
    expect(buildReport(clone()).sections.map((s) => s.title)).not.toContain(WIRE_TITLE);
  });

  it('is present over TLS, over h2c and over h2 with TLS, right after the Bytes section', () => {
    for (const name of ['result-tls', 'result-h2c', 'result-h2-tls'] as const) {
      const titles = buildReport(recorded(name)).sections.map((s) => s.title);
      expect(titles.indexOf(WIRE_TITLE), name).toBe(titles.indexOf('Bytes (counted at the TCP sockets)') + 1);
    }
  });

  describe('h2 over TLS', () => {
    const result = recorded('result-h2-tls');
    const section = present(result);

    it('has one column per transport and names what each spoke; WebSocket keeps its HTTP/1.1 upgrade', () => {
      expect(section.title).toBe('The wire: what TLS and HTTP/2 change (measured)');
      expect(section.columns).toEqual(['Short poll', 'Long poll', 'SSE', 'WebSocket']);
      expect(cells(section, 'protocol')).toEqual([
        'HTTP/2 (h2) / over TLSv1.3',
        'HTTP/2 (h2) / over TLSv1.3',
        'HTTP/2 (h2) / over TLSv1.3',
        'HTTP/1.1 upgrade / over TLSv1.3',
      ]);
    });

    it('prints the measured figures the raw counts give', () => {
      const ts = result.transports;
      const bytes = (value: number): string => formatBytes(value, 1);
      expect(cells(section, 'headers, first exchange')).toEqual(ts.map((t) => bytes(firstHeaders(t))));
      // SSE and WebSocket open once per connection: no later exchange, so no steady state.
      expect(cells(section, 'headers, steady state')).toEqual(
        ts.map((t) => (laterExchanges(t) > 0 ? bytes(steadyHeaders(t)) : '–')),
      );
      expect(cells(section, 'TLS handshake per connection')).toEqual(
        ts.map((t) => formatBytes(t.wire!.tls!.handshakePerConnection)),
      );
      expect(cells(section, 'TLS added per event')).toEqual(ts.map((t) => bytes(tlsAdded(t) / t.events.delivered)));
      expect(cells(section, 'TLS records per event')).toEqual(
        ts.map((t) => bytes((tlsAdded(t) - handshakes(t)) / t.events.delivered)),
      );
      expect(cells(section, 'HTTP/2 upkeep per event')).toEqual(
        ts.map((t) => (t.bytes.control == null ? '–' : bytes(t.bytes.control / t.events.delivered))),
      );
    });

    it('pins the short poll column as printed', () => {
      const column = (label: string): string => cells(section, label)[0]!;
      expect(column('headers, first exchange')).toBe('531.5 B'); // 5,315 B over 10 first exchanges
      expect(column('headers, steady state')).toBe('64.7 B'); // (7,257 − 5,315) B over 30 later requests
      expect(column('TLS handshake per connection')).toBe('1,824 B');
      expect(column('TLS added per event')).toBe('140.1 B'); // (45,693 − 24,680) B over 150 events
      expect(column('TLS records per event')).toBe('18.5 B'); // (21,013 − 10 × 1,824) B over 150
      expect(column('HTTP/2 upkeep per event')).toBe('5.7 B'); // 850 B over 150
      expect(cells(section, 'HTTP/2 upkeep per event')[3]).toBe('–');
    });

    it('says how the figures were counted, the cipher, and what --http2 leaves on HTTP/1.1', () => {
      const notes = section.notes!.join('\n');
      expect(notes).toContain("TLS added: the TCP bytes at the clients' sockets less the plaintext above TLS.");
      expect(notes).toContain('probe connection that only shook hands and took its session tickets');
      expect(notes).toContain('cipher: TLSv1.3 TLS_AES_256_GCM_SHA384');
      expect(notes).toContain('Under --http2, WebSocket and Socket.IO keep their HTTP/1.1 upgrade on the same port.');
    });

    it('names TLS and HTTP/2 in the header', () => {
      const parts = buildReport(result).header.parts;
      expect(parts).toContain('TLS (certificate made for the run)');
      expect(parts).toContain('HTTP/2 for short poll, long poll and SSE (WebSocket: HTTP/1.1 upgrade)');
    });
  });

  it('over h2c: cleartext, upkeep, and no TLS rows', () => {
    const section = present(recorded('result-h2c'));
    expect(cells(section, 'protocol')).toEqual([
      'HTTP/2 (h2c) / cleartext',
      'HTTP/2 (h2c) / cleartext',
      'HTTP/2 (h2c) / cleartext',
      'HTTP/1.1 upgrade / cleartext',
    ]);
    expect(section.rows.map((r) => r.label)).toEqual([
      'protocol',
      'headers, first exchange',
      'headers, steady state',
      'HTTP/2 upkeep per event',
    ]);
    expect(section.notes!.join('\n')).not.toContain('cipher');
    expect(buildReport(recorded('result-h2c')).header.parts).not.toContain('TLS (certificate made for the run)');
  });

  it('over TLS on HTTP/1.1: TLS rows, no upkeep, and WebSocket is plain HTTP/1.1 like the others', () => {
    const result = recorded('result-tls');
    const section = present(result);
    expect(cells(section, 'protocol')).toEqual(Array(4).fill('HTTP/1.1 / over TLSv1.3'));
    expect(section.rows.map((r) => r.label)).not.toContain('HTTP/2 upkeep per event');
    expect(cells(section, 'TLS added per event')[3]).toBe('150.8 B'); // (46,620 − 24,000) B over 150
    expect(section.notes!.join('\n')).not.toContain('--http2');
    expect(buildReport(result).header.parts.some((p) => p.startsWith('HTTP/2'))).toBe(false);
  });

  it('lists each protocol with its connections when a transport spoke several', () => {
    const result = recorded('result-h2-tls');
    transport(result, 'poll').wire!.protocols = { h2: 8, 'http/1.1': 2 };
    expect(cells(present(result), 'protocol')[0]).toBe('HTTP/2 (h2) ×8 / HTTP/1.1 ×2 / over TLSv1.3');
  });

  it('prints – for what was not measured: nothing delivered, no server counts, a failed handshake probe', () => {
    const result = recorded('result-h2-tls');
    const poll = transport(result, 'poll');
    poll.events.delivered = 0;
    poll.server = null;
    poll.bytes.headers = null;
    poll.wire!.tls!.handshakePerConnection = null;
    const section = present(result);
    for (const label of [
      'headers, first exchange',
      'headers, steady state',
      'TLS handshake per connection',
      'TLS added per event',
      'TLS records per event',
      'HTTP/2 upkeep per event',
    ]) {
      expect(cells(section, label)[0], label).toBe('–');
    }
  });
});

describe('the chart over TLS and HTTP/2', () => {
  const line = (result: ComparisonResult): string | undefined =>
    buildChart(result)
      .rows.find((r) => r.aspect === 'data transfer')!
      .http.find((l) => l.startsWith('this wire: '))
      ?.replaceAll('\u00a0', ' ');

  it("weighs a poll's steady cost against a pushed message's, beside the whitepaper", () => {
    const result = recorded('result-h2-tls');
    const poll = pollCost(transport(result, 'poll'));
    const push = pushCost(transport(result, 'ws'));
    expect(poll).toBeCloseTo(156.8833, 3);
    expect(push).toBeCloseTo(35.1333, 3);
    expect(line(result)).toBe(
      `this wire: a poll costs ${formatBytes(poll, 1)}, a pushed WebSocket message ${formatBytes(push, 1)} beyond its JSON: ` +
        `${(poll / push).toFixed(1)}× (the whitepaper: 871 B vs 2 B, 435.5×)`,
    );
    expect(line(result)).toContain('a poll costs 156.9 B, a pushed WebSocket message 35.1 B beyond its JSON: 4.5×');
  });

  it('is the last HTTP line of data transfer, and only there', () => {
    const rows = buildChart(recorded('result-h2c')).rows;
    expect(rows.find((r) => r.aspect === 'data transfer')!.http.at(-1)).toMatch(/^this wire: a poll costs 94\.5.B/);
    expect(rows.filter((r) => r.http.some((l) => l.startsWith('this wire: ')))).toHaveLength(1);
  });

  it('falls back to SSE when WebSocket did not run', () => {
    const result = recorded('result-h2-tls');
    result.transports = result.transports.filter((t) => t.transport !== 'ws');
    expect(line(result)).toContain(
      `a pushed SSE message ${formatBytes(pushCost(transport(result, 'sse')), 1)} beyond its JSON`,
    );
  });

  it('is not in a cleartext HTTP/1.1 run', () => {
    expect(line(clone())).toBeUndefined();
    expect(buildChart(clone()).rows.find((r) => r.aspect === 'data transfer')!.http).toHaveLength(2);
  });
});

describe('the whitepaper table over TLS and HTTP/2', () => {
  const table = (result: ComparisonResult): MetricSection =>
    buildReport(result).sections.find((s) => s.title.startsWith("Counted as Kaazing's whitepaper counted"))!;

  it("adds this wire's rows: a poll's steady cost per poll, a WebSocket message's, times the rates", () => {
    const result = recorded('result-h2-tls');
    const section = table(result);
    const labels = section.rows.map((r) => r.label);
    expect(labels.slice(4)).toEqual([
      'h2+TLS: short poll, 156.9 B per poll',
      'HTTP/1.1+TLS: WebSocket, 35.1 B per message',
    ]);
    // Mbit/s of 2^20 bits for 1,000 clients: bytes × per-second rate × clients × 8.
    const mbit = (bytesPerSec: number): string => ((bytesPerSec * 1000 * 8) / 2 ** 20).toFixed(3);
    const pollsPerSec = 1000 / result.options.pollIntervalMs;
    expect(section.rows[4]!.cells[0]!.lines[0]).toBe(mbit(pollCost(transport(result, 'poll')) * pollsPerSec));
    expect(section.rows[5]!.cells[0]!.lines[0]).toBe(
      mbit(pushCost(transport(result, 'ws')) * result.options.ratePerSec),
    );
    expect(section.rows[4]!.cells[0]!.lines[0]).toBe('2.394');
    expect(section.notes!.at(-1)).toContain("The h2+TLS and HTTP/1.1+TLS rows count this run's wire whole");
  });

  it('labels them by what each transport spoke', () => {
    expect(
      table(recorded('result-h2c'))
        .rows.slice(4)
        .map((r) => r.label),
    ).toEqual(['h2c: short poll, 94.5 B per poll', 'HTTP/1.1: WebSocket, 4.1 B per message']);
    expect(
      table(recorded('result-tls'))
        .rows.slice(4)
        .map((r) => r.label),
    ).toEqual(['HTTP/1.1+TLS: short poll, 948.1 B per poll', 'HTTP/1.1+TLS: WebSocket, 35.2 B per message']);
  });

  it('keeps the cleartext HTTP/1.1 table as it was', () => {
    const section = table(clone());
    expect(section.title).toBe(
      "Counted as Kaazing's whitepaper counted (header or frame bytes only; Mbit/s, its 1 Mbit = 2^20 bits)",
    );
    expect(section.rows).toHaveLength(4);
    expect(section.notes).toHaveLength(1);
  });
});

describe('every layout with the wire section', () => {
  for (const name of ['result-tls', 'result-h2c', 'result-h2-tls'] as const) {
    it(`renders ${name} in table, markdown and html`, () => {
      const result = recorded(name);
      const table = renderTable(result, { color: false, details: true, width: 100 });
      expect(table).toContain(`${WIRE_TITLE}\n`);
      for (const l of table.split('\n')) expect(l.length, l).toBeLessThanOrEqual(100);
      const markdown = render(result, 'markdown', { color: false });
      expect(markdown).toContain(`### ${WIRE_TITLE}`);
      expect(markdown).toMatch(/\| protocol \| .*<br>/);
      expect(render(result, 'html', { color: false })).toContain(`<h2>${WIRE_TITLE}</h2>`);
    });
  }

  it('leaves the cleartext layouts without it', () => {
    for (const format of ['table', 'markdown', 'html'] as const)
      expect(render(clone(), format, { color: false })).not.toContain(WIRE_TITLE);
  });
});
