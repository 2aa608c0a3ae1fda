import type { ServerSnapshot, SourceConditions } from '../server/protocol.js';
import type { PublishOutcome, PublishSchedule } from '../server/publisher.js';
import type { PvpError } from '../shared/errors.js';
import type { Transport } from '../shared/transports.js';
import { startServerProcess } from './server-process.js';
import type { ServerProcessOptions } from '../server/process-main.js';
import { DEFAULT_LOG_WINDOW, type LogWindow } from '../server/event-log.js';
import { exposureOf } from '../shared/exposure.js';
import type { ClientWire, CompareOptions, PhaseStart, PublisherTraffic } from '../shared/types.js';
import type { PhasePlan } from './schedule.js';
import { targetSource } from './target-source.js';

/**
 * Where a run's events come from, and all `run/` knows of it: the embedded demo server in its
 * own process, or (later) a server someone else runs. A source without server-side counts says
 * so (`stats` resolves undefined), and the result leaves those figures out.
 */
export interface EventSource {
  /** The base URL clients connect to (through the delay relay when there is one). */
  readonly url: string;
  /** How clients speak to it: the certificate to trust (the run's own, under --tls), HTTP/2 or not. */
  readonly wire: ClientWire;
  /** The SHA-256 fingerprint of the certificate the embedded server made for the run (--tls). */
  readonly fingerprint256?: string;
  /** True when the source can count at the server (bytes, headers, framing, cost). */
  readonly countsAtServer: boolean;
  /** Starts a phase of `transports` (the embedded server forgets its events and zeroes their counters); says where readers start. */
  reset(transports: readonly Transport[]): Promise<PhaseStart>;
  /** A WebSocket receiver's URL when it is not the protocol's `/ws?since=` (a chat server's own path). */
  wsUrl?(since: number): string;
  /** Publishes `schedule` and resolves once it is done; `timeoutMs` bounds the wait. */
  publish(schedule: PublishSchedule, timeoutMs: number): Promise<PublishOutcome>;
  /** Stops publishing now (the run was interrupted), keeping what was counted. */
  halt(): Promise<void>;
  /** Publishes one event now, outside the schedule (a live view's race); resolves with its seq. Absent where the tool cannot. */
  publishNow?(): Promise<number>;
  /** Changes the rate of the schedule running now, or the relay's delay, mid-run. */
  change(conditions: SourceConditions): Promise<void>;
  /** What the server counted so far; undefined for a source that cannot count. */
  stats(): Promise<ServerSnapshot | undefined>;
  /** The tool's own publisher's traffic since the last reset (a target, where the tool publishes). */
  publisherTraffic?(): PublisherTraffic;
  /** Resolves with the reason when the source is gone (the server process died). */
  readonly gone: Promise<PvpError>;
  /** Ends the source and waits until it has. */
  close(): Promise<void>;
}

/** The embedded demo server, forked into its own process and driven over IPC. */
export async function embeddedSource(options: ServerProcessOptions): Promise<EventSource> {
  const server = await startServerProcess(options);
  return {
    url: server.url,
    // Clients trust exactly the certificate the server made for this run.
    wire: { ...(server.certificate ? { ca: server.certificate.pem } : {}), ...(options.http2 ? { http2: true } : {}) },
    ...(server.certificate ? { fingerprint256: server.certificate.fingerprint256 } : {}),
    countsAtServer: true,
    reset: async (transports) => {
      await server.call('reset', { transports: [...transports] });
      return { since: 0 };
    },
    publish: (schedule, timeoutMs) => server.call('publish', { schedule }, timeoutMs),
    halt: async () => {
      await server.call('halt');
    },
    publishNow: () => server.call('publish-now'),
    change: async (conditions) => {
      await server.call('conditions', { conditions });
    },
    stats: () => server.call('stats'),
    gone: server.exited,
    close: () => server.stop(),
  };
}

/** JSON bytes a comparison's server keeps at most: a phase's every event when they fit. */
const COMPARE_LOG_BYTES = 512 * 1024 * 1024;

/**
 * A comparison keeps a whole phase's events, so no healthy client can fall behind the window;
 * only events past 512 MB of JSON are let go (and a client that needed them reports the gap).
 */
function compareLogWindow(plan: PhasePlan): LogWindow {
  return { maxEvents: Math.max(DEFAULT_LOG_WINDOW.maxEvents, plan.count), maxBytes: COMPARE_LOG_BYTES };
}

/** Starts the comparison's event source: the target when there is one, else the embedded demo server in its own process. */
export function startSource(options: CompareOptions, plan: PhasePlan): Promise<EventSource> {
  if (options.target) {
    const wire = { ...(options.insecure ? { insecure: true } : {}), ...(options.http2 ? { http2: true } : {}) };
    const machine =
      options.runId !== undefined && options.machine !== undefined
        ? { runId: options.runId, name: options.machine }
        : undefined;
    return targetSource(options.target, options.transports, {
      deflate: Boolean(options.deflate),
      socketIoEvent: options.socketIoEvent ?? 'message',
      wire,
      ...(machine ? { machine } : {}),
    });
  }
  const { token } = exposureOf(options.host);
  return embeddedSource({
    host: options.host,
    port: options.port,
    defaultLongPollTimeoutMs: options.longPollTimeoutMs,
    payloadBytes: options.payloadBytes,
    responseProfile: options.headers === 'browser' ? 'browser' : 'minimal',
    logWindow: compareLogWindow(plan),
    // A poller's connection is opened before the phase and idles until its first poll: a crowd that
    // takes minutes to connect must not see its first connections cut as slow to send a request.
    headersTimeoutMs: 60_000 + 2 * options.clients,
    ...(options.deflate ? { deflate: true } : {}),
    ...(options.tls ? { tls: true } : {}),
    ...(options.http2 ? { http2: true } : {}),
    ...((options.processes ?? 1) > 1 ? { workers: options.processes } : {}),
    ...(token !== undefined ? { publishToken: token } : {}),
    // A run whose RTT may be turned keeps the relay in the path from the start, even at 0 ms.
    ...(options.rttMs > 0 || options.steerable
      ? { relay: { rttMs: options.rttMs, jitterMs: options.jitterMs, seed: options.seed } }
      : {}),
  });
}
