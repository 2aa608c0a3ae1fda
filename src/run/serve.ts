import { nowNs } from '../shared/clock.js';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../server/demo-server.js';
import { publishOnSchedule } from '../server/publisher.js';

/** A standalone demo server publishing until stopped, for `poll-vs-push serve`. */
export interface StandaloneServer {
  server: DemoServer;
  stop(): Promise<void>;
}

/** Starts the demo server in this process and publishes at `ratePerSec` until `stop()` (at 0, only on POST /publish). */
export async function serveStandalone(
  options: DemoServerOptions & { ratePerSec: number; seed: number },
): Promise<StandaloneServer> {
  const server = await startDemoServer(options);
  const publishing = new AbortController();
  const published = options.ratePerSec > 0
    ? publishOnSchedule(
      server.log,
      { startAtNs: nowNs(), count: 0, ratePerSec: options.ratePerSec, payloadBytes: options.payloadBytes, seed: options.seed },
      publishing.signal,
    )
    : Promise.resolve();
  return {
    server,
    stop: async () => {
      publishing.abort();
      await published;
      await server.close();
    },
  };
}
