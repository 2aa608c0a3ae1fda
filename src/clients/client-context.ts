import type { Socket } from 'node:net';
import { Client } from 'undici';
import { endpointOf, openMetered } from './connector.js';
import type { DeliveryRecorder, SocketTracker } from '../shared/run-types.js';
import type { ClientWire } from '../shared/wire-types.js';
import type { ReadLimits } from './read-limits.js';
import type { AppReceiver } from '../shared/app-types.js';

/** What one simulated client of any transport is given. */
export interface ClientContext {
  /** The demo server's base URL, e.g. http://127.0.0.1:43123 */
  url: string;
  recorder: DeliveryRecorder;
  meter: SocketTracker;
  /**
   * TLS trust, and HTTP/2 for the HTTP transports (`--tls`, `--http2`, `--insecure`); cleartext HTTP/1.1 when absent.
   */
  wire?: ClientWire;
  /** Negotiate permessage-deflate on WebSocket. */
  deflate?: boolean;
  /** The Socket.IO event name events come under (default `message`). */
  socketIoEvent?: string;
  /** A WebSocket receiver's URL when it is not the protocol's `/ws?since=` (a chat server's own path). */
  wsUrl?: (since: number) => string;
  /**
   * An app's own route, read as it is (`--receive`): its URL requested exactly, the tool's markers
   * found in whatever arrives. Absent: the protocol's routes and events.
   */
  route?: AppReceiver;
  /** Conditions shared by every client of a crowd, read live: a session may change them mid-run. */
  conditions: ClientConditions;
  longPollTimeoutMs: number;
  /** This client's start offset within one poll interval, in milliseconds (seeded). */
  phaseMs: number;
  /** What it reads at most of one message and one polling answer (sized from the run's payload). */
  limits: ReadLimits;
  /**
   * How long the server may take to answer: an HTTP response's head, the WebSocket upgrade,
   * Socket.IO's connect (CONNECT_TIMEOUT_MS when absent; a large crowd's server takes longer).
   */
  answerTimeoutMs?: number;
  /**
   * The server is the tool's own and resumes a Socket.IO client from the seq in its `auth`; any
   * other server gets what any Socket.IO client sends (python-socketio's two-argument `connect`
   * handler would be called with three and answer nothing).
   */
  resumeInAuth?: boolean;
}

/** What a running session may change for its clients; each reads it when it next needs it. */
export interface ClientConditions {
  /** Short-poll interval, in milliseconds (from the next tick on). */
  pollIntervalMs: number;
  /** Headers added to every request (a browser's set with `--headers browser`), from the next request on. */
  requestHeaders?: Record<string, string>;
}

/** One simulated client: connect, begin at the shared start time, stop at the phase's end. */
export interface TransportClient {
  /** Resolves once the client is ready to receive (stream open, socket upgraded). */
  connect(): Promise<void>;
  /** Starts its traffic; `startAtNs` is when the first event is due, on the shared clock. */
  begin(startAtNs: bigint): void;
  /**
   * Starts no new work from now on, at once (a poller's next poll); what is in flight finishes
   * in `stop()`. A crowd halts every client before closing them a batch at a time, so the
   * clients waiting for their batch do not go on polling. Absent where there is nothing to halt.
   */
  halt?(): void;
  /** Stops and closes its sockets; resolves once its work is done. */
  stop(): Promise<void>;
}

/** Makes a transport's client for one simulated user. */
export type TransportClientFactory = (ctx: ClientContext) => TransportClient;

/** The path and query an app's route is requested at, exactly as given. */
export function routePath(route: AppReceiver): string {
  const url = new URL(route.url);
  return `${url.pathname}${url.search}`;
}

/**
 * How long a client may take to connect: TCP, TLS, the WebSocket or Socket.IO handshake, an
 * event stream's response head. A server that accepts and then says nothing is a fault, not a
 * wait without end.
 */
export const CONNECT_TIMEOUT_MS = 10_000;

/** How long a crowd of `clients` gives the server to answer each: 10 s, plus 1 ms a client. */
export const answerTimeoutFor = (clients: number): number => CONNECT_TIMEOUT_MS + clients;

/** An undici Client whose every socket is metered, and which can open its connection ahead of its first request. */
export interface MeteredHttp {
  http: Client;
  /**
   * Opens the connection now (resolves once TCP has connected; rejects on failure), so the
   * server has accepted this client before the phase starts. The first request uses it.
   */
  preconnect(): Promise<void>;
  /** Destroys a preopened connection no request took (the phase ended before the first one). */
  releaseUnused(): void;
}

/**
 * An undici Client (one keep-alive connection, like one browser tab) whose sockets all come
 * from the metered connector, so bytes are read at the socket, not summed from bodies. Under
 * HTTP/2 its requests are streams of that one connection.
 */
export function meteredHttpClient(url: string, meter: SocketTracker, wire: ClientWire = {}): MeteredHttp {
  const endpoint = endpointOf(url, wire);
  let warm: Socket | undefined;
  const http = new Client(url, {
    connect: (_options, callback) => {
      const socket = warm;
      warm = undefined;
      const opening = socket && !socket.destroyed ? Promise.resolve(socket) : openMetered(endpoint, meter);
      // undici's callback is typed as a tuple union; split it so each call matches one arm.
      opening.then(
        (ready) => callback(null, ready),
        (error: Error) => callback(error, null),
      );
    },
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 600_000,
    headersTimeout: 0,
    bodyTimeout: 0,
    pipelining: 1,
  });
  return {
    http,
    preconnect: async () => {
      warm = await openMetered(endpoint, meter);
    },
    releaseUnused: () => {
      warm?.destroy();
      warm = undefined;
    },
  };
}
