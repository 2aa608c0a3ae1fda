import type { ServerProcessOptions } from '../server/protocol.js';
import type { EventSource } from './event-source.js';
import { startServerProcess } from './server-process.js';

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
