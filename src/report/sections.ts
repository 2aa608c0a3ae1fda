// The neutral model every human-facing reporter renders: the same sections, rows and figures,
// already formatted as text, with no colour and no layout. `table.ts` and `markdown.ts` only
// decide how it looks, so a metric is defined once, here.
import type { ComparisonResult, TransportResult } from '../shared/result-types.js';
import { TRANSPORT_LABELS } from '../shared/transports.js';
import {
  MISSING,
  formatBytes,
  formatDecimal,
  formatInteger,
  formatMs,
  formatPercent,
  formatRatio,
  formatSpan,
  safeDivide,
} from './format.js';
import { atScaleSections } from './at-scale.js';
import { ceilingNotes, pollRateRow } from './ceiling.js';
import { radioSections, tcpSections } from './network.js';
import { recoverySections } from './recovery.js';
import { DISTRIBUTION_BUCKETS, latencyDistributions } from './distribution.js';
import { buildChart, type ChartModel } from './chart.js';
import { overheadPerEvent, overheadShare, perDelivered, wireBytes } from './figures.js';
import { wireSection } from './wire.js';
import { costSection } from './cost.js';
import { intermediaryNotes } from './intermediary.js';
import { essentialsSection } from './essentials.js';
import { verdictOf } from './verdict.js';
import { REFETCH_NOTE, payloadLabel, refetchRow } from './app.js';
import { transportHead, type ByteAgreement, type Cell, type MetricSection } from './section-model.js';
import { buildHeader, type ReportHeader } from './header.js';

export { PARTIAL_HEADLINE, type ReportHeader } from './header.js';

/** Everything the table and Markdown reporters show before the checks. */
export interface ReportModel {
  header: ReportHeader;
  /** What the run found, in a few sentences: read first in every layout. */
  verdict: string[];
  /** One row per transport of what matters most: the compact view's one table. */
  essentials: MetricSection;
  /** Every table (`--details`), rows that say nothing left out. */
  sections: MetricSection[];
  chart: ChartModel;
}

/** Shown instead of a metric table when the result has no transport. */
export const NO_TRANSPORT = 'no transport ran';

/** Why server-side figures are missing when the server is someone else's. */
export const NOT_AVAILABLE_NOTE =
  "Server-side figures (the server's byte counts, headers, framing, its cost): not available: external server. " +
  "Bytes are those of the tool's receivers' sockets; nothing is estimated in their place.";

/** Builds the neutral model of a result's header, metric sections and chart. Pure. */
export function buildReport(result: ComparisonResult, options: { plainDistribution?: boolean } = {}): ReportModel {
  const transports = result.transports;
  const latency = metricSection('Latency (publish → receipt, ms)', transports, LATENCY_METRICS);
  const distributions = latencyDistributions(result, { plain: Boolean(options.plainDistribution) });
  if (distributions) {
    latency.rows.push({
      label: 'distribution',
      cells: transports.map((t) => text(distributions.cells[t.transport] ?? MISSING)),
    });
    latency.notes = [
      `distribution: where each transport's deliveries fall on one log axis from ${formatMs(distributions.lowMs)} ` +
        `to ${formatMs(distributions.highMs)} ms ` +
        `(${DISTRIBUTION_BUCKETS} buckets; the darker, the more of its deliveries fall there)`,
    ];
  }
  const intermediary = intermediaryNotes(result);
  if (intermediary.length > 0) latency.notes = [...(latency.notes ?? []), ...intermediary];
  const bytes = metricSection('Bytes (counted at the TCP sockets)', transports, BYTE_METRICS);
  const payload = bytes.rows.find((row) => row.label === BYTE_METRICS[3]![0]);
  if (payload) payload.label = payloadLabel(result);
  const counted = transports.filter((t) => t.bytes.serverSent !== null);
  if (counted.length > 0) bytes.agreement = counted.map(byteAgreement);
  if (counted.length < transports.length) bytes.notes = [...(bytes.notes ?? []), NOT_AVAILABLE_NOTE];
  const requests = metricSection('Requests & delivery', transports, REQUEST_METRICS);
  const pollRates = pollRateRow(result);
  if (pollRates && transports.length > 0) requests.rows.splice(1, 0, pollRates);
  const refetch = refetchRow(transports);
  if (refetch) requests.rows.splice(requests.rows.findIndex((row) => row.label === 'duplicates') + 1, 0, refetch);
  const requestNotes = [
    ...(refetch ? [REFETCH_NOTE] : []),
    ...transports.flatMap((t) => (t.publisher ? [publisherLine(t)] : [])),
    ...ceilingNotes(result),
  ];
  if (requestNotes.length > 0) requests.notes = requestNotes;
  const wire = wireSection(result);
  return {
    header: buildHeader(result),
    verdict: verdictOf(result),
    essentials: essentialsSection(result),
    sections: [
      latency,
      bytes,
      ...optional(wire),
      requests,
      ...optional(costSection(transports)),
      ...atScaleSections(result),
      ...tcpSections(result),
      ...radioSections(result),
      ...recoverySections(result),
    ].map(withoutEmptyRows),
    chart: buildChart(result),
  };
}

type Metric = readonly [label: string, cell: (t: TransportResult) => Cell];

function metricSection(title: string, transports: TransportResult[], metrics: readonly Metric[]): MetricSection {
  if (transports.length === 0) return { title, columns: [], rows: [] };
  return {
    title,
    columns: transports.map(transportHead),
    rows: metrics.map(([label, cell]) => ({ label, cells: transports.map(cell) })),
  };
}

const text = (value: string): Cell => ({ lines: [value], tone: 'plain' });
/** A count that is trouble whenever it is above zero (lost events, duplicates). */
const alarm = (n: number): Cell => ({ lines: [formatInteger(n)], tone: n > 0 ? 'bad' : 'plain' });

const LATENCY_METRICS: readonly Metric[] = [
  ['samples', (t) => text(t.latencyMs ? formatInteger(t.latencyMs.samples) : MISSING)],
  ['p50', (t) => text(formatMs(t.latencyMs?.p50))],
  ['p90', (t) => text(formatMs(t.latencyMs?.p90))],
  ['p99', (t) => text(formatMs(t.latencyMs?.p99))],
  ['p99.9', (t) => text(formatMs(t.latencyMs?.p999))],
  ['max', (t) => text(formatMs(t.latencyMs?.max))],
  ['mean', (t) => text(formatMs(t.latencyMs?.mean))],
  ['model mean', (t) => text(formatMs(t.model?.latencyMeanMs))],
  ['mean ÷ model', (t) => text(modelRatio(t.latencyMs?.mean, t.model?.latencyMeanMs, 1))],
  ['model max', (t) => text(formatMs(t.model?.latencyMaxMs))],
];

const BYTE_METRICS: readonly Metric[] = [
  ['client sent', (t) => text(formatBytes(t.bytes.clientSent))],
  ['client received', (t) => text(formatBytes(t.bytes.clientReceived))],
  ['total wire', (t) => text(formatBytes(wireBytes(t)))],
  ['payload (event JSON)', (t) => text(formatBytes(t.bytes.payload))],
  ['per delivered event', (t) => text(formatBytes(perDelivered(t, t.bytes.perEvent), 1))],
  ['overhead per event', (t) => text(formatBytes(overheadPerEvent(t), 1))],
  ['overhead share', (t) => text(formatPercent(overheadShare(t)))],
  ['header bytes', (t) => text(formatBytes(t.bytes.headers))],
  [
    'headers per request',
    (t) => text(formatBytes(safeDivide(t.bytes.headers, t.requests.http + t.requests.handshakes), 1)),
  ],
  ['headers per event', (t) => text(formatBytes(perDelivered(t, safeDivide(t.bytes.headers, t.events.delivered)), 1))],
  ['framing per event', (t) => text(formatBytes(safeDivide(t.bytes.framing, t.server?.eventsWritten), 1))],
  ['model per event', (t) => text(formatBytes(t.model?.bytesPerEvent, 1))],
  ['per event ÷ model', (t) => text(modelRatio(perDelivered(t, t.bytes.perEvent), t.model?.bytesPerEvent, 0))],
];

const REQUEST_METRICS: readonly Metric[] = [
  ['HTTP requests', (t) => text(formatInteger(t.requests.http))],
  ['empty responses', (t) => text(formatInteger(t.requests.empty))],
  ['TCP connections', (t) => text(formatInteger(t.requests.connections))],
  ['connect time (all seen)', (t) => text(t.connectMs === undefined ? MISSING : formatSpan(t.connectMs))],
  ['WebSocket handshakes', (t) => text(formatInteger(t.requests.handshakes))],
  ['requests per event', (t) => text(formatRatio(perDelivered(t, t.requests.perEvent)))],
  ['model requests per event', (t) => text(formatRatio(t.model?.requestsPerEvent))],
  ['delivered / expected', (t) => text(`${formatInteger(t.events.delivered)} / ${formatInteger(t.events.expected)}`)],
  ['lost', (t) => alarm(t.events.lost)],
  ['duplicates', (t) => alarm(t.events.duplicates)],
  ['out of order', (t) => text(formatInteger(t.events.outOfOrder))],
  ['errors', (t) => errorsCell(t.errors)],
];

/**
 * Measured ÷ predicted, as `1.04×`. Latency predictions under 1 ms (bare loopback, where the
 * model ignores processing time) give no meaningful ratio, so none is shown.
 */
function modelRatio(measured: number | null | undefined, predicted: number | undefined, floor: number): string {
  if (predicted === undefined || predicted <= floor) return MISSING;
  const ratio = safeDivide(measured, predicted);
  return ratio === null ? MISSING : `${formatDecimal(ratio, 2)}×`;
}

/** Error counts as `CODE×n`, one per line so a transport column stays narrow; `none` when empty. */
function errorsCell(errors: Record<string, number>): Cell {
  const entries = Object.entries(errors).filter(([, n]) => n > 0);
  if (entries.length === 0) return text('none');
  return { lines: entries.map(([code, n]) => `${code}×${formatInteger(n)}`), tone: 'bad' };
}

/** The tool's publisher's own line for one phase against a target: not counted in the transport's bytes. */
function publisherLine(t: TransportResult): string {
  const p = t.publisher!;
  const faults = Object.entries(p.errors).map(([code, n]) => `${code}×${formatInteger(n)}`);
  return (
    `Publisher (the tool) during ${TRANSPORT_LABELS[t.transport]}: ${formatInteger(p.requests)} publishes, ` +
    `${formatInteger(t.events.published)} accepted, ${formatBytes(p.bytesWritten)} sent and ` +
    `${formatBytes(p.bytesRead)} received ` +
    `on ${formatInteger(p.connections)} connection${p.connections === 1 ? '' : 's'}` +
    (faults.length > 0 ? `; faults ${faults.join(', ')}` : '')
  );
}

function byteAgreement(t: TransportResult): ByteAgreement {
  const b = { ...t.bytes, serverSent: t.bytes.serverSent ?? 0, serverReceived: t.bytes.serverReceived ?? 0 };
  const label = TRANSPORT_LABELS[t.transport];
  if (b.serverReceived === b.clientSent && b.serverSent === b.clientReceived)
    return { label, agree: true, details: [] };
  // Exact integers here whatever the size: a mismatch of a few bytes must not round away.
  const pair = (serverWhat: string, server: number, clientWhat: string, client: number): string =>
    server === client
      ? `${serverWhat} = ${clientWhat} (${formatInteger(server)} B)`
      : `${serverWhat} ${formatInteger(server)} B vs ${clientWhat} ${formatInteger(client)} B ` +
        `(difference ${formatInteger(server - client)} B)`;
  return {
    label,
    agree: false,
    details: [
      pair('server received', b.serverReceived, 'client sent', b.clientSent),
      pair('server sent', b.serverSent, 'client received', b.clientReceived),
    ],
  };
}

/** A section without the rows that say nothing (every cell `–`: no model, no server counts, no ratio). */
function withoutEmptyRows(section: MetricSection): MetricSection {
  return {
    ...section,
    rows: section.rows.filter((row) => row.cells.some((cell) => cell.lines.some((l) => l !== MISSING))),
  };
}

/** A section that may be absent, as a list of none or one. */
function optional(section: MetricSection | undefined): MetricSection[] {
  return section ? [section] : [];
}
