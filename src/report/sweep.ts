import {
  SWEEP_METRICS,
  sweptMetrics,
  SWEEP_PARAMS,
  type Crossover,
  type SweepMetric,
  type SweepResult,
} from '../shared/sweep-types.js';
import type { TransportResult } from '../shared/result-types.js';
import { TRANSPORT_LABELS, type Transport } from '../shared/transports.js';
import { formatCompact } from './format.js';
import { escapeHtml, logTimeChart, transportColor } from './svg.js';
import { chalkFor, newTable, section } from './terminal.js';

/** The formats a sweep renders to. */
export const SWEEP_FORMATS = ['table', 'json', 'csv', 'html'] as const;
/** One of them. */
export type SweepFormat = (typeof SWEEP_FORMATS)[number];

const SPARK = '▁▂▃▄▅▆▇█';

const model = (m: SweepMetric, t: TransportResult): number | null => {
  if (!t.model) return null;
  return m.id === 'bytesPerEvent'
    ? t.model.bytesPerEvent
    : m.id === 'requestsPerEvent'
      ? t.model.requestsPerEvent
      : m.id === 'latencyP50Ms'
        ? t.model.latencyMeanMs
        : null;
};
const figure = (v: number | null): string => (v === null ? '–' : formatCompact(v, v < 10 ? 3 : 1));
const transportsOf = (sweep: SweepResult): Transport[] =>
  sweep.points[0]?.result.transports.map((t) => t.transport) ?? [];
const at = (sweep: SweepResult, i: number, t: Transport): TransportResult | undefined =>
  sweep.points[i]!.result.transports.find((x) => x.transport === t);

/**
 * One crossover as a sentence: "Short poll costs fewer bytes per event than SSE above ≈ 12 events/s (between 10 and
 * 50)".
 */
export function crossoverSentence(c: Crossover, sweep: SweepResult): string {
  const unit = SWEEP_PARAMS[sweep.vary.param].unit;
  const verb: Record<Crossover['metric'], string> = {
    bytesPerEvent: 'costs fewer bytes per event than',
    requestsPerEvent: 'makes fewer requests per event than',
    latencyP50Ms: 'has a lower p50 latency than',
    latencyP99Ms: 'has a lower p99 latency than',
    radioJoulesPerHour: "spends less of a phone radio's energy than",
  };
  return (
    `${TRANSPORT_LABELS[c.transports[0]]} ${verb[c.metric]} ${TRANSPORT_LABELS[c.transports[1]]} above ≈ ` +
    `${formatCompact(c.at, 2)} ${unit} ` +
    `(between ${formatCompact(c.between[0], 3)} and ${formatCompact(c.between[1], 3)})`
  );
}

function table(sweep: SweepResult, color: boolean): string {
  const c = chalkFor({ color });
  const transports = transportsOf(sweep);
  const { param } = sweep.vary;
  const unit = SWEEP_PARAMS[param].unit;
  const blocks = [
    `${c.bold(`Sweep of --${param}`)}: ${sweep.points.map((p) => formatCompact(p.value, 3)).join(', ')} ` +
      `${unit}${sweep.partial ? c.red(' (interrupted: the points done)') : ''}`,
  ];
  for (const m of sweptMetrics(sweep.points)) {
    const t = newTable(c, [`${param} (${unit})`, ...transports.map((x) => TRANSPORT_LABELS[x])], {
      colAligns: ['right', ...transports.map(() => 'right' as const)],
    });
    for (const [i, p] of sweep.points.entries()) {
      t.push([
        formatCompact(p.value, 3),
        ...transports.map((x) => {
          const r = at(sweep, i, x);
          const predicted = r ? model(m, r) : null;
          return r ? `${figure(m.read(r))}${predicted === null ? '' : c.dim(` (${figure(predicted)})`)}` : '–';
        }),
      ]);
    }
    const spark = transports.map((x) => {
      const values = sweep.points.map((_p, i) => {
        const r = at(sweep, i, x);
        return r ? m.read(r) : null;
      });
      const top = Math.log1p(Math.max(1e-9, ...values.filter((v): v is number => v !== null)));
      return (
        `${TRANSPORT_LABELS[x].padEnd(11)} ` +
        `${values.map((v) => (v === null ? ' ' : SPARK[Math.min(7, Math.floor((Math.log1p(v) / top) * 7))])).join('')}`
      );
    });
    blocks.push(
      section(
        c,
        // The radio's figure is itself a model applied to a measured timeline; the others are measured, the model beside.
        `${m.label}${m.unit ? ` (${m.unit})` : ''}, ${m.id === 'radioJoulesPerHour' ? 'a model on the measured timeline' : 'measured (model)'}`,
        `${t.toString()}\n${spark.join('\n')}`,
      ),
    );
  }
  const sentences = sweep.crossovers.map((x) => `- ${crossoverSentence(x, sweep)}`);
  blocks.push(
    section(
      c,
      'Crossovers',
      sentences.length > 0 ? sentences.join('\n') : 'none: no two transports change order between these values',
    ),
  );
  return `${blocks.join('\n\n')}\n`;
}

function csv(sweep: SweepResult): string {
  const head = [
    'param',
    'value',
    'transport',
    ...SWEEP_METRICS.map((m) => m.id),
    'model_bytes_per_event',
    'model_requests_per_event',
    'model_latency_mean_ms',
  ];
  const rows = sweep.points.flatMap((p) =>
    p.result.transports.map((t) =>
      [
        sweep.vary.param,
        p.value,
        t.transport,
        ...SWEEP_METRICS.map((m) => m.read(t) ?? ''),
        t.model?.bytesPerEvent ?? '',
        t.model?.requestsPerEvent ?? '',
        t.model?.latencyMeanMs ?? '',
      ].join(','),
    ),
  );
  return `${[head.join(','), ...rows].join('\n')}\n`;
}

function html(sweep: SweepResult): string {
  const { param } = sweep.vary;
  const unit = SWEEP_PARAMS[param].unit;
  const x = { label: `--${param} (${unit}, log scale)`, tick: (v: number) => formatCompact(v, 3) };
  const charts = sweptMetrics(sweep.points).map((m) => {
    const series = transportsOf(sweep).map((t) => ({
      label: TRANSPORT_LABELS[t],
      color: transportColor(t),
      points: sweep.points.flatMap((p, i): Array<[number, number]> => {
        const r = at(sweep, i, t);
        const v = r ? m.read(r) : null;
        return v === null ? [] : [[p.value, v]];
      }),
    }));
    const top = Math.max(1e-9, ...series.flatMap((s) => s.points.map(([, v]) => v)));
    return logTimeChart(
      `sweep-${m.id}`,
      `${m.label}${m.unit ? ` (${m.unit})` : ''} against --${param}`,
      series,
      {
        max: top * 1.1,
        ticks: [0, top / 2, top].map((v) => Number(formatCompact(v, 1).replace(/,/g, ''))),
        unit: m.unit ? ` ${m.unit}` : '',
      },
      x,
    );
  });
  const sentences = sweep.crossovers.map((c) => `<li>${escapeHtml(crossoverSentence(c, sweep))}</li>`).join('');
  const json = JSON.stringify(sweep).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>poll-vs-push sweep of --${escapeHtml(param)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1000px;padding:0 1rem}
figure{margin:1rem 0}figcaption{font-weight:bold}</style></head>
<body><h1>Sweep of --${escapeHtml(param)}</h1>${charts.join('\n')}
<h2>Crossovers</h2><ul>${sentences || '<li>none</li>'}</ul>
<script type="application/json" id="poll-vs-push-sweep">${json}</script></body></html>
`;
}

/** Renders a sweep: tables with a line of sparks per transport and the crossovers, JSON, CSV or one HTML page. Pure. */
export function renderSweep(sweep: SweepResult, format: SweepFormat, options: { color: boolean }): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(sweep, null, 2)}\n`;
    case 'csv':
      return csv(sweep);
    case 'html':
      return html(sweep);
    case 'table':
      return table(sweep, options.color);
  }
}
