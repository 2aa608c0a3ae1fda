import * as hdr from 'hdr-histogram-js';
import type { ComparisonResult, TransportResult } from '../shared/result-types.js';
import { TRANSPORT_LABELS } from '../shared/transports.js';
import type { ChartModel } from './chart.js';
import type { Cell, MetricSection } from './section-model.js';
import { NO_TRANSPORT, buildReport, type ReportHeader } from './sections.js';
import { barChart, escapeHtml, logTimeChart, stackedBars, transportColor, type Series } from './svg.js';

/** The report's stylesheet: every page the tool writes shares its layout. */
export const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1000px;color:#222;padding:0 1rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}
th:first-child,td:first-child,td.text{text-align:left}td.text{min-width:14rem}td.bad{color:#b00;font-weight:bold}figure{margin:1rem 0}
figcaption{font-weight:bold;margin-bottom:.25rem}.verdict{font-size:1.1rem;max-width:60rem}.note{color:#555;font-size:.9rem}.partial{color:#b00;font-weight:bold}
.chart td,.chart th{text-align:left;vertical-align:top}.charts{display:flex;flex-wrap:wrap;gap:1rem}
.charts figure{flex:1 1 420px;min-width:0}svg{display:block;height:auto;max-width:100%}
.table{overflow-x:auto;max-width:100%}`;

/** The page's head: what the run found as its heading, then the tool and time, the run's settings and the machine. */
function header(h: ReportHeader, finding: string | undefined): string {
  const partial = h.partial
    ? `<p class="partial">${escapeHtml(h.partial.headline)}: ${escapeHtml(h.partial.detail)}</p>`
    : '';
  const heading = finding
    ? `<h1>${escapeHtml(finding)}</h1><p class="note">${escapeHtml(h.title)}</p>`
    : `<h1>${escapeHtml(h.title)}</h1>`;
  return `${heading}${partial}<p>${[...h.parts, ...h.machine].map(escapeHtml).join(' · ')}</p>`;
}

/** One titled table of figures as HTML: heading, a table that scrolls in its own box, notes. */
export function section(s: MetricSection): string {
  const head = `<tr><th></th>${s.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  // Columns of words align left; figures align right.
  const text = s.columns.map((column) => s.textColumns?.includes(column) ?? false);
  const cell = (c: Cell, i: number): string => {
    const classes = [...(c.tone === 'bad' ? ['bad'] : []), ...(text[i] ? ['text'] : [])];
    return `<td${classes.length > 0 ? ` class="${classes.join(' ')}"` : ''}>${c.lines.map(escapeHtml).join('<br>')}</td>`;
  };
  const rows = s.rows.map((r) => `<tr><td>${escapeHtml(r.label)}</td>${r.cells.map(cell).join('')}</tr>`).join('');
  const agreement = (s.agreement ?? [])
    .map((a) => `<li>${escapeHtml(a.label)}: ${a.agree ? 'agree' : escapeHtml(a.details.join('; '))}</li>`)
    .join('');
  return (
    `<h2>${escapeHtml(s.title)}</h2>` +
    // A wide table scrolls inside its own box: the page never scrolls sideways on a phone.
    (s.rows.length > 0
      ? `<div class="table"><table>${head}${rows}</table></div>`
      : `<p>${escapeHtml(NO_TRANSPORT)}</p>`) +
    (agreement ? `<p class="note">server vs client byte counts:</p><ul class="note">${agreement}</ul>` : '') +
    (s.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('')
  );
}

function chartTable(chart: ChartModel): string {
  const [aspect, http, ws] = chart.columns;
  const rows = chart.rows
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.aspect)}</td><td>${r.http.map(escapeHtml).join('<br>')}</td>` +
        `<td>${escapeHtml(r.ws)}</td></tr>`,
    )
    .join('');
  return (
    `<h2>${escapeHtml(chart.title)}</h2><div class="table"><table class="chart" data-chart="classic">` +
    `<tr><th>${escapeHtml(aspect)}</th><th>${escapeHtml(http)}</th><th>${escapeHtml(ws)}</th></tr>${rows}</table></div>` +
    `<p class="note">${escapeHtml(chart.footnote)}</p>`
  );
}

/** Each transport's saved histogram, read at every percent (and the tail) in ms. */
function quantiles(t: TransportResult): Array<[number, number]> {
  const histogram = hdr.decodeFromCompressedBase64(t.latencyHistogram!.data);
  const steps = [0, ...Array.from({ length: 99 }, (_, i) => i + 1), 99.9, 100];
  return steps.map((p): [number, number] => [
    Math.min(t.latencyMs!.max, Math.max(t.latencyMs!.min, histogram.getValueAtPercentile(p) / 1000)),
    p,
  ]);
}

/** The latency charts: cumulative distribution and histogram on one log axis, from the saved histograms. */
function latencyCharts(transports: TransportResult[]): string {
  const measured = transports.filter((t) => t.latencyHistogram && t.latencyMs);
  if (measured.length === 0)
    return '<p class="note">No latency histogram in this result (saved by 0.1.0, or nothing delivered).</p>';
  const cdf: Series[] = measured.map((t) => ({
    label: TRANSPORT_LABELS[t.transport],
    color: transportColor(t.transport),
    points: quantiles(t),
  }));
  // The histogram as a density: the share of deliveries in each of 24 log-spaced buckets.
  const low = Math.max(0.001, Math.min(...measured.map((t) => t.latencyMs!.min)));
  const high = Math.max(low * 10, ...measured.map((t) => t.latencyMs!.max));
  const buckets = 24;
  const edge = (i: number): number => low * (high / low) ** (i / buckets);
  const density: Series[] = cdf.map((s) => {
    const shares = new Array<number>(buckets).fill(0);
    for (let i = 1; i < s.points.length; i++) {
      const [ms, p] = s.points[i]!;
      const bucket = Math.min(buckets - 1, Math.floor((Math.log(ms / low) / Math.log(high / low)) * buckets));
      shares[Math.max(0, bucket)]! += p - s.points[i - 1]![1];
    }
    return { ...s, points: shares.map((share, i): [number, number] => [Math.sqrt(edge(i) * edge(i + 1)), share]) };
  });
  const top = Math.max(10, Math.ceil(Math.max(...density.flatMap((s) => s.points.map(([, y]) => y))) / 10) * 10);
  return (
    '<div class="charts">' +
    logTimeChart('cdf', 'Latency, cumulative: share of deliveries within a time', cdf, {
      max: 100,
      ticks: [0, 25, 50, 75, 90, 100],
      unit: '%',
    }) +
    logTimeChart('histogram', 'Latency histogram: share of deliveries per log-spaced bucket', density, {
      max: top,
      ticks: [0, top / 2, top],
      unit: '%',
    }) +
    '</div>'
  );
}

/** Bytes per delivered event split into payload, headers, framing and the rest, and requests per event. */
function costCharts(transports: TransportResult[]): string {
  const per = (bytes: number | null, t: TransportResult): number =>
    bytes === null || t.events.delivered === 0 ? 0 : bytes / t.events.delivered;
  const split = transports.map((t) => {
    const payload = per(t.bytes.payload, t);
    const headers = per(t.bytes.headers, t);
    const framing = per(t.bytes.framing, t);
    const total = t.bytes.perEvent ?? 0;
    return {
      label: TRANSPORT_LABELS[t.transport],
      values: [payload, headers, framing, Math.max(0, total - payload - headers - framing)],
    };
  });
  return `<div class="charts">${stackedBars(
    'Bytes per delivered event, as the sockets counted them',
    'bytes',
    [
      { name: 'payload', color: '#30638e' },
      { name: 'headers', color: '#d1495b' },
      { name: 'framing', color: '#edae49' },
      { name: 'other', color: '#999' },
    ],
    split,
  )}${barChart(
    'Requests and handshakes per delivered event',
    'requests',
    '',
    transports.map((t) => ({
      label: TRANSPORT_LABELS[t.transport],
      color: transportColor(t.transport),
      value: t.requests.perEvent,
    })),
  )}</div>`;
}

/** What the run found, in a few words: the verdict's first clause (who delivered soonest). */
const findingOf = (verdict: string[]): string | undefined => verdict[0]?.split(';')[0]?.replace(/[.,]$/, '');

/** A tab's title: what the run found, then when. */
function pageTitle(verdict: string[], result: ComparisonResult): string {
  const finding = findingOf(verdict);
  return `${finding ? `${finding} · ` : ''}poll-vs-push ${result.startedAt.slice(0, 16).replace('T', ' ')}`;
}

/**
 * The result as one self-contained HTML page: the run's tables, the classic chart, latency
 * distributions (cumulative and histogram, log time axis), bytes and requests per event as
 * inline SVG, and the result's JSON embedded. Nothing is loaded from a network. Pure.
 */
export function renderHtml(result: ComparisonResult): string {
  const model = buildReport(result);
  // No `<` stands in the embedded JSON (it is written \u003c, the same JSON), so nothing in a result can end the script
  // element.
  const json = JSON.stringify(result).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(pageTitle(model.verdict, result))}</title><style>${STYLE}</style></head>
<body>${header(model.header, findingOf(model.verdict))}
<h2>Verdict</h2><p class="verdict">${model.verdict.map(escapeHtml).join(' ')}</p>
${section(model.essentials)}
<h2>Latency</h2>${latencyCharts(result.transports)}
<h2>Bytes and requests per event</h2>${costCharts(result.transports)}
${chartTable(model.chart)}
${model.sections.map(section).join('\n')}
<script type="application/json" id="poll-vs-push-result">${json}</script>
</body></html>
`;
}
