import type { Attribution, RouteStats } from './accounting.js';

/** Several processes' counters of one attribution as one: every count summed, faults by code summed. */
export function sumRouteStats(parts: readonly RouteStats[]): RouteStats {
  const total: RouteStats = {
    requests: 0,
    empty: 0,
    connections: 0,
    handshakes: 0,
    eventsWritten: 0,
    headerBytes: 0,
    firstHeaderBytes: 0,
    firstExchanges: 0,
    framingBytes: 0,
    controlBytes: 0,
    bytesRead: 0,
    bytesWritten: 0,
    openSockets: 0,
    waiting: 0,
    errors: {},
  };
  for (const part of parts) {
    for (const key of Object.keys(total) as Array<keyof RouteStats>) {
      if (key !== 'errors') total[key] += part[key];
    }
    for (const [code, n] of Object.entries(part.errors)) total.errors[code] = (total.errors[code] ?? 0) + n;
  }
  return total;
}

/** Every process's routes, summed attribution by attribution. */
export function sumRoutes(
  parts: ReadonlyArray<Partial<Record<Attribution, RouteStats>>>,
): Partial<Record<Attribution, RouteStats>> {
  const names = new Set(parts.flatMap((routes) => Object.keys(routes) as Attribution[]));
  return Object.fromEntries(
    [...names].map((name) => [name, sumRouteStats(parts.flatMap((routes) => (routes[name] ? [routes[name]!] : [])))]),
  );
}
