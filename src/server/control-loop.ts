import { seededPayload, seededRandom } from '../shared/random.js';
import type { Transport } from '../shared/transports.js';
import type { EventLog } from './event-log.js';
import { CostMeter, type ProcessCost } from '../shared/process-cost.js';
import type { ControlMessage, ControlRequest, ServerSnapshot } from './protocol.js';
import { publishOnSchedule, type PublishSchedule } from './publisher.js';

/**
 * What a server process does on the run's requests beyond the schedule: its own shape, one process or a primary of
 * workers.
 */
export interface ControlledServer {
  /** The log the schedule publishes into (a primary's, copied to its workers). */
  log: EventLog;
  /** Size of `data` in an event published outside a schedule. */
  payloadBytes: number;
  /** A new phase of `transports`: their counters zeroed (the log is cleared here). */
  reset(transports?: Transport[]): Promise<void> | void;
  /** The counters so far, with this process's own cost since the reset. */
  stats(cost: ProcessCost): Promise<ServerSnapshot> | ServerSnapshot;
  /** The relay's delay changed mid-run (where there is a relay). */
  setDelay?(rttMs: number, jitterMs: number): void;
  /** Ends the server at the run's request. */
  close(): Promise<void>;
  /** The run went away (crash, kill): ends at once, never outliving it. */
  abandon(): void;
}

/**
 * Answers the run's IPC requests for a server process: one schedule at a time on the log
 * (reset, halt, publish, publish now, a change of rate), this process's cost, and whatever the
 * server's shape adds. The one place a server process speaks the control protocol.
 */
export function serveControl(server: ControlledServer, send: (message: ControlMessage) => void): void {
  let publishing = new AbortController();
  let schedule: PublishSchedule | undefined;
  const nowRandom = seededRandom(0x4e0e);
  const cost = new CostMeter();
  const stopPublishing = (): void => {
    publishing.abort();
    publishing = new AbortController();
  };

  const answer = async (request: ControlRequest): Promise<unknown> => {
    switch (request.op) {
      case 'reset':
        // A new phase of these transports: a fresh schedule on a fresh log, their counters zeroed.
        stopPublishing();
        server.log.clear();
        cost.reset();
        await server.reset(request.transports);
        return null;
      case 'halt':
        // Stops publishing (the run was interrupted) but keeps the log and the counters.
        stopPublishing();
        return null;
      case 'publish':
        // Kept so a change of rate reaches the schedule while it runs.
        schedule = request.schedule;
        return publishOnSchedule(server.log, schedule, publishing.signal);
      case 'publish-now':
        // One event outside the schedule (a live view's "now"): its seq.
        return server.log.publish(seededPayload(schedule?.payloadBytes ?? server.payloadBytes, nowRandom)).seq;
      case 'conditions': {
        const { ratePerSec, rttMs, jitterMs } = request.conditions;
        if (ratePerSec !== undefined && schedule) schedule.ratePerSec = ratePerSec;
        if (rttMs !== undefined) server.setDelay?.(rttMs, jitterMs ?? 0);
        return null;
      }
      case 'stats':
        return server.stats(cost.read());
      case 'handover':
        // The process is about to be killed and another started (--restart-at): what it published goes on.
        stopPublishing();
        return server.log.after(0).map(({ seq, publishedAtNs, json }) => ({ seq, publishedAtNs, json }));
      case 'close':
        publishing.abort();
        cost.stop();
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
  process.on('disconnect', () => {
    publishing.abort();
    server.abandon();
  });
}
