import type { ModelParams } from '../shared/model-types.js';
import { NOMINAL_HEADER_BYTES, type NominalHeaderProfile } from './headers.js';

/**
 * What TLS and HTTP/2 cost when no run measured them, for `explain --tls --http2`: the figures a
 * run of the demo server measured on this stack (Node 20, undici 7, the run's ECDSA P-256
 * certificate, TLS 1.3 with TLS_AES_256_GCM_SHA384, two session tickets), kept here as quoted
 * figures; a run replaces each with its own measurement.
 *
 * - TLS handshake per connection: 1,824 B when ALPN offers h2, 1,795 B for HTTP/1.1 alone
 *   (ClientHello to Finished plus the tickets; the probe reads it off a connection that sent nothing).
 * - HTTP/2 upkeep per connection: 85 B (the 24-byte preface, both SETTINGS and their ACKs, a
 *   WINDOW_UPDATE), counted frame by frame at the server.
 * - HPACK: a poll's request and answer take 62 B (minimal) or 76 B (browser headers) once the
 *   table holds them; the connection's first exchange takes 40 B or 460 B more.
 */
export const NOMINAL_WIRE = {
  tlsRecordBytes: 22,
  tlsHandshakeBytes: { h2: 1_824, http1: 1_795 },
  h2UpkeepBytes: 85,
  h2SteadyHeaderBytes: { minimal: 62, browser: 76 },
  h2FirstExchangeExtraBytes: { minimal: 40, browser: 460 },
} as const;

/** The wire a prediction is made for. */
export interface WireChoice {
  tls: boolean;
  http2: boolean;
}

/**
 * The nominal wire figures for `profile`, as model parameters: H, C and R for the HTTP transports,
 * and for those that keep HTTP/1.1 (the WebSocket upgrade) their own H and C.
 */
export function nominalWireParams(
  profile: NominalHeaderProfile,
  wire: WireChoice,
): Pick<ModelParams, 'headerBytesPerPair' | 'tlsRecordBytes' | 'connectionBytes' | 'http2' | 'upgrade'> {
  const http1 = {
    headerBytesPerPair: NOMINAL_HEADER_BYTES[profile],
    connectionBytes: wire.tls ? NOMINAL_WIRE.tlsHandshakeBytes.http1 : 0,
  };
  if (!wire.http2) return { ...http1, tlsRecordBytes: wire.tls ? NOMINAL_WIRE.tlsRecordBytes : 0, http2: false };
  return {
    headerBytesPerPair: NOMINAL_WIRE.h2SteadyHeaderBytes[profile],
    connectionBytes:
      (wire.tls ? NOMINAL_WIRE.tlsHandshakeBytes.h2 : 0) +
      NOMINAL_WIRE.h2UpkeepBytes +
      NOMINAL_WIRE.h2FirstExchangeExtraBytes[profile],
    tlsRecordBytes: wire.tls ? NOMINAL_WIRE.tlsRecordBytes : 0,
    http2: true,
    upgrade: http1,
  };
}
