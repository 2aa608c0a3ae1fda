// A shaped path (--loss, --bandwidth, --network): what the header says of it, and what TCP did on it.
import type { ComparisonResult, ResultOptions } from '../shared/result-types.js';
import { RADIO_MODELS, describeRadio } from '../model/radio.js';
import { TRANSPORT_LABELS } from '../shared/transports.js';
import { formatInteger, formatPercent, formatSignificant } from './format.js';
import { transportHead, type Cell, type MetricSection } from './section-model.js';

/** A cell as it is, in no tone. */
const plain = (text: string): Cell => ({ lines: [text], tone: 'plain' });

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
  const cell = (value: number | undefined): Cell => plain(value === undefined ? '–' : formatInteger(value));
  return [
    {
      title: 'TCP on the shaped path (kernel counters, both namespaces)',
      columns: measured.map(transportHead),
      rows: [
        { label: 'segments retransmitted', cells: measured.map((t) => cell(t.tcp?.retransmittedSegments)) },
        { label: 'retransmission timeouts', cells: measured.map((t) => cell(t.tcp?.timeouts)) },
        {
          label: 'worst stall seen',
          cells: measured.map((t) => {
            const ms = t.tcp?.worstStallMs;
            return plain(ms === undefined ? '–' : ms === 0 ? 'none seen' : `${formatInteger(ms)} ms`);
          }),
        },
      ],
      notes: [
        'A timeout is a stall of at least one RTO (200 ms or more) before TCP sends again; under loss a stream ' +
          'holds every later event behind the lost segment, a poll waits only on its own request.',
        'Worst stall seen: the longest any socket on the path went without an ACK while retransmitting, from ss -ti ' +
          'in both namespaces every 250 ms; a stall shorter than that may fall between two looks (timeouts counts ' +
          'every one).',
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
      `(${formatInteger(t.tcp!.timeouts)} timeout${t.tcp!.timeouts === 1 ? '' : 's'}` +
      `${t.tcp!.worstStallMs > 0 ? `, a socket stalled up to ${formatInteger(t.tcp!.worstStallMs)} ms` : ''})`,
  );
  return `On the shaped path TCP resent segments: ${each.join(', ')}.`;
}

/** The verdict's sentence on a radio model: each transport's joules per client-hour and awake share. */
export function radioSentence(result: ComparisonResult): string | undefined {
  const modelled = result.transports.filter((t) => t.radio);
  if (!result.options.radio || modelled.length === 0) return undefined;
  const each = [...modelled]
    .sort((a, b) => b.radio!.joulesPerClientHour - a.radio!.joulesPerClientHour)
    .map(
      (t) =>
        `${TRANSPORT_LABELS[t.transport]} ${formatSignificant(t.radio!.joulesPerClientHour)} J ` +
        `(awake ${formatPercent(t.radio!.awakeShare)})`,
    );
  return (
    `A phone's ${RADIO_MODELS[result.options.radio].label} radio, per client-hour (a model applied to the measured ` +
    `timeline): ${each.join(', ')}.`
  );
}

/** The radio model's table, per transport; none without --radio. */
export function radioSections(result: ComparisonResult): MetricSection[] {
  const radio = result.options.radio;
  if (!radio) return [];
  const measured = result.transports;
  return [
    {
      title: `A phone's ${RADIO_MODELS[radio].label} radio (a model applied to the measured timeline)`,
      columns: measured.map(transportHead),
      rows: [
        {
          label: 'joules per client-hour',
          cells: measured.map((t) => plain(t.radio ? formatSignificant(t.radio.joulesPerClientHour) : '–')),
        },
        {
          label: 'radio awake',
          cells: measured.map((t) => plain(t.radio ? formatPercent(t.radio.awakeShare) : '–')),
        },
      ],
      notes: [
        describeRadio(RADIO_MODELS[radio]),
        "The timeline is each client's requests, answers and events as the tool saw them; TCP's own packets " +
          '(handshakes, ACKs) ride along with them, keep-alive pings are not on it.',
      ],
    },
  ];
}
