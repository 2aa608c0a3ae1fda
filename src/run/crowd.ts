import { setTimeout as delay } from 'node:timers/promises';
import { CLIENTS } from '../clients/index.js';
import { APP_READ_LIMITS, readLimitsFor } from '../clients/read-limits.js';
import type { AppReceiver } from '../shared/app-types.js';
import { answerTimeoutFor, type ClientConditions, type TransportClient } from '../clients/client-context.js';
import { browserRequestHeaders } from '../shared/browser-headers.js';
import { CostMeter, type ProcessCost } from '../shared/process-cost.js';
import type { PhaseRecorder } from '../metrics/recorder.js';
import type { SocketMeter } from '../metrics/socket-meter.js';
import type { ServerSnapshot } from '../server/protocol.js';
import { RADIO_MODELS, radioSpend } from '../model/radio.js';
import { msUntil } from '../shared/clock.js';
import { seededRandom } from '../shared/random.js';
import { TRANSPORT_SPECS, type Transport } from '../shared/transports.js';
import type { CompareOptions } from '../shared/options-types.js';
import type { SocketTracker } from '../shared/run-types.js';
import type { EventSource } from './event-source.js';
import { wireFor } from './tls-probe.js';

/** Clients that open their connections at the same time. */
const CONNECT_BATCH = 256;
/**
 * Clients that close at the same time: a crowd of ten thousand closing at once would keep the server's close handshakes
 * waiting past their own timeouts.
 */
const CLOSE_BATCH = 1024;
/** How long closing sockets may take before they are counted as a fault and destroyed: 5 s, plus 1 ms a client. */
const closeTimeoutMs = (clients: number): number => 5000 + clients;

/**
 * How often the server's counts are asked for while waiting on them: every 20 ms for a small
 * crowd, less often for a large one, whose every answer walks all its sockets (250 ms at 100,000).
 */
export function pollEveryMs(clients: number, floorMs: number): number {
  return Math.max(floorMs, Math.min(250, clients / 400));
}

/** One transport's simulated clients, created together, connected in batches, stopped together. */
export interface Crowd {
  clients: TransportClient[];
  /**
   * Connects the clients not yet connected, up to the first `upTo` of them (all when absent),
   * `onBatch` after each batch with how many have connected.
   */
  connect(onBatch: (connected: number) => void, signal?: AbortSignal, upTo?: number): Promise<void>;
  /** Starts every client's traffic; `startAtNs` is when the first event is due, on the shared clock. */
  begin(startAtNs: bigint): void;
  /** Stops every client; those that do not finish in time have their sockets destroyed. */
  stop(): Promise<void>;
  /** Changes the clients' conditions mid-run: the poll interval from the next tick, headers from the next request. */
  change(changed: Partial<Pick<CompareOptions, 'pollIntervalMs' | 'headers' | 'customHeaders'>>): void;
  /** Once stopped: what the phase cost each process that held these clients (this one, or the client processes). */
  costs(): ProcessCost[];
  /** What a live view reads while clients run elsewhere (absent: the phase's own recorder and meter are live). */
  live?: LaneTallies;
}

/** What a live view reads of a transport's clients while they run. */
export interface LaneTallies {
  recorder: PhaseRecorder;
  meter: Pick<SocketMeter, 'totals'>;
}

/** The extra request headers of `transport` under the run's header profile (none for minimal). */
function requestHeadersFor(
  transport: Transport,
  options: CompareOptions,
  origin: string,
): Record<string, string> | undefined {
  if (options.headers === 'browser') return browserRequestHeaders(origin, transport);
  return options.headers === 'file' ? options.customHeaders : undefined;
}

/** An app's lane for `transport` (`--receive`), when the run measures an app as it is. */
export function appRoute(transport: Transport, options: Pick<CompareOptions, 'app'>): AppReceiver | undefined {
  return options.app?.receivers.find((receiver) => receiver.transport === transport);
}

/** Where `transport`'s clients connect: its app route's origin, or the source's URL. */
export function laneUrl(
  transport: Transport,
  options: Pick<CompareOptions, 'app'>,
  source: Pick<EventSource, 'url'>,
): string {
  const route = appRoute(transport, options);
  return route ? new URL(route.url).origin : source.url;
}

/** Creates `options.clients` clients of `transport` against `url`, recording into `recorder` and `meter`. */
export function createCrowd(
  transport: Transport,
  options: CompareOptions,
  source: Pick<EventSource, 'url' | 'wire' | 'wsUrl'>,
  recorder: PhaseRecorder,
  meter: SocketMeter,
): Crowd {
  const url = laneUrl(transport, options, source);
  const route = appRoute(transport, options);
  // The same seed gives every polling transport the same client phases, run after run.
  const random = seededRandom(options.seed);
  const conditions: ClientConditions = { pollIntervalMs: options.pollIntervalMs };
  const setHeaders = (profile: CompareOptions): void => {
    const headers = requestHeadersFor(transport, profile, url);
    if (headers) conditions.requestHeaders = headers;
    else delete conditions.requestHeaders;
  };
  setHeaders(options);
  // A radio model reads each client's timeline of messages, from the phase's start to its stop.
  if (options.radio) recorder.timelines = [];
  let beganMs = performance.now();
  // What holding these clients costs this process, from their creation to their stop.
  const cost = new CostMeter();
  let spent: ProcessCost | undefined;
  /** Clients connected so far, in order. */
  let connected = 0;
  // The meter, told also of each connection attempt: a restart's reconnects are counted from them.
  const tracker: SocketTracker = {
    track: (socket) => meter.track(socket),
    ready: (protocol, secure) => meter.ready(protocol, secure),
    attempt: () => recorder.recovery.attempt(),
  };
  const clients = Array.from({ length: options.clients }, () =>
    CLIENTS[transport]({
      url,
      recorder: recorder.forClient(),
      meter: tracker,
      wire: wireFor(transport, source.wire),
      conditions,
      ...(source.wsUrl ? { wsUrl: source.wsUrl } : {}),
      ...(route ? { route } : {}),
      ...(options.deflate ? { deflate: true } : {}),
      ...(options.socketIoEvent ? { socketIoEvent: options.socketIoEvent } : {}),
      longPollTimeoutMs: options.longPollTimeoutMs,
      phaseMs: random() * options.pollIntervalMs,
      limits: route ? APP_READ_LIMITS : readLimitsFor(options.payloadBytes),
      answerTimeoutMs: answerTimeoutFor(options.clients),
      ...(options.target === undefined && options.app === undefined ? { resumeInAuth: true } : {}),
    }),
  );
  return {
    clients,
    begin: (startAtNs) => {
      recorder.recovery.begin(startAtNs, options.restartAtMs);
      beganMs = performance.now() + msUntil(startAtNs);
      for (const client of clients) client.begin(startAtNs);
    },
    change: (changed) => {
      if (changed.pollIntervalMs !== undefined) conditions.pollIntervalMs = changed.pollIntervalMs;
      if (changed.headers !== undefined) setHeaders({ ...options, ...changed } as CompareOptions);
    },
    connect: async (onBatch, signal, upTo = clients.length) => {
      const end = Math.min(upTo, clients.length);
      while (connected < end && !signal?.aborted) {
        const batch = clients.slice(connected, Math.min(end, connected + CONNECT_BATCH));
        await Promise.all(batch.map((client) => client.connect()));
        connected += batch.length;
        onBatch(connected);
      }
    },
    stop: async () => {
      for (const client of clients) client.halt?.();
      const stopping = (async () => {
        for (let i = 0; i < clients.length; i += CLOSE_BATCH)
          await Promise.allSettled(clients.slice(i, i + CLOSE_BATCH).map((client) => client.stop()));
      })();
      // At most two timeouts in all: one for the clients to close (and the meter to see it), one after destroying what
      // did not.
      const timeoutMs = closeTimeoutMs(clients.length);
      const closed = (): Promise<boolean> => stopping.then(() => meter.whenAllClosed(timeoutMs));
      // Unref'd: a timer left pending after the race must not keep the process alive.
      const within = (done: Promise<boolean>): Promise<boolean> =>
        Promise.race([done, delay(timeoutMs, false, { ref: false })]);
      if (!(await within(closed()))) {
        recorder.fault('CLIENT_CLOSE_TIMEOUT');
        meter.destroyAll();
        await within(closed());
      }
      spent = cost.read();
      cost.stop();
      if (options.radio && recorder.timelines) {
        const model = RADIO_MODELS[options.radio];
        const stoppedMs = performance.now();
        for (const timeline of recorder.timelines)
          recorder.addRadio(radioSpend(model, timeline, beganMs, stoppedMs), stoppedMs - beganMs);
        recorder.timelines = undefined;
      }
    },
    costs: () => (spent ? [spent] : []),
  };
}

/**
 * How many of a phase's clients the server has seen, as the registry says it sees them: a
 * connection accepted (a poller's first request comes later, so its socket is not yet
 * attributed to a route), or a client waiting there (a long poll held, a stream subscribed).
 */
export function readyOnServer(transport: Transport, routes: ServerSnapshot['routes']): number {
  if (TRANSPORT_SPECS[transport].readyOnServer === 'accepted') {
    return (routes[transport]?.openSockets ?? 0) + (routes.unattributed?.openSockets ?? 0);
  }
  return routes[transport]?.waiting ?? 0;
}

/** How long the server may take to see every client after they connected: 10 s, plus 1 ms a client. */
const readyTimeoutMs = (clients: number): number => 10_000 + clients;

/**
 * Waits until the source has seen all `clients` (or `timeoutMs` passes); returns how many it
 * has seen. A source that cannot count takes the clients' word: all of them.
 */
export async function readyAtSource(
  source: EventSource,
  transport: Transport,
  clients: number,
  signal?: AbortSignal,
  timeoutMs = readyTimeoutMs(clients),
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // A source that died is the phase's fault to count (SERVER_EXIT), not this wait's.
    const snapshot = await source.stats().catch(() => null);
    if (snapshot === undefined) return clients;
    if (snapshot === null) return 0;
    const seen = readyOnServer(transport, snapshot.routes);
    if (seen >= clients || Date.now() > deadline || signal?.aborted) return Math.min(seen, clients);
    await delay(pollEveryMs(clients, 20));
  }
}
