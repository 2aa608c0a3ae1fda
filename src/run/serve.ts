import { nowNs } from '../shared/clock.js';
import type { PvpError } from '../shared/errors.js';
import type { RestartTimeline } from '../shared/recovery-types.js';
import type { ServerProcessOptions } from '../server/protocol.js';
import { restartingServer } from './restarting-server.js';
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

/** What `serve --restart-at` runs: the demo server in a process of its own, and when to restart it. */
export interface RestartingServeOptions extends Omit<ServerProcessOptions, 'relay' | 'workers' | 'tls'> {
  ratePerSec: number;
  seed: number;
  restartAtMs: number;
}

/** A call that may wait as long as the server runs (setTimeout's longest). */
const FOREVER_MS = 2 ** 31 - 1;

/**
 * `serve --restart-at`: the demo server in a process of its own, publishing until stopped; at `restartAtMs` its log is
 * handed over, its process killed (SIGKILL) and another started on the same port, as `compare --restart-at` does, and
 * `onRestart` told. A teacher's `POST /rate` has no publisher to steer in this shape: the rate stays as given.
 */
export async function serveRestarting(
  options: RestartingServeOptions,
  onRestart: (timeline: Omit<RestartTimeline, 'publishedAfter'>) => void,
  onGone: (reason: PvpError) => void,
): Promise<Pick<StandaloneServer, 'stop'> & { url: string; host: string; port: number; head(): Promise<number> }> {
  const { ratePerSec, seed, restartAtMs, ...processOptions } = options;
  const servers = await restartingServer(processOptions);
  void servers.gone.then(onGone);
  const stopping = new AbortController();
  const schedule = { startAtNs: nowNs(), count: 0, ratePerSec, payloadBytes: options.payloadBytes, seed };
  const publishing = servers
    .publishAcross({
      schedule: ratePerSec > 0 ? schedule : undefined,
      stoppedAtNs: schedule.startAtNs + BigInt(Math.round(restartAtMs * 1e6)),
      timeoutMs: FOREVER_MS,
      halted: () => stopping.signal.aborted,
      signal: stopping.signal,
      onRestart,
    })
    .catch(() => {});
  const first = servers.current;
  return {
    url: first.url,
    host: first.host,
    port: first.port,
    head: async () => (await servers.current.call('stats')).head,
    stop: async () => {
      stopping.abort();
      await servers.current.call('halt').catch(() => {});
      await publishing;
      await servers.stop();
    },
  };
}
