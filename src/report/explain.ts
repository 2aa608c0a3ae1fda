import type { ChalkInstance } from 'chalk';
import type { ModelExplanation, ModelParams, PredictionDetail } from '../shared/model-types.js';
import { TRANSPORT_LABELS, type Transport } from '../shared/transports.js';
import { NBSP, buildPredictedChart } from './chart.js';
import { formatBytes, formatCompact, formatMs, formatRatio } from './format.js';
import { TERMINAL_WIDTH, chalkFor, chartTable, hangingIndent, newTable, section, wrapText } from './terminal.js';

/** Widest line `explain` prints, in terminal columns. */
export const EXPLAIN_WIDTH = TERMINAL_WIDTH;

/** Options of `renderExplain`: `color` switches chalk on or off. */
export interface ExplainOptions {
  color: boolean;
  /** The terminal's width in columns (EXPLAIN_WIDTH when absent). */
  width?: number;
}

/**
 * Lays out what the model predicts (the model computed it; nothing runs): the parameters, the
 * classic chart with the model's figure in each cell, a predictions table, and why. Pure, never prints.
 */
export function renderExplain(explanation: ModelExplanation, options: ExplainOptions): string {
  const c = chalkFor(options);
  const width = options.width ?? EXPLAIN_WIDTH;
  const { params, details } = explanation;
  const chart = buildPredictedChart(params, details);
  const blocks = [
    section(
      c,
      'The model: what theory predicts (nothing is run)',
      parameterLines(params, explanation.headerSource, width),
    ),
    section(c, chart.title, chartTable(c, chart, width)),
    section(c, 'Predictions per client', predictionTable(c, explanation.transports, details)),
    section(c, 'Why', reasons(c, explanation, width)),
    section(c, 'Assumptions', explanation.assumptions.map((a) => hanging('- ', a, width)).join('\n')),
  ];
  return `${blocks.join('\n\n')}\n`;
}

function parameterLines(params: ModelParams, headerSource: string, width: number): string {
  const d = params.rttMs / 2;
  const lines = [
    `T = ${formatCompact(params.pollIntervalMs)} ms poll interval · RTT = ${formatCompact(params.rttMs)} ms ` +
      `(d = ${formatCompact(d)} ms one way) · λ = ${formatCompact(params.ratePerSec, 3)} ` +
      `event${params.ratePerSec === 1 ? '' : 's'} per second`,
    `H = ${formatCompact(params.headerBytesPerPair, 1)} B of headers per request and response (${headerSource})`,
    `p = ${formatCompact(params.eventBytes, 1)} B of event JSON · long-poll timeout ` +
      `${formatCompact(params.longPollTimeoutMs)} ms · ` +
      `phase ${formatCompact(params.durationMs)} ms with ${formatCompact(params.eventsPerPhase)} events`,
    ...wireLines(params),
  ];
  return lines.map((line) => wrap(line, width)).join('\n');
}

/** The wire's own parameters, where there are any: R per TLS write, C per connection, the upgrade's own H and C. */
function wireLines(params: ModelParams): string[] {
  if (params.tlsRecordBytes === 0 && params.connectionBytes === 0 && !params.http2) return [];
  const tls = params.tlsRecordBytes > 0;
  const wire = `${params.http2 ? 'HTTP/2' : 'HTTP/1.1'}${tls ? ' over TLS' : ''}`;
  // What C holds on this wire, named part by part.
  const parts = [
    ...(tls ? ['TLS handshake'] : []),
    ...(params.http2 ? ['HTTP/2 upkeep', "HPACK's first exchange"] : []),
  ];
  const lines = [
    `wire: ${wire} · R = ${formatCompact(params.tlsRecordBytes)} B of TLS per write · ` +
      `C = ${formatCompact(params.connectionBytes, 1)} B per connection, once (${parts.join(', ')})`,
  ];
  if (params.upgrade) {
    lines.push(
      `WebSocket keeps its HTTP/1.1 upgrade: H = ${formatCompact(params.upgrade.headerBytesPerPair, 1)} B, ` +
        `C = ${formatCompact(params.upgrade.connectionBytes, 1)} B per connection`,
    );
  }
  return lines;
}

function predictionTable(
  c: ChalkInstance,
  transports: readonly Transport[],
  details: Record<Transport, PredictionDetail>,
): string {
  const table = newTable(c, ['', ...transports.map((t) => TRANSPORT_LABELS[t])], {
    colAligns: ['left', ...transports.map(() => 'right' as const)],
  });
  const row = (label: string, figure: (d: PredictionDetail) => string): void => {
    table.push([label, ...transports.map((t) => figure(details[t]))]);
  };
  row('mean latency (ms)', (d) => formatMs(d.prediction.latencyMeanMs));
  row('max latency (ms)', (d) => formatMs(d.prediction.latencyMaxMs));
  row('requests per event', (d) => formatRatio(d.prediction.requestsPerEvent));
  row('bytes per event', (d) => formatBytes(d.prediction.bytesPerEvent, 1));
  return table.toString();
}

function reasons(c: ChalkInstance, explanation: ModelExplanation, width: number): string {
  return explanation.transports
    .map((t) => {
      const why = explanation.reasons[t];
      const lines = [
        hanging('  latency: ', why.latency, width),
        hanging('  requests: ', why.requests, width),
        hanging('  bytes: ', why.bytes, width),
      ];
      return [c.bold(TRANSPORT_LABELS[t]), ...lines].join('\n');
    })
    .join('\n');
}

/** `text` wrapped to the explain width under `prefix`, later lines indented to match. */
function hanging(prefix: string, text: string, width: number): string {
  return hangingIndent(prefix, wrap(text, width - prefix.length));
}

/**
 * Word-wraps prose at ordinary spaces. The model's sentences are plain text, so a number and its
 * unit (`2 B`, `50 ms`) are glued with NBSP here first, and a line break never parts them.
 */
function wrap(text: string, width: number): string {
  return wrapText(text.replace(/(\d) (?=(?:ms|B)\b)/g, `$1${NBSP}`), width);
}
