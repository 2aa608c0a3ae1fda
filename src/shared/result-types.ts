/** The result of a comparison run: plain, versioned data (schema/result.schema.json) every reporter renders. */

import type { AppSummary } from './app-types.js';
import type { Checks } from './check-types.js';
import type { ModelPrediction } from './model-types.js';
import type { RadioFigures, TcpPathCounts } from './network-types.js';
import type { RecoveryFigures } from './recovery-types.js';
import type { CompareOptions } from './options-types.js';
import type { Transport } from './transports.js';
import type { WireResult } from './wire-types.js';

/** Latency percentiles of one transport, in milliseconds with microsecond resolution. */
export interface LatencySummary {
  samples: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

/** A latency histogram as a result carries it, so plots can be redrawn and results merged exactly. */
export interface LatencyDistribution {
  encoding: 'hdr-compressed-base64';
  /** The histogram counts microseconds. */
  unit: 'us';
  /** HdrHistogram's compressed, base64 encoding (hdr-histogram-js encodeIntoCompressedBase64). */
  data: string;
  samples: number;
  /** Exact sum, minimum and maximum of the samples, in ns as decimal strings. */
  sumNs: string;
  minNs: string;
  maxNs: string;
}

/** Delivery as checked by sequence number, summed over all clients of a transport. */
export interface DeliveryCounts {
  /** Events the server published during the phase. */
  published: number;
  /** published × clients. */
  expected: number;
  /** Events received that were not this run's (other publishers on a shared target); absent when none. */
  foreign?: number;
  /**
   * Events a cursorless poll fetched again (an app's list answers whole each time): counted once as
   * delivered, these are the repeats; absent when none.
   */
  refetched?: number;
  /** The bytes of the items that carried the repeats (the JSON array element holding each, else its line). */
  refetchedBytes?: number;
  /** Distinct (client, seq) pairs received. */
  delivered: number;
  lost: number;
  duplicates: number;
  outOfOrder: number;
}

/** Requests and connections, counted by the clients. */
export interface RequestCounts {
  /** HTTP requests sent (WebSocket upgrade requests are handshakes, not counted here). */
  http: number;
  /** HTTP responses that carried no event. */
  empty: number;
  /** TCP connections opened. */
  connections: number;
  /** WebSocket opening handshakes completed. */
  handshakes: number;
  /** (http + handshakes) per delivered event; null when nothing was delivered. */
  perEvent: number | null;
}

/** Bytes counted at the TCP sockets of both ends; the server's are null when it is someone else's (a target). */
export interface ByteCounts {
  clientSent: number;
  clientReceived: number;
  serverSent: number | null;
  serverReceived: number | null;
  /** Bytes of the event JSON of every delivered event (the part an application needs). */
  payload: number;
  /** (clientSent + clientReceived) per delivered event; null when nothing was delivered. */
  perEvent: number | null;
  /** Share of the wire bytes that is not payload, 0..1; null when no byte crossed. */
  overheadShare: number | null;
  /** Bytes of HTTP request and response heads and WebSocket handshakes, measured at the server (null: a target's). */
  headers: number | null;
  /**
   * Of `headers`, those of each connection's first exchange (HTTP/2's header table starts empty); absent in older
   * results.
   */
  headersFirst?: number | null;
  /**
   * Bytes the server wrote around event JSON: frame headers, SSE fields and chunking, JSON array punctuation (null: a
   * target's).
   */
  framing: number | null;
  /**
   * HTTP/2 connection upkeep both ways (preface, SETTINGS, WINDOW_UPDATE, PING…), measured at the server; absent on
   * HTTP/1.1.
   */
  control?: number | null;
  /**
   * (clientSent + clientReceived) per client per second the clients were active (`activeMs`; the duration in older
   * results).
   */
  perClientPerSec: number;
}

/** The tool's publisher against a target, on its own sockets. */
export interface PublisherTraffic {
  bytesRead: number;
  bytesWritten: number;
  /** Publish requests (HTTP) or frames (chat) sent. */
  requests: number;
  connections: number;
  /** Publishes that failed, by code. */
  errors: Record<string, number>;
}

/** What the server counted for one transport, for cross-checking the clients. */
export interface ServerCounts {
  requests: number;
  empty: number;
  connections: number;
  handshakes: number;
  /** Events written to subscribers (one per event per receiving client). */
  eventsWritten: number;
  /**
   * Connections whose first exchange (a request and its answer, or a handshake) the server counted; absent in older
   * results.
   */
  firstExchanges?: number;
}

/** The measured outcome of one transport's phase. */
export interface TransportResult {
  transport: Transport;
  clients: number;
  /** Wall time of the phase from first publish to the last client closing, in milliseconds. */
  phaseMs: number;
  /**
   * Wall time from the phase's first connection until the server had seen every client (or its wait for them ended), in
   * ms; absent in older results.
   */
  connectMs?: number;
  /**
   * Wall time the clients were active: from the first event due until they were told to stop (the duration, and the
   * stragglers' grace after it), in ms; absent in older results.
   */
  activeMs?: number;
  events: DeliveryCounts;
  /** null when no event was delivered. */
  latencyMs: LatencySummary | null;
  /** The histogram behind `latencyMs` (absent in results from 0.1.0, and when nothing was delivered). */
  latencyHistogram?: LatencyDistribution;
  requests: RequestCounts;
  bytes: ByteCounts;
  /** What the server counted; null when it is someone else's (a target): only the tool's sockets are counted. */
  server: ServerCounts | null;
  /** What the clients' connections spoke, and TLS's share of the bytes; absent in older results. */
  wire?: WireResult;
  /** The tool's own publisher's traffic (a target only): it publishes, so its bytes are not a transport's. */
  publisher?: PublisherTraffic;
  /** Faults during the phase, by stable code (client side, and `server:` prefixed). */
  errors: Record<string, number>;
  /** Present and true when the run was interrupted during this phase: its figures cover only part of it. */
  partial?: boolean;
  /** What the analytical model predicts for this transport from the run's parameters. */
  model?: ModelPrediction;
  /** What the phase cost the server process (absent when the server could not say). */
  serverCost?: ServerCost;
  /** What the phase cost the processes that held the clients (absent in older results). */
  clientCost?: ClientCost;
  /** Over a shaped path (--loss, --bandwidth, --network), what TCP did on it during the phase, from the kernel. */
  tcp?: TcpPathCounts;
  /** With --radio: what a phone's radio would spend on a client's traffic (a model applied to the measured timeline). */
  radio?: RadioFigures;
  /** After a restart (`--restart-at`), or a target seen dropping its clients: how each transport came back. */
  recovery?: RecoveryFigures;
}

/** The server process's cost of one phase, measured in that process. */
export interface ServerCost {
  /** CPU time, user + system, in milliseconds. */
  cpuMs: number;
  /** CPU time per delivered event, in microseconds; null when nothing was delivered. */
  cpuPerEventUs: number | null;
  /** Peak RSS growth over the phase per client, in bytes (may be negative after a GC). */
  rssPerClientBytes: number;
  /** Peak RSS over the phase, in bytes (over several processes the sum of their peaks); absent in older results. */
  rssPeakBytes?: number;
  /** Peak V8 heap growth over the phase per client, in bytes. */
  heapPerClientBytes: number;
  /** Event-loop delay p99 and max during the phase, in milliseconds. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** The latest an event went out after its scheduled time, in milliseconds: a server behind its schedule. */
  publishLagMaxMs: number;
  /** Each process's own figures, when the server ran as a primary and workers (the figures above are their sum). */
  processes?: ProcessFigures[];
}

/** One server process's cost of a phase. */
export interface ProcessFigures {
  /** The server's primary (it runs the schedule), or one of its workers. */
  role: 'primary' | 'worker';
  cpuMs: number;
  /** Peak RSS over the phase, in bytes. */
  rssPeakBytes: number;
  loopDelayMaxMs: number;
  /** A server worker's: the latest an event reached it after the primary published it, in ms. */
  hopMaxMs?: number;
}

/** What the phase cost the processes that held the clients (the run's own, or client processes of their own). */
export interface ClientCost {
  processes: number;
  /** CPU time of all of them, user + system, in milliseconds. */
  cpuMs: number;
  /**
   * The sum of their peak RSS over the phase, in bytes (processes that peaked apart: an upper bound of the peak of the
   * sum).
   */
  rssPeakBytes: number;
  /** Peak RSS growth over the phase per client, in bytes. */
  rssPerClientBytes: number;
  /** Event-loop delay max, the worst of them, in ms: a client that could not read in time shows here. */
  loopDelayMaxMs: number;
}

/**
 * The run's options as a result records them: custom header values are never kept (they may be
 * credentials), only each header's name and the bytes its line weighs.
 */
export type ResultOptions = Omit<CompareOptions, 'customHeaders' | 'steerable' | 'clientsApart' | 'app'> & {
  /** The app measured as it is (`--publish`, `--receive`): its publish header names, never their values. */
  app?: AppSummary;
  publishWindowMs: number;
  settleMs: number;
  /** `--headers FILE`: each header's name and the bytes of its `Name: value` CRLF line. */
  customHeaderBytes?: Record<string, number>;
  /** A result merged from several machines' (`report --merge`): their names, in the order given. */
  machines?: string[];
};

/** A whole comparison run: plain, versioned data that every reporter renders. */
export interface ComparisonResult {
  schemaVersion: 1;
  tool: { name: 'poll-vs-push'; version: string };
  environment: { node: string; platform: string; arch: string; cpus: number; cpuModel: string };
  startedAt: string;
  options: ResultOptions;
  /** What the run found, in a few plain sentences computed from its figures; leads every layout. */
  verdict?: string[];
  transports: TransportResult[];
  /** Present and true when the run was interrupted (Ctrl-C): some transports did not run or ran only in part. */
  partial?: boolean;
  /** Threshold and baseline checks, when the run was asked for them. */
  checks?: Checks;
}
