/**
 * Entry of the demo server's own process. The run forks it so the server never shares the
 * clients' event loop (measurement rule 7); both sides read the same monotonic clock.
 */
import { PvpError } from '../shared/errors.js';
import { runCertificate, type RunCertificate } from './certificate.js';
import { clusterPrimary } from './cluster-primary.js';
import { startDelayRelay, type DelayRelay } from './delay-relay.js';
import { startDemoServer, type DemoServer, type DemoServerOptions } from './demo-server.js';
import type { ControlMessage, ControlRequest } from './protocol.js';
import { CostMeter } from './process-cost.js';
import { publishOnSchedule, type PublishSchedule } from './publisher.js';
import { seededPayload, seededRandom } from '../shared/random.js';

/** What the run hands the server process: the demo server's options and, for --rtt, the relay's. */
export interface ServerProcessOptions extends Omit<DemoServerOptions, 'certificate'> {
  relay?: { rttMs: number; jitterMs: number; seed: number };
  /** Serve HTTPS and WSS with a certificate made here for the run; its key never leaves the server's processes. */
  tls?: boolean;
  /** Spread the server over this many worker processes sharing the port (more sockets than one process may hold). */
  workers?: number;
}

function send(message: ControlMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as ServerProcessOptions;
  if ((options.workers ?? 1) > 1) return clusterPrimary(options, options.workers!, send);
  let server: DemoServer;
  let relay: DelayRelay | undefined;
  let certificate: RunCertificate | undefined;
  try {
    certificate = options.tls ? await runCertificate(options.host) : undefined;
    server = await startDemoServer({ ...options, ...(certificate ? { certificate } : {}) });
    // The relay shares the server's process, never the clients' event loop.
    if (options.relay) {
      relay = await startDelayRelay({ listenHost: server.host, targetHost: server.host, targetPort: server.port, ...options.relay });
    }
  } catch (error) {
    const code = error instanceof PvpError ? error.code : 'PVP_ERR_SERVER_START';
    send({ type: 'fatal', code, message: error instanceof Error ? error.message : String(error) });
    process.disconnect?.();
    return;
  }
  let publishing = new AbortController();
  let schedule: PublishSchedule | undefined;
  const nowRandom = seededRandom(0x4e0e);
  const cost = new CostMeter();

  const answer = async (request: ControlRequest): Promise<unknown> => {
    switch (request.op) {
      case 'reset':
        // A new phase of these transports: a fresh schedule on a fresh log, their counters zeroed.
        publishing.abort();
        publishing = new AbortController();
        server.log.clear();
        server.accounting.reset(request.transports);
        cost.reset();
        return null;
      case 'halt':
        // Stops publishing (the run was interrupted) but keeps the log and the counters.
        publishing.abort();
        publishing = new AbortController();
        return null;
      case 'publish':
        // Kept so a change of rate reaches the schedule while it runs.
        schedule = request.schedule;
        return publishOnSchedule(server.log, schedule, publishing.signal);
      case 'publish-now':
        // One event outside the schedule (a live view's "now"): its seq.
        return server.log.publish(seededPayload(schedule?.payloadBytes ?? options.payloadBytes, nowRandom)).seq;
      case 'conditions': {
        const { ratePerSec, rttMs, jitterMs } = request.conditions;
        if (ratePerSec !== undefined && schedule) schedule.ratePerSec = ratePerSec;
        if (rttMs !== undefined) relay?.setDelay(rttMs, jitterMs ?? 0);
        return null;
      }
      case 'stats':
        return { head: server.log.head, routes: server.accounting.snapshot(), cost: cost.read() };
      case 'close':
        publishing.abort();
        cost.stop();
        await relay?.close();
        await server.close();
        setImmediate(() => process.disconnect?.());
        return null;
    }
  };

  process.on('message', (request: ControlRequest) => {
    answer(request).then(
      (result) => send({ type: 'reply', id: request.id, ok: true, result }),
      (error: unknown) => send({ type: 'reply', id: request.id, ok: false, message: String(error) }),
    );
  });
  // Ctrl-C reaches the whole process group; the run decides when the server stops.
  process.on('SIGINT', () => {});
  // The run went away (crash, kill): never outlive it.
  process.on('disconnect', () => {
    publishing.abort();
    void Promise.allSettled([relay?.close(), server.close()]).finally(() => process.exit(0));
  });
  // Clients go through the relay when there is one; the server's own address stays for logs.
  // The relay forwards TCP: TLS runs end to end through it, so its URL keeps the server's scheme.
  const url = relay ? relay.url.replace(/^http:/, new URL(server.url).protocol) : server.url;
  send({ type: 'ready', host: server.host, port: server.port, url, ...(certificate ? { certificate: { pem: certificate.cert, fingerprint256: certificate.fingerprint256 } } : {}) });
}

void main();
