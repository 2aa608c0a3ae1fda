import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { faultCode } from '../../shared/faults.js';
import { wsFrameEncoder } from '../encoders.js';
import type { LoggedEvent } from '../event-log.js';
import { subscribeRouteStream } from '../stream-subscriber.js';
import { resumePoint, type RouteContext } from './context.js';

/**
 * Largest message a client may send on `/ws`: the route reads nothing, so only control-sized ones (close 1009 past it).
 */
export const WS_MAX_CLIENT_MESSAGE_BYTES = 4096;
/** Close code for a subscriber dropped as too slow (RFC 6455 §7.4.1: policy violation). */
export const WS_CLOSE_SLOW_CONSUMER = 1008;
/** How long a dropped subscriber has to take its close frame before its socket is destroyed. */
const SLOW_CLOSE_GRACE_MS = 1000;

/**
 * WebSocket on `/ws?since=SEQ`: after the handshake the server sends every event after SEQ,
 * then one text frame per published event.
 */
export function createWsHandler(ctx: RouteContext): {
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => void;
  close: () => void;
} {
  // With --deflate every message is compressed, however small, as the Python stacks do.
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: ctx.deflate ? { threshold: 0 } : false,
    clientTracking: true,
    maxPayload: WS_MAX_CLIENT_MESSAGE_BYTES,
  });
  const extra = Object.entries(ctx.responseHeaders).map(([name, value]) => `${name}: ${value}`);
  if (extra.length > 0) wss.on('headers', (headers: string[]) => headers.push(...extra));

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void => {
    const since = resumePoint(req, url);
    if (since === undefined) {
      const body = JSON.stringify({ error: 'since (or Last-Event-ID) must be a whole number' });
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ` +
          `${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    const writtenBefore = (socket as Socket).bytesWritten;
    wss.handleUpgrade(req, socket, head, (ws) => {
      // ws has written the 101 response and nothing else yet: that is the handshake's answer.
      ctx.accounting.headerBytes('ws', (socket as Socket).bytesWritten - writtenBefore, 'response', true);
      ctx.accounting.handshake('ws');
      ctx.accounting.waiting('ws', 1);
      // Each published batch is framed once and written raw to every subscriber's socket. No
      // other frame is in flight at that moment (sends are synchronous without compression), so
      // raw writes keep frame boundaries intact. A compressed connection is sent each event
      // through ws, which deflates it with that connection's own context.
      const compressed = ws.extensions.includes('permessage-deflate');
      const unsubscribe = subscribeRouteStream('ws', ctx, {
        since,
        socket,
        isOpen: () => ws.readyState === ws.OPEN,
        encoder: wsFrameEncoder,
        ...(compressed
          ? {
              send: (events: readonly LoggedEvent[]) => {
                for (const event of events) ws.send(event.json);
              },
              buffered: () => ws.bufferedAmount,
            }
          : {}),
        drop: () => {
          ws.close(WS_CLOSE_SLOW_CONSUMER, 'slow consumer');
          setTimeout(() => ws.terminate(), SLOW_CLOSE_GRACE_MS).unref();
        },
      });
      ws.on('error', (error) => ctx.accounting.fault('ws', faultCode(error)));
      ws.once('close', () => {
        unsubscribe();
        ctx.accounting.waiting('ws', -1);
      });
    });
  };

  const close = (): void => {
    for (const client of wss.clients) client.terminate();
    wss.close();
  };

  return { upgrade, close };
}
