import type { ServerProcessOptions } from '../server/protocol.js';
import type { NetworkPath } from '../shared/network-types.js';
import { createPath } from './netns.js';
import type { EventSource } from './event-source.js';
import { restartingServer } from './restarting-server.js';

/** How the embedded server is run: over a shaped path, restarted mid-phase. */
export interface EmbeddedPlan {
  /** Server and clients in network namespaces the kernel shapes between. */
  network?: NetworkPath | undefined;
  /** Kill the server this long into each phase's schedule and start it again (ms). */
  restartAtMs?: number | undefined;
}

/**
 * The embedded demo server, forked into its own process and driven over IPC; over a shaped path (`network`) it runs in
 * the path's server namespace, listening on its address, and the path goes when the source closes.
 */
export async function embeddedSource(options: ServerProcessOptions, plan: EmbeddedPlan = {}): Promise<EventSource> {
  const path = plan.network ? createPath(plan.network) : undefined;
  const servers = await restartingServer(
    path ? { ...options, host: path.serverIp } : options,
    path?.execIn(path.serverNs),
  ).catch((error: unknown) => {
    path?.remove();
    throw error;
  });
  const first = servers.current;
  let halted = false;
  return {
    ...(path
      ? {
          clientLaunch: path.execIn(path.clientNs),
          tcpCounts: () => path.tcpCounts(),
          watchTcpStalls: () => path.watchStalls(),
        }
      : {}),
    url: first.url,
    // Clients trust exactly the certificate the server made for this run.
    wire: { ...(first.certificate ? { ca: first.certificate.pem } : {}), ...(options.http2 ? { http2: true } : {}) },
    ...(first.certificate ? { fingerprint256: first.certificate.fingerprint256 } : {}),
    countsAtServer: true,
    reset: async (transports) => {
      halted = false;
      await servers.current.call('reset', { transports: [...transports] });
      return { since: 0 };
    },
    publish: (schedule, timeoutMs) =>
      plan.restartAtMs === undefined
        ? servers.current.call('publish', { schedule }, timeoutMs)
        : servers.publishAcross({
            schedule,
            // The old process publishes up to the restart, the new one the rest.
            stoppedAtNs: schedule.startAtNs + BigInt(Math.round(plan.restartAtMs * 1e6)),
            timeoutMs,
            halted: () => halted,
          }),
    halt: async () => {
      halted = true;
      await servers.current.call('halt');
    },
    publishNow: () => servers.current.call('publish-now'),
    change: async (conditions) => {
      await servers.current.call('conditions', { conditions });
    },
    stats: () => servers.current.call('stats'),
    gone: servers.gone,
    close: async () => {
      await servers.stop();
      path?.remove();
    },
  };
}
