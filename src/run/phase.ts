import { setTimeout as delay } from 'node:timers/promises';
import { createLongPollClient } from '../clients/long-poll.js';
import { createPollClient } from '../clients/poll.js';
import { createSseClient } from '../clients/sse.js';
import { createWsClient } from '../clients/ws.js';
import type { TransportClient, TransportClientFactory } from '../clients/client-context.js';
import { browserRequestHeaders } from '../clients/request-headers.js';
import { nowNs, sleepUntil } from '../shared/clock.js';
import { PhaseRecorder } from '../metrics/recorder.js';
import { SocketMeter } from '../metrics/socket-meter.js';
import type { RouteStats } from '../server/accounting.js';
import type { ProcessCost } from '../server/process-cost.js';
import type { ServerSnapshot } from '../server/protocol.js';
import { faultCode } from '../shared/errors.js';
import { seededRandom } from '../shared/random.js';
import type { CompareOptions, PhaseProgress, ServerCost, Transport, TransportResult } from '../shared/types.js';
import type { PhasePlan } from './schedule.js';
import type { ServerProcess } from './server-process.js';

const FACTORIES: Record<Transport, TransportClientFactory> = {
  poll: createPollClient,
  'long-poll': createLongPollClient,
  sse: createSseClient,
  ws: createWsClient,
};

/** Clients that open their connections at the same time. */
const CONNECT_BATCH = 256;
/** Time between the last client being ready and the first event, in ns. */
const LEAD_NS = 150_000_000n;
/** How long closing sockets may take before they are counted as a fault and destroyed. */
const CLOSE_TIMEOUT_MS = 5000;
const PROGRESS_EVERY_MS = 250;
/** How much longer than the phase the server may take to answer that it has published. */
const CALL_SLACK_MS = 30_000;

/**
 * One transport's phase: connect every client, publish the plan's events from the server
 * process, let the phase run its duration, close everything, then read both sides' counts.
 */
export async function runPhase(
  server: ServerProcess,
  transport: Transport,
  options: CompareOptions,
  plan: PhasePlan,
  onProgress: (progress: PhaseProgress) => void,
  signal?: AbortSignal,
): Promise<TransportResult> {
  await server.call('reset');
  const recorder = new PhaseRecorder();
  const meter = new SocketMeter();
  // The same seed gives every polling transport the same client phases, run after run.
  const random = seededRandom(options.seed);
  const factory = FACTORIES[transport];
  const requestHeaders = requestHeadersFor(transport, options, server.url);
  const clients: TransportClient[] = [];
  for (let i = 0; i < options.clients; i++) {
    clients.push(factory({
      url: server.url,
      recorder: recorder.forClient(),
      meter,
      pollIntervalMs: options.pollIntervalMs,
      longPollTimeoutMs: options.longPollTimeoutMs,
      phaseMs: random() * options.pollIntervalMs,
      ...(requestHeaders ? { requestHeaders } : {}),
    }));
  }
  const expected = plan.count * options.clients;
  const report = (stage: PhaseProgress['stage'], clientsReady: number, elapsedMs: number): void =>
    onProgress({ transport, stage, clientsReady, clients: options.clients, elapsedMs, durationMs: options.durationMs, delivered: recorder.delivered, expected });

  let ready = 0;
  report('connecting', 0, 0);
  for (let i = 0; i < clients.length && !signal?.aborted; i += CONNECT_BATCH) {
    await Promise.all(clients.slice(i, i + CONNECT_BATCH).map((client) => client.connect()));
    report('connecting', Math.min(clients.length, i + CONNECT_BATCH), 0);
  }
  // Ready means the server has seen the client, not that the client thinks it connected.
  ready = await serverReady(server, transport, options.clients, signal);
  if (ready < options.clients && !signal?.aborted) recorder.fault('NOT_READY', options.clients - ready);
  report('connecting', ready, 0);

  const startAtNs = nowNs() + LEAD_NS;
  const endAtNs = startAtNs + BigInt(Math.round(options.durationMs * 1e6));
  // Handled at once: a server that dies mid-phase is a fault of this phase, not a crash.
  let serverGone = false;
  let publishLagMaxMs: number | undefined;
  const serverExit = server.exited.then(() => {
    serverGone = true;
  });
  const publishing = server
    .call(
      'publish',
      { schedule: { startAtNs, count: plan.count, ratePerSec: options.ratePerSec, payloadBytes: options.payloadBytes, seed: options.seed } },
      options.durationMs + CALL_SLACK_MS,
    )
    .then(
      (reply) => {
        publishLagMaxMs = reply.maxLagMs;
        return reply.published;
      },
      (error: unknown) => {
        recorder.fault(faultCode(error));
        return undefined;
      },
    );
  for (const client of clients) client.begin(startAtNs);
  const elapsedMs = (): number => Math.max(0, Number(nowNs() - startAtNs) / 1e6);
  let stage: PhaseProgress['stage'] = 'running';
  const ticker = setInterval(() => report(stage, ready, elapsedMs()), PROGRESS_EVERY_MS);
  let stopped = false;
  try {
    await Promise.race([sleepUntil(endAtNs, signal), serverExit]);
    if (signal?.aborted && !serverGone) await server.call('halt').catch((error: unknown) => recorder.fault(faultCode(error)));
    // Without the server's word (it died), the events known to be published are those some client saw.
    const published = (await Promise.race([publishing, serverExit.then(() => undefined)])) ?? recorder.highestSeq;
    // Normally everything has arrived by now. Stragglers get one more poll interval, or the
    // time an event needs through the relay (a long poll's worst case is three one-way trips).
    stage = 'draining';
    const graceMs = Math.max(options.pollIntervalMs, 1.5 * (options.rttMs + options.jitterMs)) + 1000;
    const graceEndNs = nowNs() + BigInt(Math.round(graceMs * 1e6));
    while (!signal?.aborted && !serverGone && recorder.delivered < published * options.clients && nowNs() < graceEndNs) await delay(10);
    stage = 'closing';
    await stopClients(clients, meter, recorder);
    stopped = true;
    const snapshot = serverGone ? undefined : await settledServerStats(server, transport).catch((error: unknown) => {
      recorder.fault(faultCode(error));
      return undefined;
    });
    if (serverGone) recorder.fault('SERVER_EXIT');
    const phaseMs = elapsedMs();
    report('done', ready, phaseMs);
    const built = buildResult(transport, options, phaseMs, published, recorder, meter, snapshot?.routes[transport]);
    const serverCost = serverCostOf(snapshot?.cost, options.clients, built.events.delivered, publishLagMaxMs);
    const result = serverCost ? { ...built, serverCost } : built;
    return signal?.aborted ? { ...result, partial: true } : result;
  } finally {
    clearInterval(ticker);
    // Whatever went wrong above, no client may outlive its phase.
    if (!stopped) await stopClients(clients, meter, recorder);
  }
}

/** How long the server may take to see every client after they connected: 10 s, plus 1 ms a client. */
const readyTimeoutMs = (clients: number): number => 10_000 + clients;

/**
 * How many of this phase's clients the server has seen: a long poll held, an SSE stream or
 * WebSocket subscribed, a poller's connection accepted (its first request comes later, so its
 * socket is not yet attributed to a route).
 */
export function readyOnServer(transport: Transport, routes: ServerSnapshot['routes']): number {
  if (transport === 'poll') return (routes.poll?.openSockets ?? 0) + (routes.unattributed?.openSockets ?? 0);
  return routes[transport]?.waiting ?? 0;
}

/** Waits until the server has seen all `clients` (or the deadline passes); returns how many it has seen. */
async function serverReady(server: ServerProcess, transport: Transport, clients: number, signal?: AbortSignal): Promise<number> {
  const deadline = Date.now() + readyTimeoutMs(clients);
  for (;;) {
    // A server that died is the phase's fault to count (SERVER_EXIT), not this wait's.
    const snapshot = await server.call('stats').catch(() => undefined);
    if (!snapshot) return 0;
    const seen = readyOnServer(transport, snapshot.routes);
    if (seen >= clients || Date.now() > deadline || signal?.aborted) return Math.min(seen, clients);
    await delay(20);
  }
}

/** Stops every client; those that do not finish in time have their sockets destroyed. */
async function stopClients(clients: TransportClient[], meter: SocketMeter, recorder: PhaseRecorder): Promise<void> {
  const stopping = Promise.allSettled(clients.map((client) => client.stop()));
  const within = (ms: number): Promise<boolean> =>
    // Unref'd: a timer left pending after the race must not keep the process alive.
    Promise.race([stopping.then(() => true), delay(ms, undefined, { ref: false }).then(() => false)]);
  if (!(await within(CLOSE_TIMEOUT_MS)) || !(await meter.whenAllClosed(CLOSE_TIMEOUT_MS))) {
    recorder.fault('CLIENT_CLOSE_TIMEOUT');
    meter.destroyAll();
    await within(CLOSE_TIMEOUT_MS);
    await meter.whenAllClosed(CLOSE_TIMEOUT_MS);
  }
}

/** The extra request headers of `transport` under the run's header profile (none for minimal). */
function requestHeadersFor(transport: Transport, options: CompareOptions, origin: string): Record<string, string> | undefined {
  switch (options.headers) {
    case 'minimal':
      return undefined;
    case 'browser':
      return browserRequestHeaders(origin)[transport];
    case 'file':
      return options.customHeaders;
  }
}

/** The server's counts once it has seen every socket of the phase close (FIN takes a moment). */
async function settledServerStats(server: ServerProcess, transport: Transport): Promise<ServerSnapshot> {
  const deadline = Date.now() + CLOSE_TIMEOUT_MS;
  for (;;) {
    const snapshot = await server.call('stats');
    const stats = snapshot.routes[transport];
    if (!stats || stats.openSockets === 0 || Date.now() > deadline) return snapshot;
    await delay(5);
  }
}

/** The server process's cost of the phase, per client and per delivered event. */
function serverCostOf(cost: ProcessCost | undefined, clients: number, delivered: number, publishLagMaxMs: number | undefined): ServerCost | undefined {
  if (!cost || publishLagMaxMs === undefined) return undefined;
  return {
    cpuMs: cost.cpuUs / 1000,
    cpuPerEventUs: delivered > 0 ? cost.cpuUs / delivered : null,
    rssPerClientBytes: Math.round((cost.rssPeakBytes - cost.rssStartBytes) / clients),
    heapPerClientBytes: Math.round((cost.heapPeakBytes - cost.heapStartBytes) / clients),
    loopDelayP99Ms: cost.loopDelayP99Ms,
    loopDelayMaxMs: cost.loopDelayMaxMs,
    publishLagMaxMs,
  };
}

function buildResult(
  transport: Transport,
  options: CompareOptions,
  phaseMs: number,
  published: number,
  recorder: PhaseRecorder,
  meter: SocketMeter,
  server: RouteStats | undefined,
): TransportResult {
  const clients = options.clients;
  const events = recorder.deliveryCounts(published, clients);
  // Traffic flows for the phase's duration (or until an interruption); closing time is not part of it.
  const trafficSec = Math.min(phaseMs, options.durationMs) / 1000;
  const wire = meter.totals();
  const wireTotal = wire.bytesWritten + wire.bytesRead;
  const errors = recorder.errorCounts();
  for (const [code, count] of Object.entries(server?.errors ?? {})) errors[`server:${code}`] = count;
  if (server && server.openSockets > 0) errors['server:SOCKETS_STILL_OPEN'] = server.openSockets;
  return {
    transport,
    clients,
    phaseMs: Math.round(phaseMs * 1000) / 1000,
    events,
    latencyMs: recorder.latencySummary(),
    requests: {
      http: recorder.httpRequests,
      empty: recorder.emptyResponses,
      connections: meter.connections,
      handshakes: recorder.handshakes,
      perEvent: events.delivered > 0 ? (recorder.httpRequests + recorder.handshakes) / events.delivered : null,
    },
    bytes: {
      clientSent: wire.bytesWritten,
      clientReceived: wire.bytesRead,
      serverSent: server?.bytesWritten ?? 0,
      serverReceived: server?.bytesRead ?? 0,
      payload: recorder.payloadBytes,
      perEvent: events.delivered > 0 ? wireTotal / events.delivered : null,
      overheadShare: wireTotal > 0 ? (wireTotal - recorder.payloadBytes) / wireTotal : null,
      headers: server?.headerBytes ?? 0,
      framing: server?.framingBytes ?? 0,
      perClientPerSec: trafficSec > 0 ? wireTotal / clients / trafficSec : 0,
    },
    server: {
      requests: server?.requests ?? 0,
      empty: server?.empty ?? 0,
      connections: server?.connections ?? 0,
      handshakes: server?.handshakes ?? 0,
      eventsWritten: server?.eventsWritten ?? 0,
    },
    errors,
  };
}
