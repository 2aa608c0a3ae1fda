// The report's header: the run's title, the interrupted-run warning, its parameters and its machine, in full and
// compact. Every layout renders it; `sections.ts` puts it in the report model.
import type { ComparisonResult } from '../shared/result-types.js';
import { TRANSPORT_LABELS, playsRole } from '../shared/transports.js';
import { formatDurationMs } from '../shared/units.js';
import { appHeaderParts } from './app.js';
import { formatBytes, formatInteger, formatSignificant } from './format.js';
import { networkHeaderParts } from './network.js';
import { restartHeaderParts } from './recovery.js';
import { wireHeaderParts } from './wire.js';

/** The run's title, the interrupted-run warning, and its parameters and environment. */
export interface ReportHeader {
  title: string;
  /** Present when the run was interrupted: a headline and a line saying which transports it cut. */
  partial: { headline: string; detail: string } | null;
  /** Run parameters, one short phrase each (`20 clients`, `poll every 1s`). */
  parts: string[];
  /** The same, shorter, for the compact view: what a reader needs to read the verdict. */
  compactParts: string[];
  /** The compact view's title: the tool and its version (the time is in the JSON and with every table). */
  shortTitle: string;
  /** The seed and the machine (`seed 1`, `node v20.20.2`): with every table, left out of the compact view. */
  machine: string[];
}

/** The headline of an interrupted run, in every human-facing format. */
export const PARTIAL_HEADLINE = 'PARTIAL RESULT: the run was interrupted';

/** The header of `result`: what ran, how, and where. */
export function buildHeader(result: ComparisonResult): ReportHeader {
  const o = result.options;
  const env = result.environment;
  const perTransport = `${formatDurationMs(o.durationMs)} per transport`;
  const phase =
    `${perTransport} (publish ${formatDurationMs(o.publishWindowMs)}, settle ` + `${formatDurationMs(o.settleMs)})`;
  const holding = `long-poll timeout ${formatDurationMs(o.longPollTimeoutMs)}`;
  const pollEvery = `poll every ${formatDurationMs(o.pollIntervalMs)}`;
  const header = {
    title: `${result.tool.name} ${result.tool.version} · ${result.startedAt}`,
    partial: result.partial === true ? { headline: PARTIAL_HEADLINE, detail: partialDetail(result) } : null,
    parts: [
      ...appHeaderParts(o),
      ...(o.target
        ? [
            `target ${o.target.url} ` +
              `(${o.target.kind === 'chat' ? 'a broadcast chat' : 'the poll-vs-push protocol'}; the tool publishes)`,
          ]
        : []),
      `${formatInteger(o.clients)} clients`,
      `${formatSignificant(o.ratePerSec, 3)} events/s`,
      ...(o.app ? [] : [`${formatBytes(o.payloadBytes)} payload`]),
      phase,
      pollEvery,
      holding,
      o.target || o.app
        ? "RTT: the network's own"
        : o.rttMs > 0
          ? `RTT ${formatDurationMs(o.rttMs)}${o.jitterMs > 0 ? ` ± ${formatDurationMs(o.jitterMs / 2)}` : ''} ` +
            '(delay relay)'
          : 'RTT: bare loopback',
      ...networkHeaderParts(o),
      ...restartHeaderParts(o),
      ...wireHeaderParts(o),
      ...(o.deflate ? ['WebSocket permessage-deflate on'] : []),
      ...(o.runId !== undefined
        ? [`run ${o.runId}, ${o.machines ? `machines ${o.machines.join(', ')}` : `machine ${o.machine}`}`]
        : []),
      ...(o.parallel ? ['all transports at once on the same events (they shared the machine)'] : []),
      ...(o.processes ? [`clients and server spread over ${o.processes} processes each`] : []),
      `${o.headers} headers`,
    ],
    machine: [
      `seed ${o.seed}`,
      `node ${env.node}`,
      `${env.platform}/${env.arch}`,
      `${env.cpus} cpus (${env.cpuModel})`,
    ],
  };
  // Compact: the phase's length without its split, the poll interval only where short polls ran (a long poll's hold
  // is with every table).
  const polls = result.transports.some((t) => playsRole(t.transport, 'short-poll'));
  const compactParts = header.parts
    .map((part) => (part === phase ? perTransport : part))
    .filter((part) => part !== holding && (part !== pollEvery || polls));
  return { ...header, compactParts, shortTitle: `${result.tool.name} ${result.tool.version}` };
}

/** Which transports the interruption cut short and which never ran, so no figure is mistaken for a whole phase. */
function partialDetail(result: ComparisonResult): string {
  const ran = new Set(result.transports.map((t) => t.transport));
  const cut = result.transports.filter((t) => t.partial === true).map((t) => TRANSPORT_LABELS[t.transport]);
  const notRun = result.options.transports.filter((t) => !ran.has(t)).map((t) => TRANSPORT_LABELS[t]);
  const facts = [
    ...(cut.length > 0 ? [`stopped part-way: ${cut.join(', ')}`] : []),
    ...(notRun.length > 0 ? [`not run: ${notRun.join(', ')}`] : []),
  ];
  return facts.length > 0
    ? `figures cover only what ran before it stopped (${facts.join('; ')})`
    : 'figures cover only what ran before it stopped';
}
