import { LatencyHistogram } from '../metrics/latency.js';
import { UsageError } from '../shared/errors.js';
import type { ComparisonResult, ResultOptions, TransportResult } from '../shared/result-types.js';

/** Options that must be the same for results to be one measurement (clients may differ: they add up). */
const SAME: ReadonlyArray<[keyof ResultOptions, string]> = [
  ['transports', '--transports'],
  ['ratePerSec', '--rate'],
  ['durationMs', '--duration'],
  ['pollIntervalMs', '--poll-interval'],
  ['payloadBytes', '--payload'],
  ['longPollTimeoutMs', '--long-poll-timeout'],
  ['rttMs', '--rtt'],
  ['jitterMs', '--jitter'],
  ['headers', '--headers'],
  ['target', '--target'],
  ['deflate', '--deflate'],
  ['parallel', '--parallel'],
  ['tls', '--tls'],
  ['http2', '--http2'],
  ['runId', '--run-id'],
];

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
/** A server-side figure summed, or null when any part has none (an external server's). */
const sumOrNull = (values: Array<number | null>): number | null =>
  values.some((v) => v === null) ? null : sum(values as number[]);
const ratio = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? numerator / denominator : null;
/**
 * A figure every part carries, summed; undefined when some part has none (an older result), null when some part's is
 * null.
 */
const sumIfAll = (values: Array<number | null | undefined>): number | null | undefined =>
  values.some((v) => v === undefined) ? undefined : sumOrNull(values as Array<number | null>);

/**
 * What the parts' connections spoke, merged exactly: connections by protocol summed; TLS's
 * plaintext and connections summed, and the handshake per connection their weighted mean, so
 * connections × handshake stays the parts' total. Absent when some part does not say.
 */
function mergeWire(parts: TransportResult[]): TransportResult['wire'] {
  if (parts.some((t) => !t.wire)) return undefined;
  const protocols: Record<string, number> = {};
  for (const part of parts)
    for (const [name, n] of Object.entries(part.wire!.protocols)) protocols[name] = (protocols[name] ?? 0) + n;
  const tlsParts = parts.map((t) => t.wire!.tls);
  if (tlsParts.some((tls) => !tls)) return { protocols };
  const connections = sum(tlsParts.map((tls) => tls!.connections));
  const probed = tlsParts.every((tls) => tls!.handshakePerConnection !== null);
  const ciphers = [...new Set(tlsParts.map((tls) => tls!.cipher))];
  return {
    protocols,
    tls: {
      cipher: ciphers.join(', '),
      connections,
      plaintext: sum(tlsParts.map((tls) => tls!.plaintext)),
      handshakePerConnection: probed
        ? ratio(sum(tlsParts.map((tls) => tls!.connections * tls!.handshakePerConnection!)), connections)
        : null,
    },
  };
}

/** The machines' client processes as one crowd's (when every part measured them): summed, the loop delay the worst. */
function mergeClientCost(parts: TransportResult[]): Pick<TransportResult, 'clientCost'> {
  const costs = parts.flatMap((t) => (t.clientCost ? [{ cost: t.clientCost, clients: t.clients }] : []));
  if (costs.length < parts.length) return {};
  const clients = sum(costs.map((c) => c.clients));
  return {
    clientCost: {
      processes: sum(costs.map((c) => c.cost.processes)),
      cpuMs: sum(costs.map((c) => c.cost.cpuMs)),
      rssPeakBytes: sum(costs.map((c) => c.cost.rssPeakBytes)),
      rssPerClientBytes: Math.round(sum(costs.map((c) => c.cost.rssPerClientBytes * c.clients)) / clients),
      loopDelayMaxMs: Math.max(...costs.map((c) => c.cost.loopDelayMaxMs)),
    },
  };
}

/** One transport's parts merged: counts summed, the latency histogram merged exactly, derived figures recomputed. */
function mergeTransport(parts: TransportResult[]): TransportResult {
  const first = parts[0]!;
  const each = <T>(read: (t: TransportResult) => T): T[] => parts.map(read);
  if (parts.some((t) => t.events.delivered > 0 && !t.latencyHistogram)) {
    throw new UsageError(
      `report --merge: a ${first.transport} result carries no latency histogram (saved by 0.1.0); rerun it to ` +
        `merge exactly`,
    );
  }
  const histograms = parts.flatMap((t) => (t.latencyHistogram ? [t.latencyHistogram] : []));
  const latency = LatencyHistogram.merge(histograms);
  const delivered = sum(each((t) => t.events.delivered));
  const expected = sum(each((t) => t.events.expected));
  const foreign = sum(each((t) => t.events.foreign ?? 0));
  const clientSent = sum(each((t) => t.bytes.clientSent));
  const clientReceived = sum(each((t) => t.bytes.clientReceived));
  const payload = sum(each((t) => t.bytes.payload));
  const clients = sum(each((t) => t.clients));
  const http = sum(each((t) => t.requests.http));
  const handshakes = sum(each((t) => t.requests.handshakes));
  const wire = clientSent + clientReceived;
  const serverParts = each((t) => t.server);
  const errors: Record<string, number> = {};
  for (const part of parts) for (const [code, n] of Object.entries(part.errors)) errors[code] = (errors[code] ?? 0) + n;
  const histogram = latency.serialize();
  const headersFirst = sumIfAll(each((t) => t.bytes.headersFirst));
  const control = sumIfAll(each((t) => t.bytes.control));
  const firstExchanges = serverParts.every((s) => s?.firstExchanges !== undefined)
    ? sum(serverParts.map((s) => s!.firstExchanges!))
    : undefined;
  const wireSeen = mergeWire(parts);
  return {
    transport: first.transport,
    clients,
    phaseMs: Math.max(...each((t) => t.phaseMs)),
    ...(parts.every((t) => t.connectMs !== undefined) ? { connectMs: Math.max(...each((t) => t.connectMs!)) } : {}),
    ...(parts.every((t) => t.activeMs !== undefined) ? { activeMs: Math.max(...each((t) => t.activeMs!)) } : {}),
    events: {
      published: sum(each((t) => t.events.published)),
      expected,
      delivered,
      lost: Math.max(0, expected - delivered),
      duplicates: sum(each((t) => t.events.duplicates)),
      outOfOrder: sum(each((t) => t.events.outOfOrder)),
      ...(foreign > 0 ? { foreign } : {}),
    },
    latencyMs: latency.summary(),
    ...(histogram ? { latencyHistogram: histogram } : {}),
    requests: {
      http,
      empty: sum(each((t) => t.requests.empty)),
      connections: sum(each((t) => t.requests.connections)),
      handshakes,
      perEvent: ratio(http + handshakes, delivered),
    },
    bytes: {
      clientSent,
      clientReceived,
      serverSent: sumOrNull(each((t) => t.bytes.serverSent)),
      serverReceived: sumOrNull(each((t) => t.bytes.serverReceived)),
      payload,
      perEvent: ratio(wire, delivered),
      overheadShare: ratio(wire - payload, wire),
      headers: sumOrNull(each((t) => t.bytes.headers)),
      ...(headersFirst !== undefined ? { headersFirst } : {}),
      framing: sumOrNull(each((t) => t.bytes.framing)),
      ...(control !== undefined ? { control } : {}),
      // Every part ran the same duration: the merged rate per client is the parts' rates weighted by their clients.
      perClientPerSec: ratio(sum(each((t) => t.bytes.perClientPerSec * t.clients)), clients) ?? 0,
    },
    server: serverParts.some((s) => s === null)
      ? null
      : {
          requests: sum(serverParts.map((s) => s!.requests)),
          empty: sum(serverParts.map((s) => s!.empty)),
          connections: sum(serverParts.map((s) => s!.connections)),
          handshakes: sum(serverParts.map((s) => s!.handshakes)),
          eventsWritten: sum(serverParts.map((s) => s!.eventsWritten)),
          ...(firstExchanges !== undefined ? { firstExchanges } : {}),
        },
    ...(wireSeen ? { wire: wireSeen } : {}),
    errors,
    ...(parts.some((t) => t.partial) ? { partial: true } : {}),
    ...mergeClientCost(parts),
  };
}

/** A part's options without its machine's name: the merged result names all of them. */
function withoutMachine(options: ResultOptions): ResultOptions {
  const { machine: _machine, ...rest } = options;
  return rest;
}

/**
 * Results of the same options measured apart (several machines against one target, runs in
 * turn) as one: counts summed, latency histograms merged exactly, the model and the server's
 * cost left out (neither adds up). Options that differ are refused with one line.
 */
export function mergeResults(results: readonly ComparisonResult[], files: readonly string[]): ComparisonResult {
  const [first] = results;
  if (!first || results.length < 2) throw new UsageError('report --merge: give two or more results to merge');
  for (const [index, result] of results.entries()) {
    for (const [key, flag] of SAME) {
      if (JSON.stringify(result.options[key]) !== JSON.stringify(first.options[key])) {
        throw new UsageError(
          `report --merge: '${files[index]}' was run with other ${flag} than '${files[0]}' ` +
            `(${JSON.stringify(result.options[key]) ?? 'none'} vs ` +
            `${JSON.stringify(first.options[key]) ?? 'none'}); merge only results of the same options`,
        );
      }
    }
  }
  // One machine's part twice would count its clients twice.
  const names = results.map((r) => r.options.machine);
  for (const [index, name] of names.entries()) {
    if (name !== undefined && names.indexOf(name) !== index) {
      throw new UsageError(
        `report --merge: '${files[index]}' is machine '${name}' again (as '${files[names.indexOf(name)]}'); give ` +
          `each machine's part once`,
      );
    }
  }
  const transports = first.transports.map((t) =>
    mergeTransport(
      results
        .map((r) => r.transports.find((x) => x.transport === t.transport))
        .filter((x): x is TransportResult => x !== undefined),
    ),
  );
  return {
    ...first,
    options: {
      ...withoutMachine(first.options),
      clients: sum(results.map((r) => r.options.clients)),
      ...(names.every((name) => name !== undefined) ? { machines: names as string[] } : {}),
    },
    transports,
    ...(results.some((r) => r.partial) ? { partial: true } : {}),
  };
}
