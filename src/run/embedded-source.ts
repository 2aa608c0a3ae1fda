import type { ServerProcessOptions } from '../server/protocol.js';
import type { NetworkPath } from '../shared/network-types.js';
import { createPath } from './netns.js';
import type { EventSource } from './event-source.js';
import { startServerProcess } from './server-process.js';

/**
 * The embedded demo server, forked into its own process and driven over IPC; over a shaped path (`network`) it runs in
 * the path's server namespace, listening on its address, and the path goes when the source closes.
 */
export async function embeddedSource(options: ServerProcessOptions, network?: NetworkPath): Promise<EventSource> {
  const path = network ? createPath(network) : undefined;
  const server = await startServerProcess(
    path ? { ...options, host: path.serverIp } : options,
    path?.execIn(path.serverNs),
  ).catch((error: unknown) => {
    path?.remove();
    throw error;
  });
  return {
    ...(path ? { clientLaunch: path.execIn(path.clientNs), tcpCounts: () => path.tcpCounts() } : {}),
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
    close: async () => {
      await server.stop();
      path?.remove();
    },
  };
}
