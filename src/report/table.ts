import Table from 'cli-table3';
import { Chalk, type ChalkInstance } from 'chalk';
import { TRANSPORT_LABELS, type ComparisonResult, type Transport, type TransportResult } from '../shared/types.js';
import { formatDurationMs } from '../shared/units.js';
import {
  MISSING,
  formatBytes,
  formatDecimal,
  formatInteger,
  formatMs,
  formatPercent,
  formatRatio,
  isFigure,
  safeDivide,
  type MaybeNumber,
} from './format.js';

/** Widest line the table reporter aims for, in terminal columns. */
export const TABLE_WIDTH = 100;

/** A space the chart's wrapping never breaks at; turned back into a plain space once wrapped. */
const NBSP = '\u00a0';

type Metric = readonly [label: string, cell: (t: TransportResult) => string];

/** Renders a result as titled text tables for a terminal or CI log; pure, never prints. */
export function renderTable(result: ComparisonResult, options: { color: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const sections = [
    header(result, c),
    section(c, 'Latency (publish → receipt, ms)', metricTable(c, result.transports, latencyMetrics())),
    section(c, 'Bytes (counted at the TCP sockets)', bytesSection(c, result.transports)),
    section(c, 'Requests & delivery', metricTable(c, result.transports, requestMetrics(c))),
    section(c, 'HTTP vs WebSocket, checked by this run', chart(c, result)),
  ];
  return `${sections.join('\n\n')}\n`;
}

function section(c: ChalkInstance, title: string, body: string): string {
  return `${c.bold(title)}\n${body}`;
}

function header(result: ComparisonResult, c: ChalkInstance): string {
  const o = result.options;
  const env = result.environment;
  const parts = [
    `${formatInteger(o.clients)} clients`,
    `${formatDecimal(o.ratePerSec, Number.isInteger(o.ratePerSec) ? 0 : 2)} events/s`,
    `${formatBytes(o.payloadBytes)} payload`,
    `${formatDurationMs(o.durationMs)} per transport (publish ${formatDurationMs(o.publishWindowMs)}, settle ${formatDurationMs(o.settleMs)})`,
    `poll every ${formatDurationMs(o.pollIntervalMs)}`,
    `long-poll timeout ${formatDurationMs(o.longPollTimeoutMs)}`,
    `seed ${o.seed}`,
    `node ${env.node}`,
    `${env.platform}/${env.arch}`,
    `${env.cpus} cpus (${env.cpuModel})`,
  ];
  const title = `${result.tool.name} ${result.tool.version} · ${result.startedAt}`;
  return section(c, title, wrapParts(parts, ' · ', TABLE_WIDTH));
}

/** Joins parts on one line, breaking only between parts so no line passes `width`. */
function wrapParts(parts: string[], separator: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    if (line !== '' && line.length + separator.length + part.length > width) {
      lines.push(line);
      line = part;
    } else {
      line = line === '' ? part : `${line}${separator}${part}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/** Word-wraps plain text to `width`, breaking only at ordinary spaces (cli-table3 also breaks at NBSP). */
function wrapText(text: string, width: number): string {
  const lines = text.split('\n').map((line) => wrapParts(line.split(' '), ' ', width));
  return lines.join('\n').replaceAll(NBSP, ' ');
}

// Colour comes only from chalk, whose level the caller set: cli-table3's own styling uses
// @colors/colors, which guesses from the environment and would leak escapes with colour off.
// Metric tables are compact (no line between rows) so they stay short in CI logs.
function newTable(c: ChalkInstance, head: string[], extra: Table.TableConstructorOptions = {}): Table.Table {
  return new Table({ head: head.map((h) => c.bold(h)), style: { head: [], border: [], compact: true }, ...extra });
}

function metricTable(c: ChalkInstance, transports: TransportResult[], metrics: Metric[]): string {
  if (transports.length === 0) return 'no transport ran';
  const table = newTable(c, ['', ...transports.map((t) => TRANSPORT_LABELS[t.transport])], {
    colAligns: ['left', ...transports.map(() => 'right' as const)],
  });
  for (const [label, cell] of metrics) table.push([label, ...transports.map(cell)]);
  return table.toString();
}

function latencyMetrics(): Metric[] {
  return [
    ['samples', (t) => (t.latencyMs ? formatInteger(t.latencyMs.samples) : MISSING)],
    ['p50', (t) => formatMs(t.latencyMs?.p50)],
    ['p90', (t) => formatMs(t.latencyMs?.p90)],
    ['p99', (t) => formatMs(t.latencyMs?.p99)],
    ['p99.9', (t) => formatMs(t.latencyMs?.p999)],
    ['max', (t) => formatMs(t.latencyMs?.max)],
    ['mean', (t) => formatMs(t.latencyMs?.mean)],
  ];
}

/** Client sent + received: every byte the client's sockets carried. */
function wireBytes(t: TransportResult): number {
  return t.bytes.clientSent + t.bytes.clientReceived;
}

/** Wire bytes that were not event JSON, per delivered event; null when nothing was delivered. */
function overheadPerEvent(t: TransportResult): number | null {
  return safeDivide(wireBytes(t) - t.bytes.payload, t.events.delivered);
}

/** A per-event figure from the result, shown only when events were delivered (else it is 0/0). */
function perDelivered(t: TransportResult, value: MaybeNumber): number | null {
  return t.events.delivered > 0 && isFigure(value) ? value : null;
}

function bytesSection(c: ChalkInstance, transports: TransportResult[]): string {
  const table = metricTable(c, transports, [
    ['client sent', (t) => formatBytes(t.bytes.clientSent)],
    ['client received', (t) => formatBytes(t.bytes.clientReceived)],
    ['total wire', (t) => formatBytes(wireBytes(t))],
    ['payload (event JSON)', (t) => formatBytes(t.bytes.payload)],
    ['per delivered event', (t) => formatBytes(perDelivered(t, t.bytes.perEvent), 1)],
    ['overhead per event', (t) => formatBytes(overheadPerEvent(t), 1)],
    ['overhead share', (t) => formatPercent(wireBytes(t) > 0 ? t.bytes.overheadShare : null)],
  ]);
  if (transports.length === 0) return table;
  const width = Math.max(...transports.map((t) => TRANSPORT_LABELS[t.transport].length));
  const lines = transports.map((t) => byteAgreement(c, t, width));
  return `${table}\nserver vs client byte counts:\n${lines.join('\n')}`;
}

function byteAgreement(c: ChalkInstance, t: TransportResult, labelWidth: number): string {
  const b = t.bytes;
  const label = `  ${TRANSPORT_LABELS[t.transport].padEnd(labelWidth)}  `;
  if (b.serverReceived === b.clientSent && b.serverSent === b.clientReceived) return `${label}agree`;
  // Exact integers here whatever the size: a mismatch of a few bytes must not round away.
  const pair = (serverWhat: string, server: number, clientWhat: string, client: number): string =>
    server === client
      ? `${serverWhat} = ${clientWhat} (${formatInteger(server)} B)`
      : `${serverWhat} ${formatInteger(server)} B vs ${clientWhat} ${formatInteger(client)} B ` +
        `(difference ${formatInteger(server - client)} B)`;
  const indent = ' '.repeat(label.length);
  return [
    `${label}${c.red('MISMATCH')}`,
    `${indent}${pair('server received', b.serverReceived, 'client sent', b.clientSent)}`,
    `${indent}${pair('server sent', b.serverSent, 'client received', b.clientReceived)}`,
  ].join('\n');
}

function requestMetrics(c: ChalkInstance): Metric[] {
  const alarm = (n: number): string => (n > 0 ? c.red(formatInteger(n)) : formatInteger(n));
  return [
    ['HTTP requests', (t) => formatInteger(t.requests.http)],
    ['empty responses', (t) => formatInteger(t.requests.empty)],
    ['TCP connections', (t) => formatInteger(t.requests.connections)],
    ['WebSocket handshakes', (t) => formatInteger(t.requests.handshakes)],
    ['requests per event', (t) => formatRatio(perDelivered(t, t.requests.perEvent))],
    ['delivered / expected', (t) => `${formatInteger(t.events.delivered)} / ${formatInteger(t.events.expected)}`],
    ['lost', (t) => alarm(t.events.lost)],
    ['duplicates', (t) => alarm(t.events.duplicates)],
    ['out of order', (t) => formatInteger(t.events.outOfOrder)],
    ['errors', (t) => formatErrors(c, t.errors)],
  ];
}

/** Error counts as `CODE×n`, one per line so a transport column stays narrow; `none` when empty. */
function formatErrors(c: ChalkInstance, errors: Record<string, number>): string {
  const entries = Object.entries(errors).filter(([, n]) => n > 0);
  if (entries.length === 0) return 'none';
  return entries.map(([code, n]) => c.red(`${code}×${formatInteger(n)}`)).join('\n');
}

// ---- the chart: the classic claim in each cell, then this run's evidence ----

interface ChartRow {
  aspect: string;
  http: (t: TransportResult) => string;
  longPoll?: (t: TransportResult) => string;
  ws: (t: TransportResult) => string;
}

/** Glues a figure to its label and unit so wrapping never splits `p50 0.204 ms`. */
const keep = (text: string): string => text.replaceAll(' ', NBSP);
const withUnit = (ms: MaybeNumber): string => (isFigure(ms) ? `${formatMs(ms)} ms` : MISSING);
const p50p99 = (t: TransportResult): string =>
  `${keep(`p50 ${withUnit(t.latencyMs?.p50)}`)}, ${keep(`p99 ${withUnit(t.latencyMs?.p99)}`)}`;
const overhead = (t: TransportResult): string =>
  `${keep(formatBytes(overheadPerEvent(t), 1))} overhead per event ` +
  `(${formatPercent(wireBytes(t) > 0 ? t.bytes.overheadShare : null)} of the wire)`;
const perClient = (t: TransportResult): string => formatDecimal(safeDivide(t.requests.http, t.clients), 1);

const CHART_ROWS: ChartRow[] = [
  {
    aspect: 'communication mode',
    http: (t) => `request–response: ${formatInteger(t.requests.http)} requests for ${formatInteger(t.events.delivered)} deliveries`,
    longPoll: (t) => `long poll: ${formatInteger(t.requests.http)} requests for ${formatInteger(t.events.delivered)}`,
    ws: (t) =>
      `two-way, long-lived: ${formatInteger(t.requests.http)} HTTP requests after ` +
      `${formatInteger(t.requests.handshakes)} handshakes, ${formatInteger(t.events.delivered)} deliveries`,
  },
  {
    aspect: 'connection state',
    http: (t) =>
      `a request for every exchange: ${perClient(t)} requests per client ` +
      `over ${formatInteger(t.requests.connections)} TCP connections`,
    longPoll: (t) => `long poll: ${perClient(t)} requests per client`,
    ws: (t) =>
      t.requests.connections === t.clients && t.requests.handshakes === t.clients
        ? `one handshake per client, then ${formatInteger(t.requests.connections)} connections stayed open`
        : `one handshake per client, then the connection stays: ${formatInteger(t.requests.handshakes)} ` +
          `handshakes, ${formatInteger(t.requests.connections)} TCP connections for ${formatInteger(t.clients)} clients`,
  },
  {
    aspect: 'data transfer',
    http: (t) => `full headers on every message: ${overhead(t)}`,
    longPoll: (t) => `long poll: ${overhead(t)}`,
    ws: (t) => `light frame headers: ${overhead(t)}`,
  },
  {
    aspect: 'real-time capability',
    http: (t) => `weak (emulated by polling): ${p50p99(t)}`,
    longPoll: (t) => `long poll: ${p50p99(t)}`,
    ws: (t) => `strong (the server pushes): ${p50p99(t)}`,
  },
  {
    aspect: 'fits',
    http: (t) =>
      `REST APIs, static data: ${formatPercent(safeDivide(t.requests.empty, t.requests.http))} of polls came back empty`,
    ws: (t) => `chat, notifications, IoT, games: ${keep(`p99 ${withUnit(t.latencyMs?.p99)}`)}`,
  },
];

function notRun(transport: Transport): string {
  return `not run (add --transports ${transport})`;
}

function chart(c: ChalkInstance, result: ComparisonResult): string {
  const find = (name: Transport): TransportResult | undefined => result.transports.find((t) => t.transport === name);
  const poll = find('poll');
  const longPoll = find('long-poll');
  const ws = find('ws');
  // 16 + 40 + 40 columns (1 space of padding each side) plus 4 border characters = TABLE_WIDTH.
  const table = newTable(c, ['', 'HTTP (polling)', 'WebSocket (push)'], {
    colWidths: [16, 40, 40],
    wordWrap: true,
    style: { head: [], border: [], compact: false },
  });
  const wrap = (text: string): string => wrapText(text, 38);
  for (const row of CHART_ROWS) {
    const httpLines = [poll ? row.http(poll) : notRun('poll')];
    if (longPoll && row.longPoll) httpLines.push(row.longPoll(longPoll));
    table.push([row.aspect, wrap(httpLines.join('\n')), wrap(ws ? row.ws(ws) : notRun('ws'))]);
  }
  return `${table.toString()}\noverhead = client wire bytes − event JSON bytes; latency = publish → receipt`;
}
