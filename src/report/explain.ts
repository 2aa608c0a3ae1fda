import Table from 'cli-table3';
import { Chalk, type ChalkInstance } from 'chalk';
import { TRANSPORTS, TRANSPORT_LABELS, type ModelExplanation, type ModelParams, type PredictionDetail, type Transport } from '../shared/types.js';
import { NBSP } from './chart.js';
import { formatBytes, formatDecimal, formatMs, formatRatio } from './format.js';

/** Widest line `explain` prints, in terminal columns. */
export const EXPLAIN_WIDTH = 100;

/** Options of `renderExplain`: `color` switches chalk on or off. */
export interface ExplainOptions {
  color: boolean;
}

/**
 * Lays out what the model predicts (the model computed it; nothing runs): the parameters, the
 * classic chart with the model's figure in each cell, a predictions table, and why. Pure, never prints.
 */
export function renderExplain(explanation: ModelExplanation, options: ExplainOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const { params, details } = explanation;
  const blocks = [
    section(c, 'The model: what theory predicts (nothing is run)', parameterLines(params, explanation.headerSource)),
    section(c, 'HTTP vs WebSocket, as the model predicts it', chart(c, params, details)),
    section(c, 'Predictions per client', predictionTable(c, details)),
    section(c, 'Why', reasons(c, explanation)),
    section(c, 'Assumptions', explanation.assumptions.map((a) => hanging('- ', a)).join('\n')),
  ];
  return `${blocks.join('\n\n')}\n`;
}

function section(c: ChalkInstance, title: string, body: string): string {
  return `${c.bold(title)}\n${body}`;
}

/** A figure with at most `decimals` decimals and no trailing zeros: `1,000`, `137.37`; tiny ones as `formatRatio` shows them. */
function compact(value: number, decimals = 2): string {
  if (value !== 0 && Math.abs(value) < 10 ** -decimals) return formatRatio(value);
  const text = formatDecimal(value, decimals);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** Glues a figure to its words so wrapping never splits `mean 550 ms`. */
const keep = (text: string): string => text.replaceAll(' ', NBSP);
const ms = (value: number): string => keep(`${compact(value)} ms`);
const bytes = (value: number): string => keep(`${compact(value, 1)} B`);

function parameterLines(params: ModelParams, headerSource: string): string {
  const d = params.rttMs / 2;
  const lines = [
    `T = ${compact(params.pollIntervalMs)} ms poll interval · RTT = ${compact(params.rttMs)} ms ` +
      `(d = ${compact(d)} ms one way) · λ = ${compact(params.ratePerSec, 3)} ` +
      `event${params.ratePerSec === 1 ? '' : 's'} per second`,
    `H = ${compact(params.headerBytesPerPair, 1)} B of headers per request and response (${headerSource})`,
    `p = ${compact(params.eventBytes, 1)} B of event JSON · long-poll timeout ${compact(params.longPollTimeoutMs)} ms · ` +
      `phase ${compact(params.durationMs)} ms with ${compact(params.eventsPerPhase)} events`,
  ];
  return lines.map((line) => wrap(line, EXPLAIN_WIDTH)).join('\n');
}

interface ChartClaim {
  aspect: string;
  poll: (d: PredictionDetail) => string;
  longPoll?: (d: PredictionDetail) => string;
  ws: (d: PredictionDetail) => string;
}

const perEvent = (d: PredictionDetail, noun: string): string =>
  `${keep(`${formatRatio(d.prediction.requestsPerEvent)} ${noun}`)} per event`;
const meanMax = (d: PredictionDetail): string =>
  `${keep(`mean ${ms(d.prediction.latencyMeanMs)}`)}, ${keep(`max ${ms(d.prediction.latencyMaxMs)}`)}`;

const CLAIMS: readonly ChartClaim[] = [
  {
    aspect: 'communication mode',
    poll: (d) => `request–response: the client asks, the server answers: ${perEvent(d, 'requests')}`,
    longPoll: (d) => `long poll: ${perEvent(d, 'requests')}`,
    ws: (d) => `two-way, long-lived: the server writes when it has news, ${perEvent(d, 'handshakes')}`,
  },
  {
    aspect: 'connection state',
    poll: (d) => `a request for every exchange: ${keep(`${compact(d.requestsPerClient)} polls`)} per client per phase`,
    longPoll: (d) => `long poll: one request always held, ${keep(`${compact(d.requestsPerClient)} requests`)} per client`,
    ws: () => 'one handshake per client, then the connection stays open for the whole phase',
  },
  {
    aspect: 'data transfer',
    poll: (d) => `full headers on every message: ${bytes(d.headerBytesPerEvent)} of headers per event`,
    longPoll: (d) => `long poll: ${bytes(d.headerBytesPerEvent)} of headers per event`,
    ws: (d) =>
      `light frame headers: ${bytes(d.framingBytesPerEvent)} per frame, plus the handshake's ` +
      `${bytes(d.headerBytesPerEvent)} share per event`,
  },
  {
    aspect: 'real-time capability',
    poll: (d) => `weak (emulated by polling): ${meanMax(d)}`,
    longPoll: (d) => `long poll: ${meanMax(d)}`,
    ws: (d) => `strong (the server pushes): ${meanMax(d)}`,
  },
  {
    aspect: 'fits',
    poll: (d) => `REST APIs, static data: ${keep(`${compact(d.emptyShare * 100, 1)}%`)} of polls come back empty`,
    ws: (d) => `chat, notifications, IoT, games: each event arrives one way (${ms(d.oneWayMs)}) after it happens`,
  },
];

// Colour comes only from chalk, whose level the caller set: cli-table3's own styling would guess.
function newTable(c: ChalkInstance, head: string[], extra: Table.TableConstructorOptions = {}): Table.Table {
  return new Table({ head: head.map((h) => c.bold(h)), style: { head: [], border: [], compact: true }, ...extra });
}

function chart(c: ChalkInstance, params: ModelParams, details: Record<Transport, PredictionDetail>): string {
  // 16 + 40 + 40 columns plus 4 border characters = EXPLAIN_WIDTH; text is wrapped to 38 inside.
  const table = newTable(c, ['', 'HTTP (polling)', 'WebSocket (push)'], {
    colWidths: [16, 40, 40],
    wordWrap: true,
    style: { head: [], border: [], compact: false },
  });
  for (const claim of CLAIMS) {
    const http = [claim.poll(details.poll), ...(claim.longPoll ? [claim.longPoll(details['long-poll'])] : [])];
    table.push([claim.aspect, http.map((line) => wrap(line, 38)).join('\n'), wrap(claim.ws(details.ws), 38)]);
  }
  const footnote = `figures per client for the parameters above; d = RTT/2 = ${compact(params.rttMs / 2)} ms, one-way transit`;
  return `${table.toString()}\n${wrap(footnote, EXPLAIN_WIDTH)}`;
}

function predictionTable(c: ChalkInstance, details: Record<Transport, PredictionDetail>): string {
  const table = newTable(c, ['', ...TRANSPORTS.map((t) => TRANSPORT_LABELS[t])], {
    colAligns: ['left', ...TRANSPORTS.map(() => 'right' as const)],
  });
  const row = (label: string, figure: (d: PredictionDetail) => string): void => {
    table.push([label, ...TRANSPORTS.map((t) => figure(details[t]))]);
  };
  row('mean latency (ms)', (d) => formatMs(d.prediction.latencyMeanMs));
  row('max latency (ms)', (d) => formatMs(d.prediction.latencyMaxMs));
  row('requests per event', (d) => formatRatio(d.prediction.requestsPerEvent));
  row('bytes per event', (d) => formatBytes(d.prediction.bytesPerEvent, 1));
  return table.toString();
}

function reasons(c: ChalkInstance, explanation: ModelExplanation): string {
  return TRANSPORTS.map((t) => {
    const why = explanation.reasons[t];
    const lines = [
      hanging('  latency: ', why.latency),
      hanging('  requests: ', why.requests),
      hanging('  bytes: ', why.bytes),
    ];
    return [c.bold(TRANSPORT_LABELS[t]), ...lines].join('\n');
  }).join('\n');
}

/** `text` wrapped to the explain width under `prefix`, later lines indented to match. */
function hanging(prefix: string, text: string): string {
  const indent = ' '.repeat(prefix.length);
  return wrap(text, EXPLAIN_WIDTH - prefix.length)
    .split('\n')
    .map((line, i) => `${i === 0 ? prefix : indent}${line}`)
    .join('\n');
}

/**
 * Word-wraps at ordinary spaces only, then prints NBSP as a space. NBSP glues a figure to its
 * words; a number and its unit (`2 B`, `50 ms`) are glued here, as the model's reasons are plain.
 */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.replace(/(\d) (?=(?:ms|B)\b)/g, `$1${NBSP}`).split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n').replaceAll(NBSP, ' ');
}
