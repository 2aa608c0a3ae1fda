// The cost section: what a phase cost the server's processes and the processes that held the
// clients, as each measured itself (CPU, memory peaks, event-loop delay). Pure, from the result.
import type { ClientCost, ProcessFigures, ServerCost, TransportResult } from '../shared/result-types.js';
import { TRANSPORT_LABELS } from '../shared/transports.js';
import { MISSING, formatBytes, formatDecimal, formatInteger, formatMs } from './format.js';
import { transportHead, type Cell, type MetricRow, type MetricSection } from './section-model.js';

/** The section's title. */
export const COST_TITLE = 'Cost (per phase: the server, and the processes holding the clients)';

const text = (value: string): Cell => ({ lines: [value], tone: 'plain' });
const ms = (value: number): string => `${formatDecimal(value, 1)} ms`;
const MIB = 1024 * 1024;
const mib = (bytes: number): string => `${formatDecimal(bytes / MIB, 1)} MiB`;

const SERVER_ROWS: ReadonlyArray<readonly [label: string, cell: (cost: ServerCost) => string]> = [
  [
    'server processes',
    (s) =>
      s.processes ? `${formatInteger(s.processes.length)} (1 + ${formatInteger(s.processes.length - 1)} workers)` : '1',
  ],
  ['server CPU time', (s) => ms(s.cpuMs)],
  ['server CPU per event', (s) => (s.cpuPerEventUs === null ? MISSING : `${formatDecimal(s.cpuPerEventUs, 2)} µs`)],
  ['server RSS peak', (s) => (s.rssPeakBytes === undefined ? MISSING : mib(s.rssPeakBytes))],
  ['server RSS per client', (s) => formatBytes(s.rssPerClientBytes)],
  ['server heap per client', (s) => formatBytes(s.heapPerClientBytes)],
  ['server loop delay p99', (s) => `${formatMs(s.loopDelayP99Ms)} ms`],
  ['server loop delay max', (s) => `${formatMs(s.loopDelayMaxMs)} ms`],
  ['publish lag max', (s) => `${formatMs(s.publishLagMaxMs)} ms`],
];

const CLIENT_ROWS: ReadonlyArray<readonly [label: string, cell: (cost: ClientCost) => string]> = [
  ['client processes', (c) => formatInteger(c.processes)],
  ['client CPU time', (c) => ms(c.cpuMs)],
  ['client RSS peak', (c) => mib(c.rssPeakBytes)],
  ['client RSS per client', (c) => formatBytes(c.rssPerClientBytes)],
  ['client loop delay max', (c) => `${formatMs(c.loopDelayMaxMs)} ms`],
];

/** The rows of one side's cost, when some transport measured it. */
function rowsOf<T>(
  rows: ReadonlyArray<readonly [string, (cost: T) => string]>,
  transports: TransportResult[],
  costOf: (t: TransportResult) => T | undefined,
): MetricRow[] {
  if (!transports.some((t) => costOf(t))) return [];
  return rows.map(([label, cell]) => ({
    label,
    cells: transports.map((t) => {
      const cost = costOf(t);
      return text(cost ? cell(cost) : MISSING);
    }),
  }));
}

/**
 * One process's figures in a line: `worker 3: 5,120.4 ms CPU · 140.2 MiB peak · loop delay max 412.000 ms · events
 * 3.100 ms after publish`.
 */
function processLine(p: ProcessFigures, index: number): string {
  const name = p.role === 'worker' ? `worker ${index}` : p.role;
  const hop = p.hopMaxMs === undefined ? '' : ` · events reached it ${formatMs(p.hopMaxMs)} ms after publish at most`;
  return (
    `  ${name}: ${ms(p.cpuMs)} CPU · ${mib(p.rssPeakBytes)} RSS peak · loop delay max ` +
    `${formatMs(p.loopDelayMaxMs)} ms${hop}`
  );
}

/** The server's processes one by one, for each transport whose server ran as a primary and workers. */
function perProcessNotes(transports: TransportResult[]): string[] {
  return transports.flatMap((t) => {
    const processes = t.serverCost?.processes;
    if (!processes) return [];
    return [
      `${TRANSPORT_LABELS[t.transport]}, the server's processes (the primary publishes; each worker serves its ` +
        `share of the clients):`,
      ...processes.map((p, i) => processLine(p, i)),
    ];
  });
}

/** The cost section, or none when no transport measured a cost. */
export function costSection(transports: TransportResult[]): MetricSection | undefined {
  if (!transports.some((t) => t.serverCost || t.clientCost)) return undefined;
  return {
    title: COST_TITLE,
    columns: transports.map(transportHead),
    rows: [
      ...rowsOf(SERVER_ROWS, transports, (t) => t.serverCost),
      ...rowsOf(CLIENT_ROWS, transports, (t) => t.clientCost),
    ],
    notes: [
      'Memory per client is the peak growth of the processes over the phase divided by the clients: ' +
        'with a few dozen clients it is mostly garbage-collector noise; it means something from about a thousand. ' +
        'Over several processes, CPU and memory are their sums and loop delay the worst of them.',
      'Publish lag is how late the server sent an event against its schedule; latency counts from the real ' +
        'send, so a server that falls behind shows here rather than in the latency table. A client process whose ' +
        'loop was held up reads its events late: that shows as client loop delay, and in the latency.',
      ...perProcessNotes(transports),
    ],
  };
}
