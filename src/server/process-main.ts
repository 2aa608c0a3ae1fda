/**
 * Entry of the demo server's own process. The run forks it so the server never shares the
 * clients' event loop (measurement rule 7); both sides read the same monotonic clock.
 */
import { PvpError } from '../shared/errors.js';
import { runCertificate, type RunCertificate } from './certificate.js';
import { clusterPrimary } from './cluster-primary.js';
import { startDelayRelay, type DelayRelay } from './delay-relay.js';
import { startDemoServer, type DemoServer } from './demo-server.js';
import { serveControl } from './control-loop.js';
import { DEFAULT_LOG_WINDOW, EventLog } from './event-log.js';
import type { ControlMessage, ServerProcessOptions, TakeOver } from './protocol.js';

function send(message: ControlMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as ServerProcessOptions;
  if ((options.workers ?? 1) > 1) return clusterPrimary(options, options.workers!, send);
  let server: DemoServer;
  let relay: DelayRelay | undefined;
  let certificate: RunCertificate | undefined;
  // A restarted server serves what its predecessor published, from before its first connection.
  const log = options.takesOver ? await takeOver(options) : undefined;
  try {
    certificate = options.tls ? await runCertificate(options.host) : undefined;
    server = await startDemoServer({ ...options, ...(certificate ? { certificate } : {}), ...(log ? { log } : {}) });
    // The relay shares the server's process, never the clients' event loop.
    if (options.relay) {
      relay = await startDelayRelay({
        listenHost: server.host,
        targetHost: server.host,
        targetPort: server.port,
        ...options.relay,
      });
    }
  } catch (error) {
    const code = error instanceof PvpError ? error.code : 'PVP_ERR_SERVER_START';
    send({ type: 'fatal', code, message: error instanceof Error ? error.message : String(error) });
    process.disconnect?.();
    return;
  }
  serveControl(
    {
      log: server.log,
      payloadBytes: options.payloadBytes,
      reset: (transports) => server.accounting.reset(transports),
      stats: (cost) => ({
        head: server.log.head,
        acceptsPeakPerSec: server.accounting.accepts.peakPerSec,
        routes: server.accounting.snapshot(),
        cost,
      }),
      ...(relay ? { setDelay: (rttMs: number, jitterMs: number) => relay!.setDelay(rttMs, jitterMs) } : {}),
      close: async () => {
        await relay?.close();
        await server.close();
      },
      abandon: () => {
        void Promise.allSettled([relay?.close(), server.close()]).finally(() => process.exit(0));
      },
    },
    send,
  );
  // Clients go through the relay when there is one; the server's own address stays for logs.
  // The relay forwards TCP: TLS runs end to end through it, so its URL keeps the server's scheme.
  const url = relay ? relay.url.replace(/^http:/, new URL(server.url).protocol) : server.url;
  send({
    type: 'ready',
    host: server.host,
    port: server.port,
    url,
    ...(certificate ? { certificate: { pem: certificate.cert, fingerprint256: certificate.fingerprint256 } } : {}),
  });
}

/** The log a restarted server's predecessor handed over, from the run's first message. */
function takeOver(options: ServerProcessOptions): Promise<EventLog> {
  // A run that goes away before handing the log over leaves nothing to wait for.
  process.once('disconnect', () => process.exit(0));
  return new Promise((resolve) => {
    process.once('message', (message: TakeOver) => {
      const log = new EventLog(options.logWindow ?? DEFAULT_LOG_WINDOW);
      log.append(message.events);
      resolve(log);
    });
  });
}

void main();
