import type { ComparisonResult, TransportResult } from '../shared/result-types.js';

type CsvValue = string | number | boolean | null | undefined;
type Column = readonly [name: string, value: (t: TransportResult) => CsvValue];

const sum = (errors: Record<string, number>): number => Object.values(errors).reduce((a, n) => a + n, 0);

const COLUMNS = [
  ['transport', (t) => t.transport],
  ['clients', (t) => t.clients],
  ['phase_ms', (t) => t.phaseMs],
  ['partial', (t) => t.partial === true],
  ['events_published', (t) => t.events.published],
  ['events_expected', (t) => t.events.expected],
  ['events_delivered', (t) => t.events.delivered],
  ['events_lost', (t) => t.events.lost],
  ['events_duplicates', (t) => t.events.duplicates],
  ['events_out_of_order', (t) => t.events.outOfOrder],
  ['latency_samples', (t) => t.latencyMs?.samples],
  ['latency_min_ms', (t) => t.latencyMs?.min],
  ['latency_mean_ms', (t) => t.latencyMs?.mean],
  ['latency_p50_ms', (t) => t.latencyMs?.p50],
  ['latency_p90_ms', (t) => t.latencyMs?.p90],
  ['latency_p99_ms', (t) => t.latencyMs?.p99],
  ['latency_p999_ms', (t) => t.latencyMs?.p999],
  ['latency_max_ms', (t) => t.latencyMs?.max],
  ['requests_http', (t) => t.requests.http],
  ['requests_empty', (t) => t.requests.empty],
  ['requests_connections', (t) => t.requests.connections],
  ['requests_handshakes', (t) => t.requests.handshakes],
  ['requests_per_event', (t) => t.requests.perEvent],
  ['bytes_client_sent', (t) => t.bytes.clientSent],
  ['bytes_client_received', (t) => t.bytes.clientReceived],
  ['bytes_server_sent', (t) => t.bytes.serverSent],
  ['bytes_server_received', (t) => t.bytes.serverReceived],
  ['bytes_payload', (t) => t.bytes.payload],
  ['bytes_per_event', (t) => t.bytes.perEvent],
  ['bytes_overhead_share', (t) => t.bytes.overheadShare],
  ['server_requests', (t) => t.server?.requests],
  ['server_empty', (t) => t.server?.empty],
  ['server_connections', (t) => t.server?.connections],
  ['server_handshakes', (t) => t.server?.handshakes],
  ['server_events_written', (t) => t.server?.eventsWritten],
  ['errors_total', (t) => sum(t.errors)],
  [
    'errors',
    (t) =>
      Object.entries(t.errors)
        .map(([code, n]) => `${code}:${n}`)
        .join(';'),
  ],
  // Added after the first release of these columns: new ones only ever go here, at the end.
  ['bytes_headers', (t) => t.bytes.headers],
  ['bytes_framing', (t) => t.bytes.framing],
  ['bytes_per_client_per_sec', (t) => t.bytes.perClientPerSec],
  ['model_latency_mean_ms', (t) => t.model?.latencyMeanMs],
  ['model_latency_max_ms', (t) => t.model?.latencyMaxMs],
  ['model_requests_per_event', (t) => t.model?.requestsPerEvent],
  ['model_bytes_per_event', (t) => t.model?.bytesPerEvent],
  ['server_cpu_ms', (t) => t.serverCost?.cpuMs],
  ['server_cpu_per_event_us', (t) => t.serverCost?.cpuPerEventUs],
  ['server_rss_per_client_bytes', (t) => t.serverCost?.rssPerClientBytes],
  ['server_heap_per_client_bytes', (t) => t.serverCost?.heapPerClientBytes],
  ['server_loop_delay_p99_ms', (t) => t.serverCost?.loopDelayP99Ms],
  ['server_loop_delay_max_ms', (t) => t.serverCost?.loopDelayMaxMs],
  ['server_publish_lag_max_ms', (t) => t.serverCost?.publishLagMaxMs],
  ['server_processes', (t) => (t.serverCost ? (t.serverCost.processes?.length ?? 1) : undefined)],
  ['client_processes', (t) => t.clientCost?.processes],
  ['client_cpu_ms', (t) => t.clientCost?.cpuMs],
  ['client_rss_peak_bytes', (t) => t.clientCost?.rssPeakBytes],
  ['client_rss_per_client_bytes', (t) => t.clientCost?.rssPerClientBytes],
  ['client_loop_delay_max_ms', (t) => t.clientCost?.loopDelayMaxMs],
  ['connect_ms', (t) => t.connectMs],
  ['active_ms', (t) => t.activeMs],
  ['events_refetched', (t) => t.events.refetched ?? 0],
  ['events_refetched_bytes', (t) => t.events.refetchedBytes ?? 0],
] as const satisfies readonly Column[];

/**
 * The CSV reporter's columns, in order: a stable contract that scripts and spreadsheets rely on
 * (new columns only ever go at the end). One row per transport that ran. Values are the raw
 * figures of the JSON result: no thousands separators, no rounding; a figure that does not exist
 * (JSON null, e.g. latency when nothing was delivered) is an empty cell.
 *
 * - `transport`: the transport's id (`TRANSPORTS` in shared/transports.ts); `clients`: simulated clients;
 *   `phase_ms`: wall time of the phase, ms; `partial`: `true` when Ctrl-C cut this phase short, else `false`.
 * - `events_*`: published, expected (published × clients), delivered, lost, duplicates, out_of_order, refetched
 *   (a cursorless poll's repeats) and refetched_bytes; counts.
 * - `latency_*_ms`: publish → receipt, ms with µs resolution (`latency_samples` is a count).
 * - `requests_*`: HTTP requests, empty responses, TCP connections, WebSocket handshakes (counts);
 *   `requests_per_event`: (http + handshakes) per delivered event.
 * - `bytes_*`: counted at the TCP sockets, bytes; `bytes_per_event`: client wire bytes per delivered event;
 *   `bytes_overhead_share`: share of the wire that is not event JSON, 0..1.
 * - `server_*`: what the server counted (requests, empty, connections, handshakes, events written).
 * - `errors_total`: faults of all codes; `errors`: `CODE:n` pairs joined by `;` (a code may hold a
 *   `:`, as in `server:EPIPE:1`, so split each pair at its last colon); empty when there were none.
 * - `bytes_headers`, `bytes_framing`: HTTP heads and handshakes, and bytes around event JSON, as the
 *   server measured them; `bytes_per_client_per_sec`: client wire bytes per client per second.
 * - `model_*`: the analytical model's predictions (empty when there is none).
 * - `server_*_ms`, `server_*_us`, `server_*_bytes`: what the phase cost the server process
 *   (all its processes, `server_processes` of them, summed; loop delay the worst of them).
 * - `client_*`: what the phase cost the processes that held the clients, likewise.
 * - `connect_ms`: from the first connection until the server had seen every client;
 *   `active_ms`: how long the clients were active (the duration and the stragglers' grace).
 */
export const CSV_COLUMNS: readonly string[] = Object.freeze(COLUMNS.map(([name]) => name));

/** One CSV field per RFC 4180: quoted (with inner quotes doubled) only when it holds `,`, `"`, CR or LF. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Renders a result as CSV: the `CSV_COLUMNS` header, then one row per transport; lines end with `\n`. Pure. */
export function renderCsv(result: ComparisonResult): string {
  const lines = [
    COLUMNS.map(([name]) => csvField(name)).join(','),
    ...result.transports.map((t) => COLUMNS.map(([, value]) => csvField(value(t))).join(',')),
  ];
  return `${lines.join('\n')}\n`;
}
