import type { Transport } from '../shared/transports.js';
import { SWEEP_METRICS, type Crossover, type SweepPoint } from '../shared/sweep-types.js';

/**
 * Every change of order between two transports on each metric, from one swept value to the
 * next: the interval it happens in, and the point where the straight line between the two
 * measured differences crosses zero (on a log axis when every value is positive). Pure.
 */
export function findCrossovers(points: readonly SweepPoint[]): Crossover[] {
  if (points.length < 2) return [];
  const transports = points[0]!.result.transports.map((t) => t.transport);
  const logAxis = points.every((p) => p.value > 0);
  const axis = (v: number): number => (logAxis ? Math.log(v) : v);
  const found: Crossover[] = [];
  for (const metric of SWEEP_METRICS) {
    for (let i = 0; i < transports.length; i++) {
      for (let j = i + 1; j < transports.length; j++) {
        const [a, b] = [transports[i]!, transports[j]!];
        const diff = (p: SweepPoint): number | null => {
          const x = p.result.transports.find((t) => t.transport === a);
          const y = p.result.transports.find((t) => t.transport === b);
          const va = x ? metric.read(x) : null;
          const vb = y ? metric.read(y) : null;
          return va === null || vb === null ? null : va - vb;
        };
        for (let k = 0; k + 1 < points.length; k++) {
          const [p, q] = [points[k]!, points[k + 1]!];
          const [dp, dq] = [diff(p), diff(q)];
          if (dp === null || dq === null || dp === 0 || Math.sign(dp) === Math.sign(dq)) continue;
          const share = dp / (dp - dq);
          const at = logAxis
            ? Math.exp(axis(p.value) + share * (axis(q.value) - axis(p.value)))
            : p.value + share * (q.value - p.value);
          // Above the crossing, the one whose figure went down relative to the other is the lower.
          const lowerAbove: [Transport, Transport] = dq < 0 ? [a, b] : [b, a];
          found.push({ metric: metric.id, transports: lowerAbove, between: [p.value, q.value], at });
        }
      }
    }
  }
  return found;
}
