import { DEFAULT_LOG_WINDOW, type LogWindow } from '../server/event-log.js';
import { exposureOf } from '../shared/exposure.js';
import type { CompareOptions } from '../shared/options-types.js';
import { appSource } from './app-source.js';
import { embeddedSource } from './embedded-source.js';
import type { EventSource } from './event-source.js';
import type { PhasePlan } from './schedule.js';
import { targetSource } from './target-source.js';

/** JSON bytes a comparison's server keeps at most: a phase's every event when they fit. */
const COMPARE_LOG_BYTES = 512 * 1024 * 1024;

/**
 * A comparison keeps a whole phase's events, so no healthy client can fall behind the window;
 * only events past 512 MB of JSON are let go (and a client that needed them reports the gap).
 */
function compareLogWindow(plan: PhasePlan): LogWindow {
  return { maxEvents: Math.max(DEFAULT_LOG_WINDOW.maxEvents, plan.count), maxBytes: COMPARE_LOG_BYTES };
}

/**
 * Starts the comparison's event source: an app measured as it is, a target, or else the embedded demo server in its own
 * process.
 */
export function startSource(options: CompareOptions, plan: PhasePlan): Promise<EventSource> {
  if (options.app) {
    const wire = { ...(options.insecure ? { insecure: true } : {}), ...(options.http2 ? { http2: true } : {}) };
    return appSource(options.app, { deflate: Boolean(options.deflate), wire });
  }
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
  return embeddedSource(
    {
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
    },
    { network: options.network, restartAtMs: options.restartAtMs },
  );
}
