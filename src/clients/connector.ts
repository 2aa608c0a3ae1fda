import { Agent, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { connect, isIP, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { faultError } from '../shared/faults.js';
import type { SocketTracker } from '../shared/run-types.js';
import type { ClientWire } from '../shared/wire-types.js';
import { BUSY_PORT_RETRIES, isBusySourcePort, sourcePortFor } from './source-ports.js';

/** Where a client connects: the server's host (brackets stripped) and port, and how it speaks there. */
export interface Endpoint {
  host: string;
  port: number;
  /** TLS for `https:` and `wss:` URLs: whom to trust and which protocols to offer by ALPN. */
  tls?: { servername: string; ca?: string; rejectUnauthorized: boolean };
  /** Speak HTTP/2: offered by ALPN over TLS, by prior knowledge (h2c) in cleartext. */
  http2: boolean;
  /** The source address to connect from; the system picks when absent. */
  localAddress?: string;
}

/**
 * The endpoint of a `http:`, `https:`, `ws:` or `wss:` URL, for a client on `wire` (HTTP/1.1 and system trust when
 * absent).
 */
export function endpointOf(url: string, wire: ClientWire = {}): Endpoint {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'https:' || parsed.protocol === 'wss:';
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    host,
    port: Number(parsed.port || (secure ? 443 : 80)),
    ...(secure
      ? { tls: { servername: host, ...(wire.ca ? { ca: wire.ca } : {}), rejectUnauthorized: !wire.insecure } }
      : {}),
    http2: Boolean(wire.http2),
    ...(wire.localAddress ? { localAddress: wire.localAddress } : {}),
  };
}

/** The same endpoint for a client that keeps HTTP/1.1 (a WebSocket upgrade, Socket.IO). */
export function http1Only(endpoint: Endpoint): Endpoint {
  return { ...endpoint, http2: false };
}

/**
 * The one way every client opens a connection. `meter` counts the TCP socket once it has
 * connected (a refused attempt is a fault, not a connection), so bytes are read beneath TLS,
 * as a packet capture sees them; over TLS it also learns the plaintext beside them. Returns the
 * socket the protocol speaks on: the TCP socket, or the TLS socket above it.
 */
export function connectMetered(endpoint: Endpoint, meter: SocketTracker, attempt = 0): Socket {
  const localPort = endpoint.localAddress ? sourcePortFor(endpoint.localAddress, attempt) : undefined;
  const from = endpoint.localAddress
    ? { localAddress: endpoint.localAddress, ...(localPort ? { localPort } : {}) }
    : {};
  meter.attempt?.();
  const raw = connect({ host: endpoint.host, port: endpoint.port, noDelay: true, ...from });
  raw.once('connect', () => {
    meter.track(raw);
    if (!endpoint.tls) meter.ready?.(endpoint.http2 ? 'h2c' : 'http/1.1');
  });
  if (!endpoint.tls) {
    // h2c by prior knowledge: undici speaks HTTP/2 on a socket whose protocol says h2, as its own connector does.
    if (endpoint.http2) (raw as Socket & { alpnProtocol?: string }).alpnProtocol = 'h2';
    return raw;
  }
  const secure = connectTls({
    socket: raw,
    // SNI names a host, never an address (RFC 6066 §3).
    ...(isIP(endpoint.tls.servername) ? {} : { servername: endpoint.tls.servername }),
    host: endpoint.host,
    ...(endpoint.tls.ca ? { ca: endpoint.tls.ca } : {}),
    rejectUnauthorized: endpoint.tls.rejectUnauthorized,
    ALPNProtocols: endpoint.http2 ? ['h2', 'http/1.1'] : ['http/1.1'],
  });
  secure.once('secureConnect', () => meter.ready?.(secure.alpnProtocol || 'http/1.1', secure));
  return secure;
}

/**
 * Resolves with a metered socket once it is ready to speak on (connected, and past the TLS
 * handshake), or rejects. A source port found busy is skipped for the next one; after
 * BUSY_PORT_RETRIES of them, the kernel picks.
 */
export async function openMetered(endpoint: Endpoint, meter: SocketTracker): Promise<Socket> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await openOnce(endpoint, meter, attempt);
    } catch (error) {
      if (!isBusySourcePort(error) || attempt >= BUSY_PORT_RETRIES) throw error;
    }
  }
}

/** How long a connection may take to be ready to speak on: TCP, and the TLS handshake over it. */
export const OPEN_TIMEOUT_MS = 10_000;

function openOnce(endpoint: Endpoint, meter: SocketTracker, attempt: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connectMetered(endpoint, meter, attempt);
    const ready = endpoint.tls ? 'secureConnect' : 'connect';
    // A server that takes the connection and never finishes the TLS handshake is a fault, not a wait.
    const timer = setTimeout(() => {
      socket.destroy();
      reject(faultError('CONNECT_TIMEOUT', `not ready to speak within ${OPEN_TIMEOUT_MS} ms`));
    }, OPEN_TIMEOUT_MS);
    const onError = (error: Error): void => {
      clearTimeout(timer);
      reject(error);
    };
    socket.once('error', onError);
    socket.once(ready, () => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/** The error code of a request made through a `meteredAgent` after its `destroy()`, or queued at it. */
export const AGENT_DESTROYED = 'ERR_AGENT_DESTROYED';

/**
 * Fails a request that gets no socket with an error of its own (not a reset, which XMLHttpRequest would send
 * again), so the library closes as on any failed request: Engine.IO, waiting on it, would otherwise keep its 45 s
 * ping timer.
 */
function refuse(request: ClientRequest): void {
  request.destroy();
  process.nextTick(() => request.emit('error', Object.assign(new Error('agent destroyed'), { code: AGENT_DESTROYED })));
}

/**
 * A keep-alive agent whose every socket comes from `connectMetered` (for libraries that take an agent, like
 * socket.io-client). `onRequest` sees each request the agent takes. `destroy()` refuses the requests queued at it,
 * and every one after it, with AGENT_DESTROYED: socket.io-client's XMLHttpRequest sends a request again when its
 * reused socket is reset, which destroy() does, and that request (never ended) would hold a new socket open with
 * the client stopped.
 */
export function meteredAgent(
  endpoint: Endpoint,
  meter: SocketTracker,
  onRequest?: (request: ClientRequest) => void,
): Agent {
  const options = { keepAlive: true, maxSockets: 2 };
  // An https: request takes only an agent whose protocol is https:.
  const agent = endpoint.tls ? new HttpsAgent(options) : new Agent(options);
  const internals = agent as unknown as {
    createConnection: () => Socket;
    addRequest: (request: ClientRequest, options: unknown) => void;
  };
  internals.createConnection = () => connectMetered(http1Only(endpoint), meter);
  let destroyed = false;
  const addRequest = internals.addRequest.bind(agent);
  internals.addRequest = (request, requestOptions) => {
    if (destroyed) return refuse(request);
    onRequest?.(request);
    addRequest(request, requestOptions);
  };
  const destroy = agent.destroy.bind(agent);
  agent.destroy = () => {
    destroyed = true;
    // A request queued behind maxSockets would be given a new socket as each destroyed one closes, and that socket
    // kept alive after its answer: the queue is refused, and a socket handed back from now on is closed.
    const queues = agent.requests as Record<string, ClientRequest[] | undefined>;
    const queued = Object.values(queues).flatMap((queue) => queue ?? []);
    for (const name of Object.keys(queues)) delete queues[name];
    (agent as unknown as { keepAlive: boolean }).keepAlive = false;
    destroy();
    for (const request of queued) refuse(request);
  };
  return agent;
}

/** What one TLS connection that carried nothing cost: the handshake, measured on the wire. */
export interface HandshakeProbe {
  /** TCP bytes both ways of a connection that only shook hands (and took its session tickets). */
  bytes: number;
  /** What ALPN chose (`h2`, `http/1.1`), or null when the server chose nothing. */
  protocol: string | null;
  /** The TLS version and cipher suite, e.g. `TLSv1.3 TLS_AES_256_GCM_SHA384`. */
  cipher: string;
}

/** How long after the handshake (or the last session ticket) the probe waits for another ticket. */
const TICKET_QUIET_MS = 100;

/**
 * Opens one TLS connection to `endpoint`, sends nothing, and reads what the handshake cost on the
 * TCP socket: ClientHello to Finished, plus the session tickets a TLS 1.3 server sends after it
 * (each 'session' event is one). Every connection of the run pays the same, so the run can split
 * what TLS adds into the handshake per connection and the records around what was sent.
 */
export async function probeHandshake(endpoint: Endpoint): Promise<HandshakeProbe> {
  const counted: Socket[] = [];
  const socket = (await openMetered(endpoint, {
    track: (raw) => {
      counted.push(raw);
      return raw;
    },
  })) as TLSSocket;
  const raw = counted[0]!;
  await new Promise<void>((resolve) => {
    let timer = setTimeout(resolve, TICKET_QUIET_MS * 3);
    socket.on('session', () => {
      clearTimeout(timer);
      timer = setTimeout(resolve, TICKET_QUIET_MS);
    });
    socket.once('close', resolve);
  });
  const probe = {
    bytes: raw.bytesRead + raw.bytesWritten,
    protocol: socket.alpnProtocol || null,
    cipher: `${socket.getProtocol() ?? 'TLS'} ${socket.getCipher().standardName}`,
  };
  socket.destroy();
  return probe;
}
