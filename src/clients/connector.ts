import { Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { SocketTracker } from '../shared/types.js';

/** Where a client connects: the server's host (brackets stripped) and port, from its URL. */
export interface Endpoint {
  host: string;
  port: number;
}

/** The endpoint of a `http:` or `ws:` URL. */
export function endpointOf(url: string): Endpoint {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'https:' || parsed.protocol === 'wss:';
  return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(parsed.port || (secure ? 443 : 80)) };
}

/**
 * The one way every client opens a TCP connection: `meter` starts counting the socket once it
 * has connected (a refused attempt is a fault, not a connection), so undici's and ws's bytes
 * are read from the same kind of socket, counted the same way.
 */
export function connectMetered(endpoint: Endpoint, meter: SocketTracker): Socket {
  const socket = connect({ host: endpoint.host, port: endpoint.port, noDelay: true });
  socket.once('connect', () => meter.track(socket));
  return socket;
}

/** Resolves with a metered socket once it has connected, or rejects with the connect error. */
export function openMetered(endpoint: Endpoint, meter: SocketTracker): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connectMetered(endpoint, meter);
    const onError = (error: Error): void => reject(error);
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/** A keep-alive http.Agent whose every socket comes from `connectMetered` (for libraries that take an agent, like socket.io-client). */
export function meteredAgent(endpoint: Endpoint, meter: SocketTracker): Agent {
  const agent = new Agent({ keepAlive: true, maxSockets: 2 });
  (agent as unknown as { createConnection: () => Socket }).createConnection = () => connectMetered(endpoint, meter);
  return agent;
}
