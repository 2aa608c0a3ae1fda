/**
 * Entry of one worker of a demo server spread over processes (a run with more clients than one
 * process can hold sockets for). Workers share the port through node:cluster and each accepts
 * its own connections; each serves every route from its copy of the primary's event log and
 * counts its own sockets; the primary sums their counts.
 */
import { nowNs } from '../shared/clock.js';
import { PvpError } from '../shared/errors.js';
import { startDemoServer, type DemoServer } from './demo-server.js';
import { CostMeter } from '../shared/process-cost.js';
import type { WorkerMessage, WorkerRequest } from './worker-protocol.js';

function send(message: WorkerMessage): void {
  process.send?.(message);
}

let server: DemoServer | undefined;
const cost = new CostMeter();
/** The latest an event reached this worker after the primary published it, since the reset, in ms. */
let hopMaxMs = 0;

process.on('message', (request: WorkerRequest) => {
  void answer(request);
});
// Ctrl-C reaches the whole process group; the primary decides when workers stop.
process.on('SIGINT', () => {});
process.on('disconnect', () => {
  void (server?.close() ?? Promise.resolve()).finally(() => process.exit(0));
});
send({ type: 'hello' });

async function answer(request: WorkerRequest): Promise<void> {
  switch (request.op) {
    case 'init':
      try {
        server = await startDemoServer(request.options);
        send({ type: 'listening', host: server.host, port: server.port, url: server.url });
      } catch (error) {
        send({
          type: 'failed',
          code: error instanceof PvpError ? error.code : 'PVP_ERR_SERVER_START',
          message: error instanceof Error ? error.message : String(error),
        });
      }
      return;
    case 'events': {
      const events = request.events.map((event) => ({
        seq: event.seq,
        publishedAtNs: BigInt(event.t),
        json: event.json,
      }));
      const arrivedNs = nowNs();
      for (const event of events) hopMaxMs = Math.max(hopMaxMs, Number(arrivedNs - event.publishedAtNs) / 1e6);
      server?.log.append(events);
      return;
    }
    case 'reset':
      server?.log.clear();
      server?.accounting.reset(request.transports);
      cost.reset();
      hopMaxMs = 0;
      send({ type: 'reply', id: request.id });
      return;
    case 'stats':
      send({
        type: 'reply',
        id: request.id,
        result: { routes: server?.accounting.snapshot() ?? {}, cost: cost.read(), hopMaxMs },
      });
      return;
    case 'close':
      cost.stop();
      await server?.close();
      send({ type: 'reply', id: request.id });
      setImmediate(() => process.disconnect?.());
      return;
  }
}
