import { nowNs, sleepUntil } from '../shared/clock.js';
import type { PvpError } from '../shared/errors.js';
import type { RestartTimeline } from '../shared/recovery-types.js';
import type { ServerProcessOptions } from '../server/protocol.js';
import type { PublishOutcome, PublishSchedule } from '../server/publisher.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

/** The demo server's process, which the run may kill and start again under its clients (`--restart-at`). */
export interface RestartingServer {
  /** The process serving now. */
  readonly current: ServerProcess;
  /** Resolves with the reason when a server process exits that the run did not kill. */
  readonly gone: Promise<PvpError>;
  /**
   * A deploy's restart: takes the log from the server (publishing stops), kills its process (SIGKILL: the kernel closes
   * every socket, nothing is said), then starts another on the same port serving that log. Resolves once it listens.
   */
  restart(stoppedAtNs: bigint): Promise<Omit<RestartTimeline, 'publishedAfter'>>;
  /**
   * Publishes `schedule` across a restart at `stoppedAtNs`: the old process up to it, then, once the new one listens,
   * the rest from the next event (without a schedule, a server that publishes only on request, it restarts all the
   * same). Returns before restarting when `halted()` says so by then.
   */
  publishAcross(plan: AcrossRestart): Promise<PublishOutcome>;
  /** Closes the server and waits for its process to exit: an exit asked for, not a loss. */
  stop(): Promise<void>;
}

/** A schedule to publish across a restart, and what to tell of it. */
export interface AcrossRestart {
  schedule: PublishSchedule | undefined;
  stoppedAtNs: bigint;
  /** How long each publish call may take. */
  timeoutMs: number;
  halted(): boolean;
  /** Ends the wait for the restart early (the run is stopping). */
  signal?: AbortSignal;
  /** Told once the new process listens, before it publishes. */
  onRestart?(timeline: Omit<RestartTimeline, 'publishedAfter'>): void;
}

/** Starts the demo server's process (through `launch` when given), ready to be restarted. */
export async function restartingServer(
  options: ServerProcessOptions,
  launch?: readonly string[],
): Promise<RestartingServer> {
  let current = await startServerProcess(options, launch);
  const killed = new WeakSet<ServerProcess>();
  let signalGone: (reason: PvpError) => void = () => {};
  const gone = new Promise<PvpError>((resolve) => (signalGone = resolve));
  const watch = (server: ServerProcess): void => {
    void server.exited.then((reason) => {
      if (!killed.has(server)) signalGone(reason);
    });
  };
  watch(current);
  const restart = async (stoppedAtNs: bigint): Promise<Omit<RestartTimeline, 'publishedAfter'>> => {
    const old = current;
    const events = await old.call('handover');
    killed.add(old);
    const killedAtNs = nowNs();
    await old.kill();
    // The same port, so clients come back where they were: the server's own, or the relay's in front of it.
    const port = Number(new URL(old.url).port);
    const again: ServerProcessOptions = options.relay
      ? { ...options, relay: { ...options.relay, listenPort: port } }
      : { ...options, port };
    try {
      current = await startServerProcess(again, launch, events);
    } catch (error) {
      signalGone(error as PvpError);
      throw error;
    }
    const listeningAtNs = nowNs();
    watch(current);
    return { stoppedAtNs, killedAtNs, listeningAtNs, handedOver: events.length };
  };
  return {
    get current() {
      return current;
    },
    gone,
    stop: async () => {
      killed.add(current);
      await current.stop();
    },
    restart,
    publishAcross: async ({ schedule, stoppedAtNs, timeoutMs, halted, signal, onRestart }) => {
      const publish = (extra: Partial<PublishSchedule>): Promise<PublishOutcome> =>
        schedule
          ? current.call('publish', { schedule: { ...schedule, ...extra } }, timeoutMs)
          : Promise.resolve({ published: 0, maxLagMs: 0 });
      const before = await publish({ stopAtNs: stoppedAtNs });
      await sleepUntil(stoppedAtNs, signal);
      if (halted()) return before;
      const timeline = await restart(stoppedAtNs);
      onRestart?.(timeline);
      const after = await publish({ fromIndex: before.published });
      return {
        published: before.published + after.published,
        maxLagMs: Math.max(before.maxLagMs, after.maxLagMs),
        restart: { ...timeline, publishedAfter: after.published },
      };
    },
  };
}
