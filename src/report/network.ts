// A shaped path (--loss, --bandwidth, --network): what the header says of it, and what TCP did on it.
import type { ComparisonResult, ResultOptions } from '../shared/result-types.js';
import { TRANSPORT_LABELS } from '../shared/transports.js';
import { formatInteger } from './format.js';
import { transportHead, type Cell, type MetricSection } from './section-model.js';

const rate = (kbit: number | undefined): string =>
  kbit === undefined ? 'unlimited' : kbit >= 1000 ? `${kbit / 1000} Mbit/s` : `${kbit} kbit/s`;

/** The header's word on the path: where each part of it is made, and the profile it comes from. */
export function networkHeaderParts(o: Pick<ResultOptions, 'network'>): string[] {
  const n = o.network;
  if (!n) return [];
  const shaped = [
    ...(n.lossPercent > 0 ? [`${n.lossPercent}% loss each way`] : []),
    ...(n.downKbit !== undefined || n.upKbit !== undefined ? [`${rate(n.downKbit)} down, ${rate(n.upKbit)} up`] : []),
  ];
  return [
    `${n.profile ? `network ${n.profile}: ` : ''}${shaped.length > 0 ? shaped.join(', ') : 'no loss, no rate limit'} ` +
      '(in the kernel, between network namespaces; the delay is the relay’s)',
  ];
}

/** TCP's retransmissions and timeouts on the shaped path, per transport; none without a path. */
export function tcpSections(result: ComparisonResult): MetricSection[] {
  if (!result.options.network) return [];
  const measured = result.transports;
  const cell = (value: number | undefined): Cell => ({
    lines: [value === undefined ? '–' : formatInteger(value)],
    tone: 'plain',
  });
  return [
    {
      title: 'TCP on the shaped path (kernel counters, both namespaces)',
      columns: measured.map(transportHead),
      rows: [
        { label: 'segments retransmitted', cells: measured.map((t) => cell(t.tcp?.retransmittedSegments)) },
        { label: 'retransmission timeouts', cells: measured.map((t) => cell(t.tcp?.timeouts)) },
      ],
      notes: [
        'A timeout is a stall of at least one RTO (200 ms or more) before TCP sends again; under loss a stream ' +
          'holds every later event behind the lost segment, a poll waits only on its own request.',
        ...(result.options.parallel
          ? ['With --parallel the transports share the path: its counts are not split.']
          : []),
      ],
    },
  ];
}

/** The verdict's sentence on a shaped path: what TCP resent for each transport, and how often it stalled. */
export function tcpSentence(result: ComparisonResult): string | undefined {
  const counted = result.transports.filter((t) => t.tcp);
  if (!result.options.network || counted.length === 0) return undefined;
  if (counted.every((t) => t.tcp!.retransmittedSegments === 0)) return 'On the shaped path TCP resent nothing.';
  const each = counted.map(
    (t) =>
      `${TRANSPORT_LABELS[t.transport]} ${formatInteger(t.tcp!.retransmittedSegments)} ` +
      `(${formatInteger(t.tcp!.timeouts)} timeout${t.tcp!.timeouts === 1 ? '' : 's'})`,
  );
  return `On the shaped path TCP resent segments: ${each.join(', ')}.`;
}
