import type { PhaseRecorder } from '../metrics/recorder.js';
import type { SocketMeter } from '../metrics/socket-meter.js';
import type { HandshakeProbe } from '../clients/connector.js';
import type { RouteStats } from '../server/accounting.js';
import { sumCosts, type ProcessCost, type ProcessCostPart } from '../shared/process-cost.js';
import { TRANSPORT_SPECS, type Transport } from '../shared/transports.js';
import type { CompareOptions } from '../shared/options-types.js';
import type { RadioFigures } from '../shared/network-types.js';
import type { ClientCost, ProcessFigures, ServerCost, TransportResult } from '../shared/result-types.js';

/** Peak growth over the phase per client, in bytes. */
const perClient = (peak: number, start: number, clients: number): number => Math.round((peak - start) / clients);

/** One server process's figures of its cost. */
function figuresOf(part: ProcessCostPart): ProcessFigures {
  const { role, cost, hopMaxMs } = part;
  return {
    role,
    cpuMs: cost.cpuUs / 1000,
    rssPeakBytes: cost.rssPeakBytes,
    loopDelayMaxMs: cost.loopDelayMaxMs,
    ...(hopMaxMs !== undefined ? { hopMaxMs } : {}),
  };
}

/**
 * The server's cost of the phase, per client and per delivered event; `processes` each process's own, when it ran as
 * several.
 */
export function serverCostOf(
  cost: ProcessCost | undefined,
  clients: number,
  delivered: number,
  publishLagMaxMs: number | undefined,
  processes?: readonly ProcessCostPart[],
): ServerCost | undefined {
  if (!cost || publishLagMaxMs === undefined) return undefined;
  return {
    ...(processes && processes.length > 1 ? { processes: processes.map(figuresOf) } : {}),
    cpuMs: cost.cpuUs / 1000,
    cpuPerEventUs: delivered > 0 ? cost.cpuUs / delivered : null,
    rssPerClientBytes: perClient(cost.rssPeakBytes, cost.rssStartBytes, clients),
    rssPeakBytes: cost.rssPeakBytes,
    heapPerClientBytes: perClient(cost.heapPeakBytes, cost.heapStartBytes, clients),
    loopDelayP99Ms: cost.loopDelayP99Ms,
    loopDelayMaxMs: cost.loopDelayMaxMs,
    publishLagMaxMs,
  };
}

/** What the phase cost the processes that held the clients: summed, the loop delay the worst of them. */
export function clientCostOf(costs: readonly ProcessCost[], clients: number): ClientCost | undefined {
  if (costs.length === 0) return undefined;
  const total = sumCosts(costs);
  return {
    processes: costs.length,
    cpuMs: total.cpuUs / 1000,
    rssPeakBytes: total.rssPeakBytes,
    rssPerClientBytes: perClient(total.rssPeakBytes, total.rssStartBytes, clients),
    loopDelayMaxMs: total.loopDelayMaxMs,
  };
}

/** One transport's measured outcome from both sides' counts: plain data for the result. */
export function buildTransportResult(
  transport: Transport,
  options: CompareOptions,
  /**
   * The phase's wall time, how long its clients took to connect, and how long they were active (see TransportResult).
   */
  { phaseMs, connectMs, activeMs }: { phaseMs: number; connectMs: number; activeMs: number },
  published: number,
  recorder: PhaseRecorder,
  meter: SocketMeter,
  /** The server's counts; undefined when it could not say (it died), null when it cannot count (a target). */
  server: RouteStats | undefined | null,
  /** What one TLS handshake cost on this transport's wire (absent in cleartext). */
  handshake?: HandshakeProbe,
): TransportResult {
  const atServer = <T>(read: (stats: RouteStats | undefined) => T): T | null => (server === null ? null : read(server));
  const clients = options.clients;
  const events = recorder.deliveryCounts(published, clients);
  // Traffic flows while the clients are active (the duration and the grace for stragglers, or until an interruption);
  // closing is not part of it.
  const trafficSec = activeMs / 1000;
  const wire = meter.totals();
  const seen = meter.wireSeen();
  const wireTotal = wire.bytesWritten + wire.bytesRead;
  const errors = recorder.errorCounts();
  const histogram = recorder.latency.serialize();
  // Compressed frames (--deflate) carry no JSON to measure framing around: the wire total shows the saving.
  const framingMeasured = !(options.deflate && TRANSPORT_SPECS[transport].deflates);
  for (const [code, count] of Object.entries(server?.errors ?? {})) errors[`server:${code}`] = count;
  if (server && server.openSockets > 0) errors['server:SOCKETS_STILL_OPEN'] = server.openSockets;
  return {
    transport,
    clients,
    phaseMs: Math.round(phaseMs * 1000) / 1000,
    connectMs: Math.round(connectMs * 1000) / 1000,
    activeMs: Math.round(activeMs * 1000) / 1000,
    events,
    latencyMs: recorder.latencySummary(),
    ...(histogram ? { latencyHistogram: histogram } : {}),
    ...radioFigures(options, recorder),
    requests: {
      http: recorder.httpRequests,
      empty: recorder.emptyResponses,
      connections: meter.connections,
      handshakes: recorder.handshakes,
      perEvent: events.delivered > 0 ? (recorder.httpRequests + recorder.handshakes) / events.delivered : null,
    },
    bytes: {
      clientSent: wire.bytesWritten,
      clientReceived: wire.bytesRead,
      serverSent: atServer((s) => s?.bytesWritten ?? 0),
      serverReceived: atServer((s) => s?.bytesRead ?? 0),
      payload: recorder.payloadBytes,
      perEvent: events.delivered > 0 ? wireTotal / events.delivered : null,
      overheadShare: wireTotal > 0 ? (wireTotal - recorder.payloadBytes) / wireTotal : null,
      headers: atServer((s) => s?.headerBytes ?? 0),
      headersFirst: atServer((s) => s?.firstHeaderBytes ?? 0),
      framing: atServer((s) => (framingMeasured ? (s?.framingBytes ?? 0) : null)),
      ...(seen.protocols.h2 || seen.protocols.h2c ? { control: atServer((s) => s?.controlBytes ?? 0) } : {}),
      perClientPerSec: trafficSec > 0 ? wireTotal / clients / trafficSec : 0,
    },
    server: atServer((s) => ({
      requests: s?.requests ?? 0,
      empty: s?.empty ?? 0,
      connections: s?.connections ?? 0,
      handshakes: s?.handshakes ?? 0,
      eventsWritten: s?.eventsWritten ?? 0,
      firstExchanges: s?.firstExchanges ?? 0,
    })),
    wire: {
      protocols: seen.protocols,
      ...(seen.tlsConnections > 0
        ? {
            tls: {
              cipher: seen.cipher ?? 'TLS',
              connections: seen.tlsConnections,
              plaintext: seen.plaintext,
              handshakePerConnection: handshake?.bytes ?? null,
            },
          }
        : {}),
    },
    errors,
  };
}

/** A radio model's figures per client (--radio), from the spend summed over the clients and their windows. */
function radioFigures(options: CompareOptions, recorder: PhaseRecorder): { radio?: RadioFigures } {
  const tally = recorder.radio;
  if (!options.radio || !tally || tally.windowMs <= 0) return {};
  return {
    radio: {
      model: options.radio,
      joulesPerClientHour: (tally.joules / tally.windowMs) * 3_600_000,
      awakeShare: tally.awakeMs / tally.windowMs,
    },
  };
}
