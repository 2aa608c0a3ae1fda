/** A server restarted under its clients (`--restart-at`), or a target seen dropping them: what it did and cost. */

/** When the restarted server went down and came back, on the shared clock (ns of `process.hrtime.bigint()`). */
export interface RestartTimeline {
  /** The schedule's planned restart: no event due from here on went out of the old process. */
  stoppedAtNs: bigint;
  /** When the old process was killed (SIGKILL: its sockets closed by the kernel, nothing said). */
  killedAtNs: bigint;
  /** When the new process listened again, on the same port, with the old one's log. */
  listeningAtNs: bigint;
  /** Events in the log window the new process took over. */
  handedOver: number;
  /** Events the new process published: what every client must get to be back. */
  publishedAfter: number;
}

/** What one transport's clients recorded of a restart: plain data, added up across client processes. */
export interface RecoveryTally {
  /** Clients that saw their connection fail (a reset, a refusal, a stream or socket closed). */
  dropped: number;
  /** The first failure any client saw, in µs of the shared clock (null: none). */
  firstDropUs: number | null;
  /** Each recovered client's receipt of its first event published after the restart, in µs of the shared clock. */
  backAtUs: number[];
  /** Connection attempts made from the restart on (from the first drop seen, against a target). */
  attempts: number;
  /** Faults while a planned restart was being recovered from: its cost, shown, not errors of the run. */
  faults: Record<string, number>;
}

/** One transport's recovery from a restart, in the result. */
export interface RecoveryFigures {
  /** `restart`: the embedded server was killed and started again on schedule; `drop`: a target dropped its clients. */
  cause: 'restart' | 'drop';
  /** When, in ms after the phase's first event was due: the kill, or the first drop a client saw. */
  atMs: number;
  /** How long the server was away: killed until it listened again (null against a target). */
  downMs: number | null;
  /** Clients the restart concerned: every client (restart), or those that saw a drop (target). */
  clients: number;
  /** Clients that saw their connection fail; a poller between polls may never see one. */
  dropped: number;
  /** Clients that received an event published after the restart: back, and caught up on what came before. */
  recovered: number;
  /**
   * From `atMs` to each client's first event published after the restart: the median client, and the last (when every
   * client was back and caught up), in ms; null when none came back.
   */
  backMs: { p50: number; max: number } | null;
  /** Connection attempts (TCP connects, refused ones included) from the restart on. */
  reconnectAttempts: number;
  /** The new server's peak of connections accepted per second (null against a target). */
  peakAcceptsPerSec: number | null;
  /** Faults while recovering from a planned restart, by code: its expected cost, not errors. */
  faults: Record<string, number>;
}
