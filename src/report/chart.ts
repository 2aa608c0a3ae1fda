// The classic HTTP vs WebSocket chart as a neutral model: each aspect is described once, with
// the words of the chart and the figures that check them, whether a run counted those figures
// or the model predicted them. Every layout (table, Markdown, explain) renders the same rows.
import { pushMessageBytes, steadyPollBytes } from '../model/wire-figures.js';
import type { ModelParams, PredictionDetail } from '../shared/model-types.js';
import type { ComparisonResult, TransportResult } from '../shared/result-types.js';
import { TRANSPORT_LABELS, type Transport } from '../shared/transports.js';
import { playsRole, transportFor, type TransportRole } from '../shared/transports.js';
import { WHITEPAPER } from './whitepaper.js';
import {
  MISSING,
  formatBytes,
  formatCompact,
  formatDecimal,
  formatInteger,
  formatLatency,
  formatPercent,
  formatRatio,
  isFigure,
  safeDivide,
} from './format.js';
import { overheadPerEvent, overheadShare } from './figures.js';

/**
 * A space that must not become a line break (it glues `p50 0.204 ms` together). Renderers that wrap
 * honour it and print a plain space; renderers that do not wrap just print a plain space.
 */
export const NBSP = '\u00a0';

/** One aspect of the classic HTTP vs WebSocket chart, with its evidence. */
export interface ChartRow {
  aspect: string;
  /** Short poll's line, then long poll's when it ran and the aspect has one. */
  http: string[];
  ws: string;
}

/** The classic chart, each claim checked by figures: a run's, or the model's. */
export interface ChartModel {
  title: string;
  /** Heads of the aspect, HTTP and WebSocket columns. */
  columns: readonly [aspect: string, http: string, ws: string];
  rows: ChartRow[];
  /** What the chart's terms mean, printed under it. */
  footnote: string;
}

/** One transport's figures for the chart: counted by a run, or predicted by the model for some parameters. */
export type Evidence =
  | { source: 'measured'; result: TransportResult }
  | { source: 'predicted'; detail: PredictionDetail };

/**
 * A TLS or HTTP/2 run's measured costs across transports: a short poll's, and a pushed message's (WebSocket's, else
 * SSE's).
 */
export interface WireEvidence {
  poll: TransportResult;
  push: TransportResult | undefined;
}

/** The chart's sides; a side that is absent did not run, and its cell says so. */
export interface ChartSides {
  poll?: Evidence;
  longPoll?: Evidence;
  ws?: Evidence;
  /** Present only for a measured run over TLS or HTTP/2. */
  wire?: WireEvidence;
  /** The run measured an app, whose lanes are its --receive options. */
  app?: boolean;
}

/** What a cell says after the chart's words: from a run's counts, or from the model's prediction. */
interface Figures {
  measured: (t: TransportResult) => string;
  predicted: (d: PredictionDetail) => string;
}

/** One side of an aspect: the chart's words, what joins them to the figures, and the figures. */
interface Claim extends Figures {
  words: string;
  joint: string;
}

/**
 * One aspect: its name, short poll's claim, long poll's figures (if the aspect has a line for it),
 * a last HTTP line for a TLS or HTTP/2 run (if it has one), WebSocket's claim.
 */
interface ChartAspect {
  aspect: string;
  http: Claim;
  longPoll?: Figures;
  wire?: (w: WireEvidence) => string;
  ws: Claim;
}

const claim = (words: string, figures: Figures, joint = ': '): Claim => ({ words, joint, ...figures });

/** Glues a figure to its label and unit so wrapping never splits `p50 0.204 ms`. */
const keep = (text: string): string => text.replaceAll(' ', NBSP);
const count = (n: number): string => formatInteger(n);

// Measured: a run's counts, exact, with the thousands separators of the metric tables; latency to 3 digits.
const overhead = (t: TransportResult): string =>
  `${keep(formatBytes(overheadPerEvent(t), 1))} overhead per event ` +
  `(${formatPercent(overheadShare(t))} of the wire)`;
const perClient = (t: TransportResult): string => formatDecimal(safeDivide(t.requests.http, t.clients), 1);

// Predicted: the model's figures, compact (no trailing zeros), as `explain` prints its parameters.
const ms = (value: number): string => keep(`${formatCompact(value)} ms`);
const bytes = (value: number): string => keep(`${formatCompact(value, 1)} B`);
const perEvent = (d: PredictionDetail, noun: string): string =>
  `${keep(`${formatRatio(d.prediction.requestsPerEvent)} ${noun}`)} per event`;

const LATENCY: Figures = {
  measured: (t) =>
    `${keep(`median ${formatLatency(t.latencyMs?.p50)}`)}, ${keep(`p99 ${formatLatency(t.latencyMs?.p99)}`)}`,
  predicted: (d) =>
    `${keep(`mean ${ms(d.prediction.latencyMeanMs)}`)}, ${keep(`max ${ms(d.prediction.latencyMaxMs)}`)}`,
};

const HEADERS: Figures = {
  measured: overhead,
  predicted: (d) => `${bytes(d.headerBytesPerEvent)} of headers per event`,
};

const times = (ratio: number | null): string => (isFigure(ratio) ? `${formatDecimal(ratio, 1)}×` : MISSING);

/**
 * A poll's steady-state cost against a pushed message's overhead on this run's wire, beside the whitepaper's 871 B vs 2
 * B.
 */
function wireCost({ poll, push }: WireEvidence): string {
  const pollBytes = steadyPollBytes(poll);
  const pushBytes = push ? pushMessageBytes(push) : null;
  // Only a positive cost on both sides makes a meaningful ratio.
  const ratio =
    isFigure(pollBytes) && isFigure(pushBytes) && pollBytes > 0 && pushBytes > 0 ? pollBytes / pushBytes : null;
  const paper = WHITEPAPER.pollHeaderBytes / WHITEPAPER.frameBytes;
  return (
    `this wire: a poll costs ${keep(formatBytes(pollBytes, 1))}, ` +
    `a pushed ${TRANSPORT_LABELS[push?.transport ?? transportFor('websocket')]} message ` +
    `${keep(formatBytes(pushBytes, 1))} beyond its JSON: ${times(ratio)} ` +
    `(the whitepaper: ${keep(`${WHITEPAPER.pollHeaderBytes} B`)} vs ${keep(`${WHITEPAPER.frameBytes} B`)}, ` +
    `${times(paper)})`
  );
}

const ASPECTS: readonly ChartAspect[] = [
  {
    aspect: 'communication mode',
    http: claim('request–response', {
      measured: (t) => `${count(t.requests.http)} requests for ${count(t.events.delivered)} deliveries`,
      predicted: (d) => `the client asks, the server answers: ${perEvent(d, 'requests')}`,
    }),
    longPoll: {
      measured: (t) => `${count(t.requests.http)} requests for ${count(t.events.delivered)}`,
      predicted: (d) => perEvent(d, 'requests'),
    },
    ws: claim('two-way, long-lived', {
      measured: (t) =>
        `${count(t.requests.http)} HTTP requests after ${count(t.requests.handshakes)} handshakes, ` +
        `${count(t.events.delivered)} deliveries`,
      predicted: (d) => `the server writes when it has news, ${perEvent(d, 'handshakes')}`,
    }),
  },
  {
    aspect: 'connection state',
    http: claim('a request for every exchange', {
      measured: (t) => `${perClient(t)} requests per client over ${count(t.requests.connections)} TCP connections`,
      predicted: (d) => `${keep(`${formatCompact(d.requestsPerClient)} polls`)} per client per phase`,
    }),
    longPoll: {
      measured: (t) => `${perClient(t)} requests per client`,
      predicted: (d) => `one request always held, ${keep(`${formatCompact(d.requestsPerClient)} requests`)} per client`,
    },
    ws: claim(
      'one handshake per client',
      {
        measured: (t) =>
          t.requests.connections === t.clients && t.requests.handshakes === t.clients
            ? `then ${count(t.requests.connections)} connections stayed open`
            : `then the connection stays: ${count(t.requests.handshakes)} handshakes, ` +
              `${count(t.requests.connections)} TCP connections for ${count(t.clients)} clients`,
        predicted: () => 'then the connection stays open for the whole phase',
      },
      ', ',
    ),
  },
  {
    aspect: 'data transfer',
    http: claim('full headers on every message', HEADERS),
    longPoll: HEADERS,
    wire: wireCost,
    ws: claim('light frame headers', {
      measured: overhead,
      predicted: (d) =>
        `${bytes(d.framingBytesPerEvent)} per frame, plus the handshake's ${bytes(d.headerBytesPerEvent)} share ` +
        `per event`,
    }),
  },
  {
    aspect: 'real-time capability',
    http: claim('weak (emulated by polling)', LATENCY),
    longPoll: LATENCY,
    ws: claim('strong (the server pushes)', LATENCY),
  },
  {
    aspect: 'fits',
    http: claim('REST APIs, static data', {
      measured: (t) => `${formatPercent(safeDivide(t.requests.empty, t.requests.http))} of polls came back empty`,
      predicted: (d) => `${keep(`${formatCompact(d.emptyShare * 100, 1)}%`)} of polls come back empty`,
    }),
    ws: claim('chat, notifications, IoT, games', {
      measured: (t) => keep(`p99 ${formatLatency(t.latencyMs?.p99)}`),
      predicted: (d) => `each event arrives one way (${ms(d.oneWayMs)}) after it happens`,
    }),
  },
];

function figures(f: Figures, e: Evidence): string {
  return e.source === 'measured' ? f.measured(e.result) : f.predicted(e.detail);
}

function say(c: Claim, e: Evidence): string {
  return `${c.words}${c.joint}${figures(c, e)}`;
}

function notRun(transport: Transport, app = false): string {
  return app ? `not run (add a lane: --receive '${transport} URL')` : `not run (add --transports ${transport})`;
}

const COLUMNS = ['', 'HTTP (polling)', 'WebSocket (push)'] as const;

/** The chart's rows for the given sides, through the same aspects whether measured or predicted. Pure. */
export function chartRows(sides: ChartSides): ChartRow[] {
  const { poll, longPoll, ws, wire, app } = sides;
  return ASPECTS.map((a) => ({
    aspect: a.aspect,
    http: [
      poll ? say(a.http, poll) : notRun(transportFor('short-poll'), app),
      ...(longPoll && a.longPoll ? [`long poll: ${figures(a.longPoll, longPoll)}`] : []),
      ...(wire && a.wire ? [a.wire(wire)] : []),
    ],
    ws: ws ? say(a.ws, ws) : notRun(transportFor('websocket'), app),
  }));
}

/**
 * Builds the chart from the short-poll, long-poll and WebSocket results; a missing side says `not
 * run`. Over TLS or HTTP/2, data transfer also weighs a poll against a pushed message. Pure.
 */
export function buildChart(result: ComparisonResult): ChartModel {
  const ran = (role: TransportRole): TransportResult | undefined =>
    result.transports.find((t) => playsRole(t.transport, role));
  const measured = (role: TransportRole): Evidence | undefined => {
    const found = ran(role);
    return found && { source: 'measured', result: found };
  };
  const poll = ran('short-poll');
  const modern = result.options.tls === true || result.options.http2 === true;
  const wire = modern && poll ? { poll, push: ran('websocket') ?? ran('browser-push') } : undefined;
  return {
    title: 'HTTP vs WebSocket, checked by this run',
    columns: COLUMNS,
    rows: chartRows({
      poll: measured('short-poll'),
      longPoll: measured('held-poll'),
      ws: measured('websocket'),
      wire,
      ...(result.options.app ? { app: true } : {}),
    }),
    footnote: 'overhead = client wire bytes − event JSON bytes; latency = publish → receipt',
  };
}

/** Builds the chart with the model's figures per client for `params` in every cell. Pure. */
export function buildPredictedChart(params: ModelParams, details: Record<Transport, PredictionDetail>): ChartModel {
  const predicted = (detail: PredictionDetail): Evidence => ({ source: 'predicted', detail });
  return {
    title: 'HTTP vs WebSocket, as the model predicts it',
    columns: COLUMNS,
    rows: chartRows({
      poll: predicted(details[transportFor('short-poll')]),
      longPoll: predicted(details[transportFor('held-poll')]),
      ws: predicted(details[transportFor('websocket')]),
    }),
    footnote: `figures per client for the parameters above; d = RTT/2 = ${ms(params.rttMs / 2)}, one-way transit`,
  };
}
