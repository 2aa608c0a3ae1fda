// The essentials of a run, one row per transport: what a newcomer reads first, under the verdict.
// Figures to three significant digits; the full tables (`--details`) keep every digit.
import type { ComparisonResult } from '../shared/result-types.js';
import { formatBytesShort, formatInteger, formatLatency, formatSignificant, MISSING } from './format.js';
import { perDelivered } from './figures.js';
import { transportHead, type Cell, type MetricSection } from './section-model.js';

const plain = (text: string): Cell => ({ lines: [text], tone: 'plain' });

/** The essentials: median and p99 latency, bytes and requests per event, delivered of expected. */
export function essentialsSection(result: ComparisonResult): MetricSection {
  return {
    title: 'At a glance (median, p99: half, and 99 in 100, of the events arrived within)',
    columns: ['median', 'p99', 'bytes/event', 'requests/event', 'delivered'],
    rows: result.transports.map((t) => {
      const lost = t.events.delivered < t.events.expected;
      return {
        label: transportHead(t),
        cells: [
          plain(formatLatency(t.latencyMs?.p50)),
          plain(formatLatency(t.latencyMs?.p99)),
          plain(formatBytesShort(perDelivered(t, t.bytes.perEvent))),
          plain(t.events.delivered > 0 ? formatSignificant(t.requests.perEvent) : MISSING),
          {
            lines: [
              t.events.expected > 0 && !lost
                ? `all ${formatInteger(t.events.expected)}`
                : `${formatInteger(t.events.delivered)}/${formatInteger(t.events.expected)}`,
            ],
            tone: lost || Object.keys(t.errors).length > 0 ? 'bad' : 'plain',
          },
        ],
      };
    }),
  };
}
