/**
 * Entry of one worker of a demo server spread over processes (a run with more clients than one
 * process can hold sockets for). Workers share the port through node:cluster and each accepts
 * its own connections; each serves every route from its copy of the primary's event log and
 * counts its own sockets; the primary sums their counts.
 */
import { PvpError } from '../shared/errors.js';
import { startDemoServer, type DemoServer } from './demo-server.js';
import { CostMeter } from './process-cost.js';
import type { WorkerMessage, WorkerRequest } from './worker-protocol.js';

function send(message: WorkerMessage): void {
  process.send?.(message);
}

let server: DemoServer | undefined;
const cost = new CostMeter();

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
        send({ type: 'failed', code: error instanceof PvpError ? error.code : 'PVP_ERR_SERVER_START', message: error instanceof Error ? error.message : String(error) });
      }
      return;
    case 'events':
      server?.log.append(request.events.map((event) => ({ seq: event.seq, publishedAtNs: BigInt(event.t), json: event.json })));
      return;
    case 'reset':
      server?.log.clear();
      server?.accounting.reset(request.transports);
      cost.reset();
      send({ type: 'reply', id: request.id });
      return;
    case 'stats':
      send({ type: 'reply', id: request.id, result: { routes: server?.accounting.snapshot() ?? {}, cost: cost.read() } });
      return;
    case 'close':
      cost.stop();
      await server?.close();
      send({ type: 'reply', id: request.id });
      setImmediate(() => process.disconnect?.());
      return;
  }
}
