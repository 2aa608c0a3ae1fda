/**
 * The fault catalog: every fault a run counts, by one stable code whatever the transport.
 * Socket and library errors keep their own codes (ECONNRESET, UND_ERR_SOCKET…), HTTP statuses
 * are `HTTP_<status>`, a server's WebSocket close is `WS_CLOSED_<code>`; server-side counts are
 * shown with a `server:` prefix.
 */
export const FAULTS = {
  BAD_EVENT: 'a message that is not an event: not JSON, or without a whole seq and a t stamp',
  WS_BINARY_FRAME: 'a binary WebSocket frame where an event was expected as text',
  STREAM_ENDED: 'the server ended an event stream; the client reconnects from its last seq',
  SEQ_GAP: 'an event arrived past the next one expected: those between never came and count as lost',
  NOT_READY: 'clients the server had not seen (held, subscribed, accepted) when the phase began, one per client',
  CLIENT_CLOSE_TIMEOUT: 'clients that did not close within 5 s and were destroyed',
  CLIENT_PROCESS_LOST:
    "a client process that exited or did not hand over its tallies (its clients' figures are missing)",
  SERVER_EXIT: 'the server process died during the phase',
  NOT_BROADCAST: "a target took the tool's events but no receiver got any (it does not broadcast, or not to them)",
  SLOW_CONSUMER: 'server: a subscriber left more unread than its limit and was dropped',
  EVENTS_EXPIRED: 'server: a reader asked for events older than the window',
  SOCKETS_STILL_OPEN: 'server: sockets still open when the phase was counted',
  PUBLISH_UNAUTHORIZED: 'server: a publish without the token',
  BODY_TOO_LARGE: 'server: a publish body over its limit',
  BAD_PUBLISH: 'server: a publish body that is neither empty nor {t, data}',
  BAD_RESUME: 'server: a Socket.IO client resumed from something other than a whole seq',
  TLS_HANDSHAKE: "server: a TLS handshake that failed without a code of its own (OpenSSL's ERR_SSL_* otherwise)",
  H2_SESSION_ERROR:
    "server: an HTTP/2 session that failed without a code of its own (node:http2's ERR_HTTP2_* otherwise)",
} as const;

/** A fault code of the catalog. */
export type FaultCode = keyof typeof FAULTS;

/** The code of an HTTP response that was not 200. */
export const httpFault = (status: number): string => `HTTP_${status}`;

/** The code of a WebSocket the server closed. */
export const wsClosedFault = (closeCode: number): string => `WS_CLOSED_${closeCode}`;
