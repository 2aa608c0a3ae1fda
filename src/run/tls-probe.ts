import { endpointOf, probeHandshake, type HandshakeProbe } from '../clients/connector.js';
import type { ClientWire } from '../shared/wire-types.js';
import { TRANSPORT_SPECS, type Transport } from '../shared/transports.js';

/** The wire a transport's clients speak on: HTTP/2 only where its requests can be streams. */
export function wireFor(transport: Transport, wire: ClientWire): ClientWire {
  return TRANSPORT_SPECS[transport].http2Streams ? wire : { ...wire, http2: false };
}

const probes = new WeakMap<object, Map<string, Promise<HandshakeProbe | undefined>>>();

/**
 * What one TLS handshake costs the clients of `transport` on `url` (undefined in cleartext, or
 * when the probe failed): measured once per run and ALPN offer on a connection of its own, made
 * before the phase so it is no part of the phase's counts.
 */
export function handshakeFor(
  run: object,
  url: string,
  transport: Transport,
  wire: ClientWire,
): Promise<HandshakeProbe | undefined> {
  const endpoint = endpointOf(url, wireFor(transport, wire));
  if (!endpoint.tls) return Promise.resolve(undefined);
  let byOffer = probes.get(run);
  if (!byOffer) {
    byOffer = new Map();
    probes.set(run, byOffer);
  }
  const key = `${endpoint.host}:${endpoint.port}:${endpoint.http2}`;
  let probe = byOffer.get(key);
  if (!probe) {
    probe = probeHandshake(endpoint).catch(() => undefined);
    byOffer.set(key, probe);
  }
  return probe;
}
