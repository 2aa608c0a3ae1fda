import type { ServerSnapshot, SourceConditions } from '../server/protocol.js';
import type { PublishOutcome, PublishSchedule } from '../server/publisher.js';
import type { PvpError } from '../shared/errors.js';
import type { Transport } from '../shared/transports.js';
import type { PublisherTraffic } from '../shared/result-types.js';
import type { PhaseStart } from '../shared/run-types.js';
import type { TcpPathCounts } from '../shared/network-types.js';
import type { ClientWire } from '../shared/wire-types.js';

/**
 * Where a run's events come from, and all `run/` knows of it: the embedded demo server in its
 * own process, or (later) a server someone else runs. A source without server-side counts says
 * so (`stats` resolves undefined), and the result leaves those figures out.
 */
export interface EventSource {
  /** The base URL clients connect to (through the delay relay when there is one). */
  readonly url: string;
  /** How clients speak to it: the certificate to trust (the run's own, under --tls), HTTP/2 or not. */
  readonly wire: ClientWire;
  /** The SHA-256 fingerprint of the certificate the embedded server made for the run (--tls). */
  readonly fingerprint256?: string;
  /** True when the source can count at the server (bytes, headers, framing, cost). */
  readonly countsAtServer: boolean;
  /**
   * Starts a phase of `transports` (the embedded server forgets its events and zeroes their counters); says where
   * readers start.
   */
  reset(transports: readonly Transport[]): Promise<PhaseStart>;
  /** A WebSocket receiver's URL when it is not the protocol's `/ws?since=` (a chat server's own path). */
  wsUrl?(since: number): string;
  /** Publishes `schedule` and resolves once it is done; `timeoutMs` bounds the wait. */
  publish(schedule: PublishSchedule, timeoutMs: number): Promise<PublishOutcome>;
  /** Stops publishing now (the run was interrupted), keeping what was counted. */
  halt(): Promise<void>;
  /**
   * Publishes one event now, outside the schedule (a live view's race); resolves with its seq. Absent where the tool
   * cannot.
   */
  publishNow?(): Promise<number>;
  /** Changes the rate of the schedule running now, or the relay's delay, mid-run. */
  change(conditions: SourceConditions): Promise<void>;
  /** What the server counted so far; undefined for a source that cannot count. */
  stats(): Promise<ServerSnapshot | undefined>;
  /** The tool's own publisher's traffic since the last reset (a target, where the tool publishes). */
  publisherTraffic?(): PublisherTraffic;
  /**
   * Over a shaped path: the command prefix that starts a process where the clients must run (their network
   * namespace), and TCP's counters on the path so far.
   */
  readonly clientLaunch?: readonly string[];
  tcpCounts?(): Omit<TcpPathCounts, 'worstStallMs'>;
  /** Over a shaped path: starts watching its sockets for stalls; the function returned stops and gives the worst (ms). */
  watchTcpStalls?(): () => number;
  /** Resolves with the reason when the source is gone (the server process died). */
  readonly gone: Promise<PvpError>;
  /** Ends the source and waits until it has. */
  close(): Promise<void>;
}
