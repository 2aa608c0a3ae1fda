// The preflight's small steps, shared by a target's probes and an app's: each with a deadline, each failure in words.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { io } from 'socket.io-client';
import { Agent } from 'undici';
import WebSocket from 'ws';
import type { ClientWire } from '../shared/wire-types.js';

/** How long one preflight step may take before the target counts as not answering. */
export const PREFLIGHT_TIMEOUT_MS = 5000;
/**
 * What came back, in words: no answer within the deadline, a status, a socket error by its code
 * with its message; never a bare number (a DOMException's code 23 says nothing to anyone).
 */
export function whatCameBack(error: unknown): string {
  // socket.io-client says only 'timeout' when its handshake timed out.
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.message === 'timeout');
  if (timedOut || (error instanceof Error && error.name === 'AbortError'))
    return `no answer within ${PREFLIGHT_TIMEOUT_MS / 1000} s`;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

/** A dispatcher that takes any certificate (`--insecure`), made when first needed. */
let insecure: Agent | undefined;
export function insecureAgent(): Agent {
  insecure ??= new Agent({ connect: { rejectUnauthorized: false } });
  return insecure;
}

/** Opens and closes one WebSocket to `url`: the handshake works. */
export function handshake(url: string, wire: ClientWire): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      handshakeTimeout: PREFLIGHT_TIMEOUT_MS,
      ...(wire.insecure ? { rejectUnauthorized: false } : {}),
    });
    ws.once('open', () => {
      // Closed as a well-behaved client would, so the server logs no broken connection.
      ws.close(1000, 'preflight');
      setTimeout(() => ws.terminate(), 1000).unref();
      resolve();
    });
    ws.once('error', reject);
  });
}

/** Opens and closes one Socket.IO connection to `url`: the server speaks Socket.IO. */
export function socketIoConnects(url: string, wire: ClientWire): Promise<void> {
  // An agent of its own, destroyed either way: an Engine.IO poll a silent server never answers
  // would otherwise keep the process alive after the preflight has failed.
  const agent = url.startsWith('https:')
    ? new HttpsAgent({ rejectUnauthorized: !wire.insecure })
    : new HttpAgent({ keepAlive: false });
  const client = io(url, {
    agent: agent as unknown as string,
    forceNew: true,
    reconnection: false,
    timeout: PREFLIGHT_TIMEOUT_MS,
    ...(wire.insecure ? { rejectUnauthorized: false } : {}),
  } as Parameters<typeof io>[1]);
  let timer: NodeJS.Timeout | undefined;
  return new Promise<void>((resolve, reject) => {
    // The namespace's connect too has a deadline (a middleware that never calls next()).
    timer = setTimeout(
      () => reject(new Error(`no Socket.IO connect within ${PREFLIGHT_TIMEOUT_MS / 1000} s`)),
      PREFLIGHT_TIMEOUT_MS,
    );
    client.once('connect', () => resolve());
    client.once('connect_error', reject);
  }).finally(() => {
    clearTimeout(timer);
    client.disconnect();
    agent.destroy();
  });
}
