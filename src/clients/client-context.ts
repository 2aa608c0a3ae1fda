import type { Socket } from 'node:net';
import { buildConnector, Client } from 'undici';
import type { DeliveryRecorder, SocketTracker } from '../shared/types.js';

/** What one simulated client of any transport is given. */
export interface ClientContext {
  /** The demo server's base URL, e.g. http://127.0.0.1:43123 */
  url: string;
  recorder: DeliveryRecorder;
  meter: SocketTracker;
  pollIntervalMs: number;
  longPollTimeoutMs: number;
  /** This client's start offset within one poll interval, in milliseconds (seeded). */
  phaseMs: number;
  /** Headers added to every request (a browser's set with `--headers browser`). */
  requestHeaders?: Record<string, string>;
}

/** One simulated client: connect, begin at the shared start time, stop at the phase's end. */
export interface TransportClient {
  /** Resolves once the client is ready to receive (stream open, socket upgraded). */
  connect(): Promise<void>;
  /** Starts its traffic; `startAtNs` is when the first event is due, on the shared clock. */
  begin(startAtNs: bigint): void;
  /** Stops and closes its sockets; resolves once its work is done. */
  stop(): Promise<void>;
}

/** Makes a transport's client for one simulated user. */
export type TransportClientFactory = (ctx: ClientContext) => TransportClient;

/** Pause between reconnect attempts after a fault, in milliseconds. */
export const RECONNECT_DELAY_MS = 100;

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
 * An undici Client (one keep-alive connection, like one browser tab) whose sockets are all
 * counted by `meter`, so bytes are read at the socket, not summed from bodies.
 */
export function meteredHttpClient(url: string, meter: SocketTracker): MeteredHttp {
  const connect = buildConnector({});
  let warm: Socket | undefined;
  const metered = (options: buildConnector.Options, callback: buildConnector.Callback): void =>
    connect(options, (error, socket) => {
      if (socket) meter.track(socket);
      // undici's callback is typed as a tuple union; split it so each call matches one arm.
      if (error) callback(error, null);
      else callback(null, socket!);
    });
  const http = new Client(url, {
    connect: (options, callback) => {
      const socket = warm;
      warm = undefined;
      // Handed over on the next tick: undici expects its connector to answer asynchronously.
      if (socket && !socket.destroyed) process.nextTick(() => callback(null, socket));
      else metered(options, callback);
    },
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 600_000,
    headersTimeout: 0,
    bodyTimeout: 0,
    pipelining: 1,
  });
  const origin = new URL(url);
  return {
    http,
    preconnect: () =>
      new Promise((resolve, reject) => {
        const options = {
          hostname: origin.hostname.replace(/^\[(.*)\]$/, '$1'),
          host: origin.host,
          protocol: origin.protocol,
          port: origin.port || (origin.protocol === 'https:' ? '443' : '80'),
        };
        metered(options, (error, socket) => {
          if (error) return reject(error);
          warm = socket as Socket;
          resolve();
        });
      }),
    releaseUnused: () => {
      warm?.destroy();
      warm = undefined;
    },
  };
}
