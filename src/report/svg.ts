// Inline SVG charts for the HTML report: pure functions from figures to markup, nothing loaded
// from anywhere. Every chart names its kind in `data-chart` so a test (or a script) can find it.

import { TRANSPORT_SPECS, type Transport } from '../shared/transports.js';
import { formatSignificant } from './format.js';

/** One colour per transport, the same in every chart of every report. */
/** A transport's colour, the registry's (Okabe–Ito), as the terminal and the classroom page draw it. */
export const transportColor = (t: Transport): string => TRANSPORT_SPECS[t].color;

/** A line or a bar group of one transport. */
export interface Series {
  label: string;
  color: string;
  /** Points as [x, y]; x in the chart's unit (ms on a log axis for latency). */
  points: Array<[number, number]>;
}

const W = 640;
const H = 300;
// The legend sits in the top margin, above the plot: it never covers a curve or the tallest bar.
const M = { left: 56, right: 16, top: 34, bottom: 44 };
const LEGEND_Y = 8;

/** Escapes text for HTML and SVG. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const round = (n: number): string => (Math.round(n * 10) / 10).toString();

/** Tick values of a log axis: 1, 2, 5 × powers of ten within [low, high]. */
function logTicks(low: number, high: number): number[] {
  const ticks: number[] = [];
  for (let p = Math.floor(Math.log10(low)); p <= Math.ceil(Math.log10(high)); p++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** p;
      if (v >= low && v <= high) ticks.push(v);
    }
  }
  return ticks;
}

function legend(series: Series[]): string {
  // Every entry within the drawing, however many series.
  const step = Math.min(118, (W - M.left - M.right - 8) / Math.max(1, series.length));
  return series
    .map(
      (s, i) =>
        `<g transform="translate(${round(M.left + 8 + i * step)},${LEGEND_Y})"><rect width="10" height="10" ` +
        `fill="${s.color}"/><text x="14" y="9" font-size="11">${escapeHtml(s.label)}</text></g>`,
    )
    .join('');
}

/** How a log x axis reads: its caption and how a tick is written. */
export interface XAxis {
  label: string;
  tick(value: number): string;
}

const tickLabel = (v: number): string =>
  v >= 1000 ? `${v / 1000} s` : v >= 1 ? `${v} ms` : `${Math.round(v * 1000)} µs`;
const TIME_AXIS: XAxis = { label: 'publish → receipt (log scale)', tick: tickLabel };

/** How a log-time line chart's y axis reads. */
export interface YAxis {
  max: number;
  ticks: number[];
  unit: string;
}

/**
 * Lines on a log time axis: a cumulative distribution (y: share of deliveries within x ms), or a
 * histogram drawn as a line (y: share of deliveries near x ms).
 */
export function logTimeChart(kind: string, title: string, series: Series[], y: YAxis, x: XAxis = TIME_AXIS): string {
  const xs = series.flatMap((s) => s.points.map(([x]) => x)).filter((x) => x > 0);
  const low = Math.max(0.001, Math.min(...xs));
  const high = Math.max(low * 10, Math.max(...xs));
  const px = (x: number): number =>
    M.left +
    ((Math.log10(Math.max(x, low)) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))) * (W - M.left - M.right);
  const py = (value: number): number => H - M.bottom - (value / y.max) * (H - M.top - M.bottom);
  const grid = logTicks(low, high)
    .map(
      (v) =>
        `<line x1="${round(px(v))}" y1="${M.top}" x2="${round(px(v))}" y2="${H - M.bottom}" stroke="#ddd"/><text ` +
        `x="${round(px(v))}" y="${H - M.bottom + 16}" font-size="10" ` +
        `text-anchor="middle">${escapeHtml(x.tick(v))}</text>`,
    )
    .join('');
  const yGrid = y.ticks
    .map(
      (v) =>
        `<line x1="${M.left}" y1="${round(py(v))}" x2="${W - M.right}" y2="${round(py(v))}" stroke="#eee"/><text ` +
        `x="${M.left - 6}" y="${round(py(v) + 3)}" font-size="10" text-anchor="end">${v}${y.unit}</text>`,
    )
    .join('');
  const lines = series
    .map(
      (s) =>
        `<polyline data-series="${escapeHtml(s.label)}" fill="none" stroke="${s.color}" stroke-width="2" ` +
        `points="${s.points.map(([x, v]) => `${round(px(x))},${round(py(v))}`).join(' ')}"/>`,
    )
    .join('');
  return svg(
    kind,
    title,
    `${grid}${yGrid}${lines}${legend(series)}<text x="${W / 2}" y="${H - 6}" font-size="11" ` +
      `text-anchor="middle">${escapeHtml(x.label)}</text>`,
  );
}

/** Bars of one figure per series (e.g. requests per delivered event), labelled with their value. */
export function barChart(
  title: string,
  kind: string,
  unit: string,
  series: Array<{ label: string; color: string; value: number | null }>,
): string {
  const top = Math.max(...series.map((s) => s.value ?? 0), 1e-9);
  const slot = (W - M.left - M.right) / Math.max(1, series.length);
  const bars = series
    .map((s, i) => {
      const h = ((s.value ?? 0) / top) * (H - M.top - M.bottom);
      const x = M.left + i * slot + slot * 0.2;
      // Significant digits, not one decimal: 0.025 requests per event is not 0.
      const value = s.value === null ? 'n/a' : `${formatSignificant(s.value)}${unit}`;
      return (
        `<rect data-series="${escapeHtml(s.label)}" x="${round(x)}" y="${round(H - M.bottom - h)}" ` +
        `width="${round(slot * 0.6)}" height="${round(h)}" fill="${s.color}"/>` +
        `<text x="${round(x + slot * 0.3)}" y="${round(H - M.bottom - h - 4)}" font-size="11" ` +
        `text-anchor="middle">${value}</text>` +
        `<text x="${round(x + slot * 0.3)}" y="${H - M.bottom + 16}" font-size="11" ` +
        `text-anchor="middle">${escapeHtml(s.label)}</text>`
      );
    })
    .join('');
  return svg(kind, title, bars);
}

/** Stacked bars: each series split into named parts (e.g. payload, headers, framing per event). */
export function stackedBars(
  title: string,
  kind: string,
  parts: Array<{ name: string; color: string }>,
  series: Array<{ label: string; values: number[] }>,
): string {
  const top = Math.max(...series.map((s) => s.values.reduce((a, b) => a + b, 0)), 1e-9);
  const slot = (W - M.left - M.right) / Math.max(1, series.length);
  const bars = series
    .map((s, i) => {
      const x = M.left + i * slot + slot * 0.2;
      let y = H - M.bottom;
      const rects = s.values
        .map((v, j) => {
          const h = (v / top) * (H - M.top - M.bottom);
          y -= h;
          return (
            `<rect data-part="${escapeHtml(parts[j]!.name)}" x="${round(x)}" y="${round(y)}" ` +
            `width="${round(slot * 0.6)}" height="${round(h)}" ` +
            `fill="${parts[j]!.color}"><title>${escapeHtml(`${parts[j]!.name}: ${round(v)} B`)}</title></rect>`
          );
        })
        .join('');
      const total = s.values.reduce((a, b) => a + b, 0);
      return (
        `${rects}<text x="${round(x + slot * 0.3)}" y="${round(y - 4)}" font-size="11" ` +
        `text-anchor="middle">${formatSignificant(total)} B</text>` +
        `<text x="${round(x + slot * 0.3)}" y="${H - M.bottom + 16}" font-size="11" ` +
        `text-anchor="middle">${escapeHtml(s.label)}</text>`
      );
    })
    .join('');
  const key = parts
    .map(
      (p, i) =>
        `<g transform="translate(${M.left + 8 + i * 110},${LEGEND_Y})"><rect width="10" height="10" ` +
        `fill="${p.color}"/><text x="14" y="9" font-size="11">${escapeHtml(p.name)}</text></g>`,
    )
    .join('');
  return svg(kind, title, `${bars}${key}`);
}

function svg(kind: string, title: string, body: string): string {
  return (
    // The drawing scales to its figure's width (the page's, or a phone's): the viewBox keeps its proportions.
    `<figure><figcaption>${escapeHtml(title)}</figcaption><svg data-chart="${kind}" viewBox="0 0 ${W} ${H}" ` +
    `width="100%" role="img" aria-label="${escapeHtml(title)}" font-family="system-ui, ` +
    `sans-serif">${body}</svg></figure>`
  );
}
