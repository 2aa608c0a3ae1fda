import type { ServerSnapshot } from '../server/protocol.js';
import type { PublishOutcome, PublishSchedule } from '../server/publisher.js';
import type { PvpError } from '../shared/errors.js';
import type { Transport } from '../shared/transports.js';
import { startServerProcess } from './server-process.js';
import type { ServerProcessOptions } from '../server/process-main.js';

/**
 * Where a run's events come from, and all `run/` knows of it: the embedded demo server in its
 * own process, or (later) a server someone else runs. A source without server-side counts says
 * so (`stats` resolves undefined), and the result leaves those figures out.
 */
export interface EventSource {
  /** The base URL clients connect to (through the delay relay when there is one). */
  readonly url: string;
  /** True when the source can count at the server (bytes, headers, framing, cost). */
  readonly countsAtServer: boolean;
  /** Starts a phase of `transports`: forgets the events and zeroes their counters. */
  reset(transports: readonly Transport[]): Promise<void>;
  /** Publishes `schedule` and resolves once it is done; `timeoutMs` bounds the wait. */
  publish(schedule: PublishSchedule, timeoutMs: number): Promise<PublishOutcome>;
  /** Stops publishing now (the run was interrupted), keeping what was counted. */
  halt(): Promise<void>;
  /** What the server counted so far; undefined for a source that cannot count. */
  stats(): Promise<ServerSnapshot | undefined>;
  /** Resolves with the reason when the source is gone (the server process died). */
  readonly gone: Promise<PvpError>;
  /** Ends the source and waits until it has. */
  close(): Promise<void>;
}

/** The embedded demo server, forked into its own process and driven over IPC. */
export async function embeddedSource(options: ServerProcessOptions): Promise<EventSource> {
  const server = await startServerProcess(options);
  return {
    url: server.url,
    countsAtServer: true,
    reset: async (transports) => {
      await server.call('reset', { transports: [...transports] });
    },
    publish: (schedule, timeoutMs) => server.call('publish', { schedule }, timeoutMs),
    halt: async () => {
      await server.call('halt');
    },
    stats: () => server.call('stats'),
    gone: server.exited,
    close: () => server.stop(),
  };
}
