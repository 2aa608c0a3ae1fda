// What a result measured on an app as it is (`--publish`, `--receive`) says beyond the others:
// the app in the header, the tool's markers as the payload, and what polling a list without a
// cursor costs (events fetched again, and the bytes of their items).
import type { AppSummary } from '../shared/app-types.js';
import type { ComparisonResult, ResultOptions, TransportResult } from '../shared/result-types.js';
import { formatBytes, formatInteger } from './format.js';
import type { MetricRow } from './section-model.js';

/** How the app's publish is named: `POST URL`, `ws URL`, `socketio URL#event`. */
function publishName({ publish }: AppSummary): string {
  if (publish.how === 'http') return `${publish.method} ${publish.url}`;
  return publish.how === 'ws' ? `ws ${publish.url}` : `socketio ${publish.url}#${publish.event}`;
}

/** The header's line for an app: how the tool publishes, and the lanes it reads. */
export function appHeaderParts(o: ResultOptions): string[] {
  if (!o.app) return [];
  const headers = o.app.headerNames.length > 0 ? ` (headers ${o.app.headerNames.join(', ')}: values not shown)` : '';
  const lanes = o.app.receivers.map((r) => `${r.transport} ${r.url}${r.event !== undefined ? `#${r.event}` : ''}`);
  return [
    `app as it is: the tool publishes ${publishName(o.app)}${headers}`,
    `lanes (its marker found in what they receive): ${lanes.join(', ')}`,
  ];
}

/** The payload row's label: the event JSON, or on an app the tool's markers (the app's own message is overhead). */
export const payloadLabel = (result: ComparisonResult): string =>
  result.options.app ? "payload (the tool's markers)" : 'payload (event JSON)';

/**
 * The re-fetch row, when a lane polled a list without a cursor: events fetched again after they
 * were delivered, and the bytes of the items that carried them.
 */
export function refetchRow(transports: readonly TransportResult[]): MetricRow | undefined {
  if (!transports.some((t) => (t.events.refetched ?? 0) > 0)) return undefined;
  return {
    label: 're-fetched (no cursor)',
    cells: transports.map((t) => ({
      lines:
        t.events.refetched === undefined
          ? ['0']
          : [formatInteger(t.events.refetched), formatBytes(t.events.refetchedBytes ?? 0)],
      tone: 'plain' as const,
    })),
  };
}

/** What the re-fetch row means, under the table. */
export const REFETCH_NOTE =
  're-fetched: events a poll of a list without a cursor carried again after they were delivered, counted once as ' +
  'delivered, not as duplicates; the bytes are those of the items that carried them (their JSON array elements), ' +
  'part of the bytes above.';
