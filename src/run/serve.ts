import { nowNs } from '../shared/clock.js';
import { runCertificate } from '../server/certificate.js';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../server/demo-server.js';
import { publishOnSchedule, type PublishSchedule } from '../server/publisher.js';

/** A standalone demo server publishing until stopped, for `poll-vs-push serve`. */
export interface StandaloneServer {
  server: DemoServer;
  /** The certificate's PEM and SHA-256 fingerprint under --tls, for the people who must trust it. */
  certificate?: { pem: string; fingerprint256: string };
  stop(): Promise<void>;
}

/**
 * Starts the demo server in this process and publishes at `ratePerSec` until `stop()` (at 0,
 * only on POST /publish). A teacher's `POST /rate` changes the rate, or starts publishing.
 */
export async function serveStandalone(
  options: Omit<DemoServerOptions, 'certificate'> & { ratePerSec: number; seed: number; tls?: boolean },
): Promise<StandaloneServer> {
  // Under --tls the certificate is made now, for this server, and lives only in this process.
  const certificate = options.tls ? await runCertificate(options.host) : undefined;
  const server = await startDemoServer({ ...options, ...(certificate ? { certificate } : {}) });
  const publishing = new AbortController();
  let schedule: PublishSchedule | undefined;
  let published: Promise<unknown> = Promise.resolve();
  const start = (ratePerSec: number): void => {
    schedule = { startAtNs: nowNs(), count: 0, ratePerSec, payloadBytes: options.payloadBytes, seed: options.seed };
    published = publishOnSchedule(server.log, schedule, publishing.signal);
  };
  if (options.ratePerSec > 0) start(options.ratePerSec);
  // The running schedule takes a new rate from its next event on.
  server.steerRate({
    ratePerSec: () => schedule?.ratePerSec ?? 0,
    change: (ratePerSec) => {
      if (schedule) schedule.ratePerSec = ratePerSec;
      else start(ratePerSec);
    },
  });
  return {
    server,
    ...(certificate ? { certificate: { pem: certificate.cert, fingerprint256: certificate.fingerprint256 } } : {}),
    stop: async () => {
      publishing.abort();
      await published;
      await server.close();
    },
  };
}
