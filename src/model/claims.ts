// The famous figures, each carried over from its source with its citation, and how this machine's runs answer them:
// pure arithmetic over the scenarios' results.
import type { CompareOptions } from '../shared/options-types.js';
import {
  SCENARIOS_OF,
  type Citation,
  type ClaimFigure,
  type ClaimGroup,
  type ClaimName,
  type ScenarioName,
} from '../shared/reproduce-types.js';
import type { ComparisonResult, TransportResult } from '../shared/result-types.js';
import type { Transport } from '../shared/transports.js';
import { NOMINAL_HEADER_BYTES } from './headers.js';
import { steadyHeaderBytes } from './wire-figures.js';

/** The sources, cited exactly. */
export const SOURCES: Record<ClaimName, Citation> = {
  whitepaper: {
    authors: 'Peter Lubbers and Frank Greco (Kaazing)',
    title: 'HTML5 Web Sockets: A Quantum Leap in Scalability for the Web',
    published: 'websocket.org',
    year: 2010,
    where: 'its polling example and the three use cases (A, B, C), and the Ian Hickson quote it ends on',
  },
  rfc6202: {
    authors: 'S. Loreto, P. Saint-Andre, S. Salsano, G. Wilkins',
    title: 'Known Issues and Best Practices for the Use of Long Polling and Streaming in Bidirectional HTTP (RFC 6202)',
    published: 'IETF',
    year: 2011,
    where: '§2.2, maximal latency; §3.2, streaming’s in theory',
  },
  hpack: {
    authors: 'Cloudflare',
    title: 'HPACK: the silent killer (feature) of HTTP/2',
    published: 'The Cloudflare Blog',
    year: 2016,
    where: 'the post of 28 November 2016, on its own HTTP/2 traffic',
  },
};

/** What each source says, in one sentence of its own figures. */
const SAYS: Record<ClaimName, string> = {
  whitepaper:
    'A poll carries 871 B of request and response headers; at one poll or message a client a second, polling moves ' +
    '6.6, 66 and 665 Mbps for 1,000, 10,000 and 100,000 clients against WebSocket’s 0.015, 0.153 and 1.526 Mbps ' +
    '(2-byte frames, Mbps of 2^20 bits); Hickson: "reducing kilobytes of data to 2 bytes… and reducing latency from ' +
    '150 ms to 50 ms".',
  rfc6202:
    'A long poll’s maximal latency is over three network transits (long poll response, next long poll request, ' +
    'long poll response); streaming’s is one in theory, on a perfect network (in practice, §3.2 adds, at least three ' +
    'too).',
  hpack:
    'HPACK compressed the request (ingress) headers of Cloudflare’s HTTP/2 traffic by 76% (the figure as the post is ' +
    'quoted elsewhere, with 69% for egress; not yet checked against the post itself).',
};

/** The whitepaper's counting: Mbit of 2^20 bits, crowds of these sizes. */
const MBIT = 2 ** 20;
const CROWDS = [1_000, 10_000, 100_000] as const;
/** The whitepaper's Mbps for polling and for WebSocket, crowd by crowd (its use cases A, B, C). */
const PUBLISHED_MBPS = { poll: [6.6, 66, 665], ws: [0.015, 0.153, 1.526] } as const;

type Runs = Partial<Record<ScenarioName, ComparisonResult>>;

const find = (run: ComparisonResult | undefined, transport: Transport): TransportResult | undefined =>
  run?.transports.find((t) => t.transport === transport);
const div = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a == null || b == null || b === 0 || !Number.isFinite(a / b) ? null : a / b;
/** Seconds the clients were active (the duration for a result without `activeMs`). */
const activeSec = (t: TransportResult, run: ComparisonResult): number => (t.activeMs ?? run.options.durationMs) / 1000;

function figure(
  claim: string,
  published: number,
  measured: number | null,
  unit: string,
  why: string,
  basis: ClaimFigure['basis'] = 'measured',
): ClaimFigure {
  return { claim, published, measured, unit, basis, ratio: div(measured, published), why };
}

/** Header bytes of one poll (its request and answer), as the server read them. */
export const headersPerPoll = (poll: TransportResult): number | null => div(poll.bytes.headers, poll.requests.http);

/** Bytes of frame header around one pushed message, as the server wrote them. */
export const frameBytesPerMessage = (ws: TransportResult): number | null =>
  div(ws.bytes.framing, ws.server?.eventsWritten);

function whitepaper(runs: Runs): ClaimFigure[] {
  const run = runs.crowd;
  const poll = find(run, 'poll');
  const ws = find(run, 'ws');
  const clients = run?.options.clients ?? 0;
  const header = poll ? headersPerPoll(poll) : null;
  const frame = ws ? frameBytesPerMessage(ws) : null;
  // Bytes a client a second, counted as the whitepaper counted: headers per poll, frame headers per message.
  const pollRate = poll && run ? div(poll.bytes.headers, clients * activeSec(poll, run)) : null;
  // Messages a client a second while the schedule published (the whitepaper's one a second).
  const publishSec = (run?.options.publishWindowMs ?? 0) / 1000;
  const wsRate = ws && frame !== null ? div(frame * ws.events.delivered, clients * publishSec) : null;
  // Each crowd's Mbps of 2^20 bits from `perSec` bytes a client a second: measured at the run's own size, else projected.
  const crowdFigures = (who: string, published: readonly number[], perSec: number | null, what: string) =>
    CROWDS.map((n, i) =>
      figure(
        `${who}, ${n.toLocaleString('en-US')} clients`,
        published[i]!,
        perSec === null ? null : (perSec * n * 8) / MBIT,
        'Mbps',
        `${what}, counted as the whitepaper counted (Mbps of 2^20 bits); ${
          n === clients
            ? 'this crowd measured as it is'
            : `projected linearly from the ${clients.toLocaleString('en-US')} clients measured`
        }.`,
        n === clients ? 'measured' : 'projected',
      ),
    );
  const transits = runs.transits;
  const longPoll = find(transits, 'long-poll');
  const push = find(transits, 'ws');
  return [
    figure(
      'header bytes per poll (request and answer)',
      NOMINAL_HEADER_BYTES.browser,
      header,
      'B',
      'Today’s browser request headers as the tool sends them (--headers browser) and the demo server’s answer, not a ' +
        '2010 browser’s and its server’s.',
    ),
    ...crowdFigures(
      'polling',
      PUBLISHED_MBPS.poll,
      pollRate,
      'Headers only, at the polls per second the clients really made',
    ),
    ...crowdFigures(
      'WebSocket',
      PUBLISHED_MBPS.ws,
      wsRate,
      'Frame headers only, at the messages a client received a second while events were published',
    ),
    figure(
      'Hickson: a message’s framing',
      2,
      frame,
      'B',
      'The server’s frames to a client carry 2 header bytes up to 125 B of payload (RFC 6455); a client’s frames ' +
        'are masked and carry 6, and a longer event needs 4 or 10.',
    ),
    figure(
      'Hickson: polling’s latency',
      150,
      longPoll?.latencyMs?.max ?? null,
      'ms',
      'The worst a long poll waited with 50 ms each way (--rtt 100ms): three transits of 50 ms make 150 ms, a long ' +
        'poll’s worst case as RFC 6202 counts it; the quote names no network, the 50 ms one way is this run’s.',
    ),
    figure(
      'Hickson: WebSocket’s latency',
      50,
      push?.latencyMs?.p50 ?? null,
      'ms',
      'The median WebSocket event over the same 50 ms one way: one transit and the machine’s own fraction of a ms.',
    ),
  ];
}

function rfc6202(runs: Runs): ClaimFigure[] {
  const run = runs.transits;
  const oneWay = run ? run.options.rttMs / 2 : 0;
  const longPoll = find(run, 'long-poll');
  const sse = find(run, 'sse');
  return [
    figure(
      'long poll, worst case (network transits)',
      3,
      div(longPoll?.latencyMs?.max, oneWay),
      'transits',
      `The longest an event waited over ${oneWay} ms each way: published while the client's next request was on its ` +
        'way, it waits for that request and the answer back.',
    ),
    figure(
      'streaming (SSE), an event (network transits)',
      1,
      div(sse?.latencyMs?.p50, oneWay),
      'transits',
      'The median SSE event: one transit on a connection already open, plus the machine’s own time.',
    ),
  ];
}

function hpack(runs: Runs): ClaimFigure[] {
  const h1 = find(runs.http1, 'poll');
  const h2 = find(runs.http2, 'poll');
  const steady1 = h1 ? steadyHeaderBytes(h1) : null;
  const steady2 = h2 ? steadyHeaderBytes(h2) : null;
  const saved = steady1 !== null && steady2 !== null && steady1 > 0 ? (1 - steady2 / steady1) * 100 : null;
  return [
    figure(
      'header compression (%)',
      76,
      saved,
      '%',
      'A poll repeats the same headers on one connection, so after the first request HPACK’s table sends almost none ' +
        'of them again; this counts requests and answers together, Cloudflare requests alone over varied traffic.',
    ),
  ];
}

/** The options of a scenario, as a user would type them. */
export function scenarioLine(o: CompareOptions): string {
  return [
    `--transports ${o.transports.join(',')}`,
    `--clients ${o.clients}`,
    `--rate ${o.ratePerSec}`,
    `--duration ${o.durationMs / 1000}s`,
    ...(o.transports.includes('poll') ? [`--poll-interval ${o.pollIntervalMs}ms`] : []),
    ...(o.headers !== 'minimal' ? [`--headers ${o.headers}`] : []),
    ...(o.rttMs > 0 ? [`--rtt ${o.rttMs}ms`] : []),
    ...(o.http2 ? ['--http2'] : []),
  ].join(' ');
}

const FIGURES: Record<ClaimName, (runs: Runs) => ClaimFigure[]> = { whitepaper, rfc6202, hpack };

/** Each named claim's group: its source, what it says, the scenarios run and each figure beside this machine's. */
export function claimGroups(
  names: readonly ClaimName[],
  runs: Runs,
  optionsOf: (name: ScenarioName) => CompareOptions,
): ClaimGroup[] {
  return names.map((name) => ({
    name,
    source: SOURCES[name],
    says: SAYS[name],
    scenario: SCENARIOS_OF[name].map((s) => `compare ${scenarioLine(optionsOf(s))}`).join('; '),
    figures: FIGURES[name](runs),
  }));
}
