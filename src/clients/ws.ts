import type { createConnection, Socket } from 'node:net';
import WebSocket from 'ws';
import { nowNs } from '../shared/clock.js';
import { faultCode, wsClosedFault } from '../shared/faults.js';
import { Backoff } from './backoff.js';
import { CONNECT_TIMEOUT_MS, type TransportClientFactory } from './client-context.js';
import { endpointOf, http1Only, openMetered } from './connector.js';
import { readerFor } from './readers.js';

const CLOSE_TIMEOUT_MS = 2000;

/**
 * WebSocket push with `ws`: one connection, one text frame per event, timestamped on
 * 'message'. The socket comes from `createConnection`, so the meter reads its bytes.
 * After an unexpected close it reconnects with `?since=<last seq>` (an app's URL as it is).
 */
export const createWsClient: TransportClientFactory = (ctx) => {
  const base = ctx.url.replace(/^http/, 'ws');
  const route = ctx.route;
  const urlFor = route
    ? (): string => route.url
    : (ctx.wsUrl ?? ((since: number): string => `${base}/ws?since=${since}`));
  const reader = readerFor(ctx);
  let socket: WebSocket | undefined;
  let stopping = false;
  let reconnectTimer: NodeJS.Timeout | undefined;
  const backoff = new Backoff();

  // The same metered connector as the HTTP clients (its socket counted once connected, a busy
  // source port skipped); the upgrade then speaks on it. The upgrade is HTTP/1.1's, even under --http2.
  const endpoint = http1Only(endpointOf(ctx.url, ctx.wire));

  const open = async (): Promise<void> => {
    let connection: Socket;
    try {
      connection = await openMetered(endpoint, ctx.meter);
    } catch (error) {
      if (stopping) return;
      ctx.recorder.fault(faultCode(error));
      reconnectTimer = setTimeout(() => void open(), backoff.next());
      return;
    }
    if (stopping) return void connection.destroy();
    return new Promise((resolve) => {
      const ws = new WebSocket(urlFor(ctx.recorder.lastSeq), {
        perMessageDeflate: Boolean(ctx.deflate),
        createConnection: (() => connection) as typeof createConnection,
        // A frame past the cap is a fault (WS_ERR_UNSUPPORTED_MESSAGE_LENGTH), not a buffer without end.
        maxPayload: ctx.limits.messageBytes,
        ...(ctx.conditions.requestHeaders ? { headers: ctx.conditions.requestHeaders } : {}),
      });
      socket = ws;
      let opened = false;
      let erred = false;
      // A server that takes the connection and never answers the upgrade is a fault, not a wait.
      let timedOut = false;
      const deadline = setTimeout(() => {
        timedOut = true;
        ws.terminate();
      }, ctx.answerTimeoutMs ?? CONNECT_TIMEOUT_MS);
      ws.on('open', () => {
        clearTimeout(deadline);
        opened = true;
        backoff.reset();
        ctx.recorder.handshake();
        // An app that wants a subscribe message gets it first, on every connection.
        if (route?.send !== undefined) ws.send(route.send);
        resolve();
      });
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        const receivedNs = nowNs();
        // The protocol's events are text; an app may send its JSON in binary frames, searched all the same.
        if (isBinary && !route) return ctx.recorder.fault('WS_BINARY_FRAME');
        reader.message(data.toString('utf8'), ctx.recorder, receivedNs);
      });
      ws.on('error', (error) => {
        erred = true;
        if (!stopping) ctx.recorder.fault(timedOut ? 'CONNECT_TIMEOUT' : faultCode(error));
      });
      ws.on('close', (code) => {
        clearTimeout(deadline);
        if (!opened) resolve();
        if (stopping) return;
        // 1006 is no code the server sent: the connection broke, and the error that broke it was counted.
        if (opened && !(code === 1006 && erred)) ctx.recorder.fault(wsClosedFault(code));
        reconnectTimer = setTimeout(() => void open(), backoff.next());
      });
    });
  };

  return {
    connect: () => open(),
    begin: () => {},
    stop: async () => {
      stopping = true;
      clearTimeout(reconnectTimer);
      const ws = socket;
      if (!ws || ws.readyState === WebSocket.CLOSED) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          ws.terminate();
          resolve();
        }, CLOSE_TIMEOUT_MS);
        ws.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
        else ws.close(1000, 'phase over');
      });
    },
  };
};
