/**
 * The demo server spread over worker processes: node:cluster shares the port among them, and
 * this primary owns the one event schedule. It publishes into its own log and hands every batch
 * to each worker, whose copy keeps the same seqs and stamps; it answers the run's requests by
 * asking every worker and summing their counts. A run takes this shape only when its clients
 * need more sockets than one process may open.
 */
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { PvpError } from '../shared/errors.js';
import { runCertificate } from './certificate.js';
import { DEFAULT_LOG_WINDOW, EventLog } from './event-log.js';
import { serveControl } from './control-loop.js';
import type { ControlMessage, ServerProcessOptions } from './protocol.js';
import { sumCosts } from '../shared/process-cost.js';
import { sumRoutes } from './sums.js';
import type { WorkerMessage, WorkerRequest } from './worker-protocol.js';

type Reply = Extract<WorkerMessage, { type: 'reply' }>;
/** A request before it is numbered (Omit spread over the union's members). */
type Unnumbered = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

/** Runs the primary of `workers` demo-server workers; `send` reaches the run. */
export async function clusterPrimary(
  options: ServerProcessOptions,
  workers: number,
  send: (message: ControlMessage) => void,
): Promise<void> {
  // One certificate for every worker, so clients trust one; it travels by IPC, never by argv or disk.
  const certificate = options.tls ? await runCertificate(options.host) : undefined;
  const { relay: _relay, tls: _tls, workers: _workers, ...serverOptions } = options;
  // Workers accept from the shared socket themselves: a primary accepting every connection and
  // handing it over by IPC takes in a few hundred a second, and a crowd's queue overflows.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary({
    exec: fileURLToPath(new URL('./worker-main.js', import.meta.url)),
    serialization: 'advanced',
  });
  const pool: Worker[] = [];
  const waiting = new Map<number, (reply: Reply) => void>();
  let nextId = 1;
  const ask = (worker: Worker, request: Unnumbered): Promise<Reply> =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      worker.send({ ...request, id });
    });
  const askAll = (request: Unnumbered): Promise<Reply[]> => Promise.all(pool.map((worker) => ask(worker, request)));

  let listening: Extract<WorkerMessage, { type: 'listening' }> | undefined;
  try {
    for (let i = 0; i < workers; i++) {
      const worker = cluster.fork();
      pool.push(worker);
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'reply') {
          waiting.get(message.id)?.(message);
          waiting.delete(message.id);
        }
      });
      // One after another, each asking for the same address and port: node:cluster then binds it once
      // (0 picks one port for all of them) and hands the connections round the workers.
      const started = await new Promise<WorkerMessage>((resolve) => {
        worker.on('message', (message: WorkerMessage) => {
          // Told once it listens for requests: only then is `init` sure to arrive.
          if (message.type === 'hello') {
            worker.send({ id: 0, op: 'init', options: { ...serverOptions, ...(certificate ? { certificate } : {}) } });
          } else if (message.type !== 'reply') resolve(message);
        });
        worker.once('exit', (code) =>
          resolve({
            type: 'failed',
            code: 'PVP_ERR_SERVER_EXIT',
            message: `a demo server worker exited (code ${code})`,
          }),
        );
      });
      if (started.type === 'failed') throw new PvpError(started.code, started.message);
      if (started.type === 'listening') listening ??= started;
    }
  } catch (error) {
    for (const worker of pool) worker.kill();
    send({
      type: 'fatal',
      code: error instanceof PvpError ? error.code : 'PVP_ERR_SERVER_START',
      message: error instanceof Error ? error.message : String(error),
    });
    process.disconnect?.();
    return;
  }

  const log = new EventLog(options.logWindow ?? DEFAULT_LOG_WINDOW);
  // Every batch the schedule publishes reaches each worker's copy as one message.
  log.subscribe((batch) => {
    const events = batch.map((event) => ({ seq: event.seq, t: event.publishedAtNs.toString(), json: event.json }));
    for (const worker of pool) worker.send({ id: 0, op: 'events', events } satisfies WorkerRequest);
  });
  serveControl(
    {
      log,
      payloadBytes: options.payloadBytes,
      reset: async (transports) => {
        await askAll({ op: 'reset', ...(transports ? { transports } : {}) });
      },
      stats: async (cost) => {
        const parts = (await askAll({ op: 'stats' })).map((reply) => reply.result!);
        return {
          head: log.head,
          routes: sumRoutes(parts.map((part) => part.routes)),
          cost: sumCosts([cost, ...parts.map((part) => part.cost)]),
          processes: [
            { role: 'primary', cost },
            ...parts.map((part) => ({ role: 'worker' as const, cost: part.cost, hopMaxMs: part.hopMaxMs })),
          ],
        };
      },
      close: async () => {
        await askAll({ op: 'close' });
      },
      abandon: () => {
        for (const worker of pool) worker.kill();
        process.exit(0);
      },
    },
    send,
  );
  send({
    type: 'ready',
    host: listening!.host,
    port: listening!.port,
    url: listening!.url,
    ...(certificate ? { certificate: { pem: certificate.cert, fingerprint256: certificate.fingerprint256 } } : {}),
  });
}
