// A server restarted under its clients (--restart-at), or a target seen dropping them: how each transport came back.
import { BACKOFF_WORDS } from '../shared/backoff.js';
import type { ComparisonResult, TransportResult } from '../shared/result-types.js';
import { TRANSPORT_LABELS } from '../shared/transports.js';
import { NBSP } from './chart.js';
import { formatInteger, formatLatency, formatSpan } from './format.js';
import { transportHead, type Cell, type MetricSection } from './section-model.js';

const keep = (text: string): string => text.replaceAll(' ', NBSP);
const plain = (text: string): Cell => ({ lines: [text], tone: 'plain' });
const bad = (text: string, trouble: boolean): Cell => ({ lines: [text], tone: trouble ? 'bad' : 'plain' });

/** The header's word on a restart. */
export function restartHeaderParts(o: Pick<ComparisonResult['options'], 'restartAtMs'>): string[] {
  return o.restartAtMs === undefined
    ? []
    : [`server killed and restarted ${formatSpan(o.restartAtMs)} into each phase`];
}

/** Every client back after the restart, or how many were not. */
const backCell = (t: TransportResult): Cell => {
  const r = t.recovery!;
  return bad(`${formatInteger(r.recovered)} of ${formatInteger(r.clients)}`, r.recovered < r.clients);
};

/** A transport's faults on the way back, `CODE×n`; undefined when there were none. */
const faultsOf = (t: TransportResult): string | undefined => {
  const entries = Object.entries(t.recovery!.faults);
  if (entries.length === 0) return undefined;
  return `${TRANSPORT_LABELS[t.transport]} ${entries.map(([code, n]) => `${code}×${formatInteger(n)}`).join(', ')}`;
};

/** A span of latencies, its unit said once when both share it: `319–460 ms`. */
const spanOf = (low: number, high: number): string =>
  low === high
    ? formatLatency(low)
    : high < 1000
      ? `${formatLatency(low).replace(/ ms$/, '')}–${formatLatency(high)}`
      : `${formatLatency(low)}–${formatLatency(high)}`;

/** The recovery table, one column per transport that saw a restart or a drop; none when no transport did. */
export function recoverySections(result: ComparisonResult): MetricSection[] {
  const seen = result.transports.filter((t) => t.recovery);
  if (seen.length === 0) return [];
  const planned = seen.some((t) => t.recovery!.cause === 'restart');
  const row = (label: string, cell: (t: TransportResult) => Cell) => ({ label, cells: seen.map(cell) });
  return [
    {
      title: planned
        ? `Restart: the server killed (SIGKILL) and started again, ${formatSpan(result.options.restartAtMs ?? 0)} into each phase`
        : 'Connections dropped by the target: how the clients came back',
      columns: seen.map(transportHead),
      alwaysShown: true,
      rows: [
        ...(planned ? [] : [row('first drop at', (t) => plain(formatSpan(t.recovery!.atMs)))]),
        ...(planned ? [row('server down', (t) => plain(formatLatency(t.recovery!.downMs)))] : []),
        row('clients back', backCell),
        row('back, median', (t) => plain(formatLatency(t.recovery!.backMs?.p50))),
        row('back, last', (t) => plain(formatLatency(t.recovery!.backMs?.max))),
        row('events lost', (t) => bad(formatInteger(t.events.lost), t.events.lost > 0)),
        row('duplicates', (t) => bad(formatInteger(t.events.duplicates), t.events.duplicates > 0)),
        row('reconnects', (t) => plain(formatInteger(t.recovery!.reconnectAttempts))),
        ...(planned ? [row('accepts/s', (t) => plain(formatInteger(t.recovery!.peakAcceptsPerSec)))] : []),
      ],
      notes: [
        planned
          ? "Back: from the kill to a client's first event published after the restart; it has every event " +
            'before it by then, in order. The new process serves the old one’s event log (as a store would keep it) ' +
            'on the same port. Reconnects: connection attempts from the restart on, refused ones included; ' +
            "accepts/s: the new server's busiest second."
          : "Back: from the first drop any client saw to a client's first event published after its own drop; only " +
            'clients that saw a drop are counted.',
        `Clients reconnect ${BACKOFF_WORDS}.`,
        ...(planned
          ? [
              `Faults on the way, what the restart cost (not errors of the run): ${
                seen.flatMap((t) => faultsOf(t) ?? []).join('; ') || 'none'
              }.`,
              "The killed process's own counts died with it: server-side figures are not available.",
            ]
          : []),
      ],
    },
  ];
}

/** The verdict's sentence on a restart: which transport had every client back soonest, and what was lost. */
export function recoverySentence(result: ComparisonResult): string | undefined {
  const seen = result.transports.filter((t) => t.recovery);
  if (seen.length === 0) return undefined;
  const planned = seen.some((t) => t.recovery!.cause === 'restart');
  const label = (t: TransportResult): string => keep(TRANSPORT_LABELS[t.transport]);
  const whole = seen.filter((t) => t.recovery!.backMs && t.recovery!.recovered === t.recovery!.clients);
  const order = [...whole].sort((a, b) => a.recovery!.backMs!.max - b.recovery!.backMs!.max);
  const downs = seen.flatMap((t) => (t.recovery!.downMs === null ? [] : [t.recovery!.downMs]));
  const down = downs.length > 0 ? ` (server down ${keep(spanOf(Math.min(...downs), Math.max(...downs)))})` : '';
  const parts = [
    ...(order.length > 0
      ? [
          `${planned ? `After the restart${down}` : 'After the target dropped its clients'}, every client was back ` +
            `and caught up: ${order.map((t) => `${label(t)} within ${keep(formatLatency(t.recovery!.backMs!.max))}`).join(', ')}.`,
        ]
      : []),
    ...seen
      .filter((t) => !whole.includes(t))
      .map(
        (t) =>
          `${label(t)}: ${formatInteger(t.recovery!.clients - t.recovery!.recovered)} of ` +
          `${formatInteger(t.recovery!.clients)} clients never came back.`,
      ),
  ];
  const lost = seen.filter((t) => t.events.lost > 0 || t.events.duplicates > 0);
  parts.push(
    lost.length === 0
      ? 'No event was lost or duplicated across it.'
      : `Across it ${lost.map((t) => `${label(t)} lost ${formatInteger(t.events.lost)} and duplicated ${formatInteger(t.events.duplicates)}`).join('; ')}.`,
  );
  return parts.join(' ');
}
