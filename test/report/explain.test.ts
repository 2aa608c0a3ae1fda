import { MODEL_PARAMS, row, section, stripAnsi } from './fixture.js';
import { describe, expect, it } from 'vitest';
import { explainModel } from '../../src/model/explanation.js';
import { predict } from '../../src/model/transports.js';
import { formatBytes, formatMs, formatRatio } from '../../src/report/format.js';
import { renderExplain } from '../../src/report/explain.js';
import { DEFAULT_TRANSPORTS } from '../../src/shared/transports.js';
import type { ModelParams } from '../../src/shared/model-types.js';
import { TRANSPORT_LABELS } from '../../src/shared/transports.js';

const ESC = '\u001b[';
const TITLES = {
  params: 'The model: what theory predicts (nothing is run)',
  chart: 'HTTP vs WebSocket, as the model predicts it',
  predictions: 'Predictions per client',
  why: 'Why',
  assumptions: 'Assumptions',
};

/** T 1 s, RTT 100 ms, λ 1/s, browser H, p 100 B, timeout 30 s, a 5 s phase with 4 events. */
const PARAMS = MODEL_PARAMS;

const plain = (params: ModelParams = PARAMS, headerProfile = 'browser'): string =>
  renderExplain(explainModel(params, headerProfile), { color: false, width: 100 });

/** One chart column as running text: wrapped cell lines joined with spaces. */
function chartColumn(output: string, index: 2 | 3): string {
  return section(output, TITLES.chart)
    .split('\n')
    .filter((l) => l.startsWith('│'))
    .map((l) => l.split('│')[index]?.trim() ?? '')
    .join(' ')
    .replace(/\s+/g, ' ');
}

describe('renderExplain', () => {
  const output = plain();

  it('has every section, in order', () => {
    const positions = Object.values(TITLES).map((title) => output.indexOf(`${title}\n`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('states the parameters it predicts from, and where H came from', () => {
    const head = section(output, TITLES.params);
    for (const text of [
      'T = 1,000 ms poll interval',
      'RTT = 100 ms (d = 50 ms one way)',
      'λ = 1 event per second',
      'H = 871 B of headers per request and response',
      "Lubbers & Greco's count",
      'p = 100 B of event JSON',
      'long-poll timeout 30,000 ms',
      'phase 5,000 ms with 4 events',
    ]) {
      expect(head).toContain(text);
    }
  });

  it('names a header file, or the nominal minimal pair, as the source of H', () => {
    expect(section(plain({ ...PARAMS, headerBytesPerPair: 640 }, 'my-headers.txt'), TITLES.params)).toContain(
      '(my-headers.txt)',
    );
    expect(section(plain({ ...PARAMS, headerBytesPerPair: 260 }, 'minimal'), TITLES.params)).toContain(
      'what undici and node:http send',
    );
    // A browser profile whose H was measured is not called nominal.
    expect(section(plain({ ...PARAMS, headerBytesPerPair: 905 }, 'browser'), TITLES.params)).not.toContain('nominal');
  });

  it("prints every transport's four figures in one column each", () => {
    const table = section(output, TITLES.predictions);
    expect(table.split('\n')[2]).toMatch(/Short poll.*Long poll.*SSE.*WebSocket/);
    const p = DEFAULT_TRANSPORTS.map((t) => predict(t, PARAMS));
    expect(row(table, 'mean latency (ms)')).toEqual(p.map((x) => formatMs(x.latencyMeanMs)));
    expect(row(table, 'max latency (ms)')).toEqual(p.map((x) => formatMs(x.latencyMaxMs)));
    expect(row(table, 'requests per event')).toEqual(p.map((x) => formatRatio(x.requestsPerEvent)));
    expect(row(table, 'bytes per event')).toEqual(p.map((x) => formatBytes(x.bytesPerEvent, 1)));
  });

  it('prints the hand-computed figures for these parameters', () => {
    const table = section(output, TITLES.predictions);
    // Short poll 500 + 50; long poll 50 + (0.001 × 100² / 2) / (e^−0.1 + 0.1) = 50 + 5 / 1.004837 = 54.976.
    expect(row(table, 'mean latency (ms)')).toEqual(['550.000', '54.976', '50.000', '50.000']);
    expect(row(table, 'max latency (ms)')).toEqual(['1,050.000', '150.000', '50.000', '50.000']);
    // Poll 5 / 4; long poll 1/m + 1/4 = 0.995 + 0.25; one stream or handshake per 4 events.
    expect(row(table, 'requests per event')).toEqual(['1.25', '1.25', '0.25', '0.25']);
    // Poll 100 + 1.25 × 873 + 1 = 1,192.25; SSE 100 + 20 + 871/4 = 337.75; WS 100 + 2 + 217.75 = 319.75.
    const [poll, , sse, ws] = row(table, 'bytes per event');
    expect([poll, sse, ws]).toEqual(['1,192.3 B', '337.8 B', '319.8 B']);
  });

  it("fills the classic chart's cells with the model's figures", () => {
    const http = chartColumn(output, 2);
    const ws = chartColumn(output, 3);
    expect(http).toContain('request–response');
    expect(http).toContain('1.25 requests per event');
    expect(http).toContain('5 polls per client per phase');
    expect(http).toContain('1,088.8 B of headers per event');
    expect(http).toContain('mean 550 ms, max 1,050 ms');
    expect(http).toContain('long poll: mean 54.98 ms, max 150 ms');
    expect(http).toContain('20% of polls come back empty');
    expect(ws).toContain('0.25 handshakes per event');
    expect(ws).toContain('light frame headers: 2 B per frame');
    expect(ws).toContain('strong (the server pushes): mean 50 ms, max 50 ms');
    for (const aspect of ['communication', 'connection', 'data transfer', 'real-time', 'fits']) {
      expect(section(output, TITLES.chart)).toContain(aspect);
    }
  });

  it('gives the reasons for latency, requests and bytes under every transport', () => {
    const why = section(output, TITLES.why);
    for (const t of DEFAULT_TRANSPORTS) expect(why).toContain(`${TRANSPORT_LABELS[t]}\n  latency: `);
    expect(why.match(/^ {2}latency: /gm)).toHaveLength(4);
    expect(why.match(/^ {2}requests: /gm)).toHaveLength(4);
    expect(why.match(/^ {2}bytes: /gm)).toHaveLength(4);
    expect(why).toContain('half an interval (500 ms)');
    expect(why).toContain('at worst three one-way trips (150 ms)');
    // A number is never parted from its unit by a line break.
    expect(why).not.toMatch(/\d\n\s+(ms|B)\b/);
  });

  it('keeps every line within 100 columns, even with large figures', () => {
    const wide: ModelParams = {
      ...PARAMS,
      pollIntervalMs: 123_456,
      rttMs: 98_765.5,
      ratePerSec: 1234.5,
      headerBytesPerPair: 12_345,
      eventBytes: 1_000_000,
      durationMs: 3_600_000,
      eventsPerPhase: 4_444_200,
    };
    for (const text of [output, plain(wide, 'a-rather-long-header-file-name.txt')]) {
      for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    }
  });

  it('says latency 0 on bare loopback rather than inventing a floor', () => {
    const table = section(plain({ ...PARAMS, rttMs: 0 }), TITLES.predictions);
    expect(row(table, 'mean latency (ms)')).toEqual(['500.000', '0.000', '0.000', '0.000']);
    expect(section(plain(), TITLES.assumptions)).toContain('processing time is ignored');
  });

  it('has no per-event figure when nothing is published', () => {
    const table = section(plain({ ...PARAMS, eventsPerPhase: 0 }), TITLES.predictions);
    expect(row(table, 'requests per event')).toEqual(['–', '–', '–', '–']);
    expect(row(table, 'bytes per event')).toEqual(['–', '–', '–', '–']);
  });

  it('prints no ANSI escapes with colour off, and the same text with colour on', () => {
    expect(output).not.toContain(ESC);
    const coloured = renderExplain(explainModel(PARAMS, 'browser'), { color: true, width: 100 });
    expect(coloured).toContain(ESC);
    // eslint-disable-next-line no-control-regex
    expect(stripAnsi(coloured)).toBe(output);
  });

  it('is pure: the same parameters give the same text', () => {
    expect(plain()).toBe(output);
    expect(output.endsWith('\n')).toBe(true);
  });
});
