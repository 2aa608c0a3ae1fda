/**
 * The fault catalog: every fault a run counts and every setup error it throws, by one stable
 * code whatever the transport, with its meaning, where it is seen and the exit code it leads to.
 * Codes that come in families (an HTTP status, a WebSocket close code, a socket or library error
 * code) are described once per family. Server-side counts are shown with a `server:` prefix.
 */

/** Where a fault is seen: by the clients, at the demo server, by the tool's own publisher, or before the run. */
export type FaultSide = 'client' | 'server' | 'publisher' | 'setup';

/** One code or family of the catalog. `exitCode` 0: shown, but the run still passes. */
export interface FaultEntry {
  readonly meaning: string;
  readonly side: FaultSide;
  readonly exitCode: 0 | 1 | 2;
}

const client = (meaning: string): FaultEntry => ({ meaning, side: 'client', exitCode: 1 });
const server = (meaning: string): FaultEntry => ({ meaning, side: 'server', exitCode: 0 });
const setup = (exitCode: 1 | 2, meaning: string): FaultEntry => ({ meaning, side: 'setup', exitCode });

/** The codes of the catalog, each with its entry. */
export const FAULTS = {
  BAD_EVENT: client('a message that is not an event: not JSON, or without a whole seq and a t stamp'),
  WS_BINARY_FRAME: client('a binary WebSocket frame where an event was expected as text'),
  STREAM_ENDED: client('the server ended an event stream; the client reconnects from its last seq'),
  SEQ_GAP: client('an event arrived past the next one expected: those between never came and count as lost'),
  NOT_READY: client(
    'clients the server had not seen (held, subscribed, accepted) when the phase began, one per client',
  ),
  CLIENT_CLOSE_TIMEOUT: client('clients that did not close within their timeout and were destroyed'),
  CLIENT_PROCESS_LOST: client(
    "a client process that exited or did not hand over its tallies (its clients' figures are missing)",
  ),
  SERVER_EXIT: client('the server process died during the phase'),
  NOT_RECOVERED: client(
    "clients a restart (--restart-at) left without any event published after it by the phase's end, one per client",
  ),
  NOT_BROADCAST: client(
    "a target took the tool's events but no receiver got any (it does not broadcast, or not to them)",
  ),
  UNKNOWN: client('an error with no code of its own, or one neither the catalog nor a family knows'),
  RESPONSE_TOO_LARGE: client("a polling answer past the client's cap (sized from --payload); the rest was not read"),
  LINE_TOO_LONG: client("an event-stream line past the client's cap (sized from --payload); the stream was dropped"),
  HEAD_UNANSWERED: client(
    'a target that did not answer GET /health as a phase began: readers start from its last head',
  ),
  CONNECT_TIMEOUT: client('a client that could not connect (TCP, TLS, the handshake or the first answer) in time'),
  PUBLISH_TIMEOUT: {
    meaning: "a publish of the tool's that the target did not take in time (5 s): not an event receivers are owed",
    side: 'publisher',
    exitCode: 1,
  },
  PUBLISHER_CLOSED: {
    meaning: "the tool's publisher connection to a target closed before a publish went out",
    side: 'publisher',
    exitCode: 1,
  },
  SLOW_CONSUMER: server('a subscriber left more unread than its limit and was dropped'),
  EVENTS_EXPIRED: server('a reader asked for events older than the window'),
  SOCKETS_STILL_OPEN: server('sockets still open when the phase was counted'),
  PUBLISH_UNAUTHORIZED: server('a publish without the token'),
  BODY_TOO_LARGE: server('a publish body over its limit'),
  BAD_PUBLISH: server('a publish body that is neither empty nor {t, data}'),
  BAD_RESUME: server('a Socket.IO client resumed from something other than a whole seq'),
  PVP_ERR_BAD_OPTION: setup(2, 'bad command-line input: the line names the option and what it accepts'),
  PVP_ERR_BAD_HOST: setup(2, 'an address the server cannot bind, or may not bind without a token'),
  PVP_ERR_PORT_IN_USE: setup(2, 'the port asked for is taken'),
  PVP_ERR_TARGET: setup(
    2,
    'a target that did not pass the preflight: a route the run needs did not answer as expected',
  ),
  PVP_ERR_SERVER_START: setup(1, 'the demo server process could not start'),
  PVP_ERR_NETWORK: setup(1, 'the shaped path (network namespaces, tc, nftables) could not be made'),
  PVP_ERR_SERVER_EXIT: setup(1, 'the demo server process exited'),
  PVP_ERR_SERVER_TIMEOUT: setup(1, 'the demo server process did not answer the run in time'),
} as const satisfies Record<string, FaultEntry>;

/** A code of the catalog itself. */
export type CatalogCode = keyof typeof FAULTS;

/** A setup error's code: the run did not start, or could not go on. */
export type SetupCode = Extract<CatalogCode, `PVP_ERR_${string}`>;

/** The families of codes; each has a pattern, an example the catalog test produces, and its entry. */
export const FAULT_FAMILIES = {
  HTTP_STATUS: {
    pattern: /^HTTP_\d{3}$/,
    example: 'HTTP_503',
    ...client('an HTTP response whose status was not 200 (HTTP_<status>)'),
  },
  WS_CLOSED: {
    pattern: /^WS_CLOSED_\d{4}$/,
    example: 'WS_CLOSED_1011',
    ...client('the server closed a WebSocket with this close code (WS_CLOSED_<code>)'),
  },
  SOCKETIO: {
    pattern: /^SOCKETIO_[A-Z_]+$/,
    example: 'SOCKETIO_CONNECT_ERROR',
    ...client('a Socket.IO connection refused or lost, by the reason Socket.IO gives (SOCKETIO_<reason>)'),
  },
  PUBLISH_HTTP: {
    pattern: /^PUBLISH_HTTP_\d{3}$/,
    example: 'PUBLISH_HTTP_401',
    meaning: "a target answered the tool's publish with this status (PUBLISH_HTTP_<status>)",
    side: 'publisher',
    exitCode: 1,
  },
  NODE: {
    pattern: /^ERR_[A-Z0-9_]+$/,
    example: 'ERR_SSL_WRONG_VERSION_NUMBER',
    ...client('an error of Node itself, by its code (ERR_SSL_*, ERR_HTTP2_*, ERR_STREAM_PREMATURE_CLOSE…)'),
  },
  SYSTEM: {
    pattern: /^E[A-Z0-9_]+$/,
    example: 'ECONNREFUSED',
    ...client('a socket error of the operating system, by its errno name (ECONNRESET, EPIPE…)'),
  },
  UNDICI: {
    pattern: /^UND_ERR_[A-Z_]+$/,
    example: 'UND_ERR_SOCKET',
    ...client('an error of undici, the HTTP client, by its code (UND_ERR_SOCKET, UND_ERR_HEADERS_TIMEOUT…)'),
  },
  WS_LIBRARY: {
    pattern: /^WS_ERR_[A-Z_]+$/,
    example: 'WS_ERR_INVALID_OPCODE',
    ...client('an error of ws, the WebSocket library, by its code (a frame it could not read)'),
  },
  HTTP_PARSER: {
    pattern: /^HPE_[A-Z0-9_]+$/,
    example: 'HPE_INVALID_METHOD',
    ...client("a message Node's HTTP parser could not read, by its code (HPE_INVALID_METHOD…)"),
  },
  CERTIFICATE: {
    pattern: /CERT|^UNABLE_TO_|^INVALID_CA$|^PATH_LENGTH_EXCEEDED$|^INVALID_PURPOSE$|^HOSTNAME_MISMATCH$/,
    example: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    ...client(
      "a certificate that could not be verified, by OpenSSL's reason " +
        '(CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT…)',
    ),
  },
} as const satisfies Record<string, FaultEntry & { pattern: RegExp; example: string }>;

/** A family of codes. */
export type FaultFamily = keyof typeof FAULT_FAMILIES;

/** Every code a fault or setup error may carry: the catalog's own, or one of a family. */
export type FaultCode =
  | CatalogCode
  | `HTTP_${number}`
  | `WS_CLOSED_${number}`
  | `SOCKETIO_${string}`
  | `PUBLISH_HTTP_${number}`
  | `E${string}`
  | `ERR_${string}`
  | `UND_ERR_${string}`
  | `WS_ERR_${string}`
  | `HPE_${string}`
  | `${string}CERT${string}`
  | `UNABLE_TO_${string}`
  | 'INVALID_CA'
  | 'PATH_LENGTH_EXCEEDED'
  | 'INVALID_PURPOSE'
  | 'HOSTNAME_MISMATCH';

/** The catalog's entry for `code`, its family's when it belongs to one; undefined for a code outside the catalog. */
export function faultEntry(code: string): FaultEntry | undefined {
  if (Object.hasOwn(FAULTS, code)) return FAULTS[code as CatalogCode];
  return Object.values(FAULT_FAMILIES).find((family) => family.pattern.test(code));
}

/** True when `code` is in the catalog or one of its families. */
export function isFaultCode(code: string): code is FaultCode {
  return faultEntry(code) !== undefined;
}

/** The code of an HTTP response that was not 200. */
export const httpFault = (status: number): FaultCode => `HTTP_${status}`;

/** The code of a WebSocket the server closed. */
export const wsClosedFault = (closeCode: number): FaultCode => `WS_CLOSED_${closeCode}`;

/** The code of a target's answer to the tool's publish that was not 2xx. */
export const publishFault = (status: number): FaultCode => `PUBLISH_HTTP_${status}`;

/**
 * Codes that say a client's connection was lost or refused (a reset, a refusal, a closed socket or stream, a WebSocket
 * going away): what a restarting server does to its clients, and what marks a drop against a target.
 */
const CONNECTION_LOSS =
  /^(STREAM_ENDED|CONNECT_TIMEOUT|E(?!RR_)[A-Z0-9_]+|UND_ERR_(SOCKET|CLOSED)|ERR_STREAM_PREMATURE_CLOSE|WS_CLOSED_(1001|1006|1011|1012)|SOCKETIO_(TRANSPORT_CLOSE|TRANSPORT_ERROR|PING_TIMEOUT|CONNECT_ERROR|IO_SERVER_DISCONNECT))$/;

/** True when `code` says a connection was lost or refused. */
export const isConnectionLoss = (code: FaultCode): boolean => CONNECTION_LOSS.test(code);

/** The code of a Socket.IO disconnection, by the reason Socket.IO gives ('transport close'…). */
export const socketIoFault = (reason: string): FaultCode =>
  `SOCKETIO_${reason.toUpperCase().replaceAll(/[^A-Z]+/g, '_')}`;

/** An error that carries a catalog code, for a fault the tool finds itself (a status, a closed publisher). */
export function faultError(code: FaultCode, message: string): Error & { code: FaultCode } {
  return Object.assign(new Error(message), { code });
}

/**
 * A stable code for a fault seen during a run (a reset, a refused request, a bad status): the
 * error's own code when the catalog knows it or its family, else `fallback`.
 */
export function faultCode(error: unknown, fallback: FaultCode = 'UNKNOWN'): FaultCode {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    if (isFaultCode(error.code)) return error.code;
  }
  return fallback;
}

/** The exit code a setup error leads to, from the catalog; 1 for anything it does not name. */
export function exitCodeOf(code: string): 0 | 1 | 2 {
  return faultEntry(code)?.exitCode ?? 1;
}
