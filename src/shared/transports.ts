/**
 * The transport registry's description of each transport: what it is called and how it behaves,
 * as plain data every layer may read. Each layer keeps its own part of a transport beside it
 * (the client in clients/, the route in server/routes/, the model in model/), indexed by the
 * same id; nothing else decides by a transport's name. Adding a transport is one entry here
 * and its parts.
 */

/** How a transport's client gets events: it asks (request–response) or the server pushes. */
export type TransportFamily = 'polling' | 'push';

/** How the server knows a client is ready before a phase starts. */
export type ReadyOnServer =
  /** Its connection was accepted (a short poller's first request comes later). */
  | 'accepted'
  /** It waits for events there: a long poll held, a stream subscribed. */
  | 'waiting';

/** What a browser sends for the transport: a `fetch`, an `EventSource` stream, a WebSocket upgrade. */
export type BrowserRequest = 'fetch' | 'event-source' | 'websocket';

/** One transport as the registry describes it. */
export interface TransportSpec {
  /** Its name in tables and progress lines. */
  label: string;
  /**
   * Its colour in the terminal, the classroom page and the report, one of the Okabe–Ito palette (Okabe & Ito,
   * "Color Universal Design", 2008): told apart by colour-blind viewers and on a washed-out projector.
   */
  color: string;
  family: TransportFamily;
  /** True when clients ask on a timer (the phase then settles for one interval after the last event). */
  pollsOnTimer: boolean;
  readyOnServer: ReadyOnServer;
  browserRequest: BrowserRequest;
  /** True when `--deflate` compresses its frames (permessage-deflate). */
  deflates: boolean;
  /** True when the default run (no --transports) includes it; `all` always does. */
  inDefaultRun: boolean;
  /**
   * True when its requests become streams of one HTTP/2 connection under `--http2`; false keeps HTTP/1.1 (an upgrade,
   * Engine.IO).
   */
  http2Streams: boolean;
}

/** Every transport, in the order a comparison runs them. */
export const TRANSPORT_SPECS = {
  poll: {
    label: 'Short poll',
    color: '#D55E00',
    family: 'polling',
    pollsOnTimer: true,
    readyOnServer: 'accepted',
    browserRequest: 'fetch',
    deflates: false,
    inDefaultRun: true,
    http2Streams: true,
  },
  'long-poll': {
    label: 'Long poll',
    color: '#E69F00',
    family: 'polling',
    pollsOnTimer: false,
    readyOnServer: 'waiting',
    browserRequest: 'fetch',
    deflates: false,
    inDefaultRun: true,
    http2Streams: true,
  },
  sse: {
    label: 'SSE',
    color: '#009E73',
    family: 'push',
    pollsOnTimer: false,
    readyOnServer: 'waiting',
    browserRequest: 'event-source',
    deflates: false,
    inDefaultRun: true,
    http2Streams: true,
  },
  ws: {
    label: 'WebSocket',
    color: '#0072B2',
    family: 'push',
    pollsOnTimer: false,
    readyOnServer: 'waiting',
    browserRequest: 'websocket',
    deflates: true,
    inDefaultRun: true,
    http2Streams: false,
  },
  // Engine.IO's HTTP long polling first, then the upgrade to WebSocket. Left out of the default
  // run, which a fifth phase would take past 30 s.
  socketio: {
    label: 'Socket.IO',
    color: '#CC79A7',
    family: 'push',
    pollsOnTimer: false,
    readyOnServer: 'waiting',
    browserRequest: 'fetch',
    deflates: true,
    inDefaultRun: false,
    http2Streams: false,
  },
} as const satisfies Record<string, TransportSpec>;

/** One of the compared transports. */
export type Transport = keyof typeof TRANSPORT_SPECS;

/** The transports, in run order. */
export const TRANSPORTS = Object.keys(TRANSPORT_SPECS) as Transport[];

/** The transports of the default run, in run order. */
export const DEFAULT_TRANSPORTS = TRANSPORTS.filter((t) => TRANSPORT_SPECS[t].inDefaultRun);

/** Human names for the transports, used by reporters and progress lines. */
export const TRANSPORT_LABELS = Object.fromEntries(TRANSPORTS.map((t) => [t, TRANSPORT_SPECS[t].label])) as Record<
  Transport,
  string
>;

/** True when any of `transports` polls on a timer. */
export function anyPollsOnTimer(transports: readonly Transport[]): boolean {
  return transports.some((t) => TRANSPORT_SPECS[t].pollsOnTimer);
}

/**
 * The parts a transport may play where a layout needs one of a kind (the chart's short poll,
 * long poll and WebSocket sides; the whitepaper's poll and frame): decided by the registry's
 * description, never by a transport's name.
 */
export type TransportRole = 'short-poll' | 'held-poll' | 'websocket' | 'browser-push';

const ROLE_TESTS: Record<TransportRole, (spec: TransportSpec) => boolean> = {
  'short-poll': (spec) => spec.family === 'polling' && spec.pollsOnTimer,
  'held-poll': (spec) => spec.family === 'polling' && !spec.pollsOnTimer,
  websocket: (spec) => spec.browserRequest === 'websocket',
  'browser-push': (spec) => spec.family === 'push' && spec.browserRequest !== 'fetch',
};

/** True when `transport` plays `role`. */
export function playsRole(transport: Transport, role: TransportRole): boolean {
  return ROLE_TESTS[role](TRANSPORT_SPECS[transport]);
}

/** The first transport, in run order, that plays `role`. */
export function transportFor(role: TransportRole): Transport {
  const found = TRANSPORTS.find((t) => playsRole(t, role));
  if (!found) throw new Error(`no transport plays ${role}`);
  return found;
}
