import type { FaultCode } from './faults.js';
import type { Transport } from './transports.js';

export { TRANSPORTS, TRANSPORT_LABELS, type Transport } from './transports.js';
export type {
  ModelExplanation,
  ModelParams,
  ModelPrediction,
  PredictionDetail,
  PredictionReasons,
} from './model-types.js';
export type { ClientWire, WireResult } from './wire-types.js';
import type { WireResult } from './wire-types.js';
import type { ModelPrediction } from './model-types.js';

/** Everything a comparison run needs, already parsed into numbers with units in their names. */
export interface CompareOptions {
  transports: Transport[];
  /** Simulated clients per transport. */
  clients: number;
  /** Events the server publishes per second. */
  ratePerSec: number;
  /** Length of each transport's phase, in milliseconds. */
  durationMs: number;
  /** Short-poll interval, in milliseconds. */
  pollIntervalMs: number;
  /** Size of each event's `data` string, in bytes. */
  payloadBytes: number;
  /** How long the server holds a long-poll request before answering empty, in milliseconds. */
  longPollTimeoutMs: number;
  /** Address the demo server binds. */
  host: string;
  /** Port the demo server binds; 0 picks a free one. */
  port: number;
  /** Seed for the payload and the polling clients' start phases. */
  seed: number;
  /** Round-trip time the delay relay adds between clients and server, in milliseconds (0: none). */
  rttMs: number;
  /** Spread of the relay's per-chunk delay, in milliseconds. */
  jitterMs: number;
  /** Request and response header weight. */
  headers: HeaderProfile;
  /** The request headers read from `--headers FILE`, when headers is 'file'. */
  customHeaders?: Record<string, string>;
  /** The run's RTT may be turned mid-run (the live view): the delay relay stays in the path from the start. */
  steerable?: boolean;
  /** Every transport at once on the same events (`--parallel`), not one after another; off when absent. */
  parallel?: boolean;
  /** WebSocket with permessage-deflate (`--deflate`); off when absent. */
  deflate?: boolean;
  /** The Socket.IO event name a target emits and listens on (`--socketio-event`); `message` when absent. */
  socketIoEvent?: string;
  /** A server someone else runs (`--target`): the tool publishes, its receivers read; absent for the demo server. */
  target?: { url: string; kind: 'protocol' | 'chat' };
  /** The demo server serves HTTPS and WSS with a certificate made for the run (`--tls`); off when absent. */
  tls?: boolean;
  /** The HTTP transports speak HTTP/2 (`--http2`: h2 over TLS, h2c in cleartext); off when absent. */
  http2?: boolean;
  /** Trust any certificate of an `https:`/`wss:` target (`--insecure`, for self-signed ones); off when absent. */
  insecure?: boolean;
  /** The id every machine of one measurement shares (`--run-id`); absent for a run on its own. */
  runId?: string;
  /** This machine's name among the run's (`--machine`); absent for a run on its own. */
  machine?: string;
  /** When the run starts, in ms since the epoch (`--start-at`): machines started apart begin together. */
  startAtMs?: number;
  /** Processes the clients, and the demo server, are each spread over (`--processes`); one when absent. */
  processes?: number;
}

/** How heavy the HTTP requests and responses are: what undici sends, or what a browser would. */
export type HeaderProfile = 'minimal' | 'browser' | 'file';

/** One event as it travels on the wire: `t` is the publish time in ns of `process.hrtime.bigint()`. */
export interface WireEvent {
  seq: number;
  t: string;
  data: string;
}

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
export type ResultOptions = Omit<CompareOptions, 'customHeaders' | 'steerable'> & {
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
  transports: TransportResult[];
  /** Present and true when the run was interrupted (Ctrl-C): some transports did not run or ran only in part. */
  partial?: boolean;
  /** Threshold and baseline checks, when the run was asked for them. */
  checks?: Checks;
}

/** How a checked metric's value is expressed. */
export type MetricUnit = 'ms' | 'bytes' | 'count' | 'ratio';

/** Comparison operators a threshold may use. */
export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** One `--threshold` expression checked against one transport's figure. */
export interface ThresholdOutcome {
  /** The expression as the user wrote it, e.g. `*.events.lost==0`. */
  expression: string;
  transport: Transport;
  /** Metric path, e.g. `latency.p99`, `bytes.perEvent`. */
  metric: string;
  operator: ThresholdOperator;
  /** The limit, converted to `unit` (ms, bytes, count or ratio). */
  limit: number;
  unit: MetricUnit;
  /** The figure from the run; null when it does not exist (nothing delivered). */
  measured: number | null;
  passed: boolean;
}

/** One metric of one transport, before (baseline) and after (this run). */
export interface BaselineRow {
  transport: Transport;
  metric: string;
  unit: MetricUnit;
  before: number | null;
  after: number | null;
  /** (after − before) / before, as a fraction; null when before is 0 or either is missing. */
  change: number | null;
  /** Largest tolerated worsening, as a fraction of `before`. */
  tolerance: number;
  /** Worsening below this absolute amount (in `unit`) is never a regression (latency noise). */
  slack: number;
  regressed: boolean;
}

/** The comparison of this run with a saved result. */
export interface BaselineComparison {
  /** The baseline file as given on the command line. */
  file: string;
  startedAt: string;
  rows: BaselineRow[];
  /** Why some figures may not be comparable (different options, transports missing). */
  notes: string[];
}

/** Every check the run was asked for. */
export interface Checks {
  thresholds: ThresholdOutcome[];
  baseline?: BaselineComparison;
}

/** What a running phase reports, for the progress line on stderr. */
export interface PhaseProgress {
  transport: Transport;
  stage: 'connecting' | 'running' | 'draining' | 'closing' | 'done';
  clientsReady: number;
  clients: number;
  /** Time since the first event was due, in milliseconds. */
  elapsedMs: number;
  durationMs: number;
  delivered: number;
  expected: number;
  /** Once the phase is done: how long its clients took to connect and be seen by the server, in ms. */
  connectMs?: number;
}

/** Where a client reports what crossed its wire; metrics/ implements it, clients/ only call it. */
export interface DeliveryRecorder {
  /** The seq to resume from after a reconnect: the highest one received. */
  readonly lastSeq: number;
  /** Counts one HTTP request sent. */
  request(): void;
  /** Counts one HTTP response that carried no event. */
  emptyResponse(): void;
  /** Counts one completed WebSocket opening handshake. */
  handshake(): void;
  /** Counts one fault by its stable code. */
  fault(code: FaultCode): void;
  /**
   * Records event `seq` published at `publishedNs` and parsed at `receivedNs` (shared clock); `payloadBytes` is its
   * JSON's size.
   */
  deliver(seq: number, publishedNs: bigint, receivedNs: bigint, payloadBytes: number): void;
  /**
   * True when an event carrying `data` is not this run's (another publisher's, on a shared
   * target); `undefined` asks about a message that is no event at all.
   */
  isForeign(data: string | undefined): boolean;
  /** Counts an event that is not this run's: not a delivery, not a fault; it still moves the resume point. */
  foreign(seq: number): void;
}

/** Where a phase's readers start, and how they tell the run's events from others'. */
export interface PhaseStart {
  /** The newest seq before the phase: readers resume from it, and only later seqs are the phase's. */
  since: number;
  /** The run's tag at the start of every event's data; absent when every event is the run's. */
  tag?: string;
  /**
   * True where the server numbers every publisher's events in one sequence (a protocol target): another's event moves
   * the resume point.
   */
  sharedSeqs?: boolean;
}

/** Counts the sockets a client opens, reading their bytes at the socket. */
export interface SocketTracker {
  /** Starts counting `socket`; returns it for chaining inside connectors. */
  track<S extends import('node:net').Socket>(socket: S): S;
  /**
   * Told once a counted connection is ready to speak: the protocol on it (`h2`, `h2c`,
   * `http/1.1`) and, over TLS, the TLS socket, whose plaintext is what TLS wrapped.
   */
  ready?(protocol: string, secure?: import('node:tls').TLSSocket): void;
}
