import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { faultCode } from '../../shared/errors.js';
import type { LoggedEvent } from '../event-log.js';
import type { RouteContext } from './context.js';

/**
 * WebSocket on `/ws?since=SEQ`: after the handshake the server sends every event after SEQ,
 * then one text frame per published event.
 */
export function createWsHandler(ctx: RouteContext): {
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => void;
  close: () => void;
} {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: true });
  const extra = Object.entries(ctx.responseHeaders).map(([name, value]) => `${name}: ${value}`);
  if (extra.length > 0) wss.on('headers', (headers: string[]) => headers.push(...extra));

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void => {
    const sinceText = url.searchParams.get('since') ?? '0';
    const since = /^\d+$/.test(sinceText) ? Number(sinceText) : 0;
    const writtenBefore = (socket as Socket).bytesWritten;
    wss.handleUpgrade(req, socket, head, (ws) => {
      // ws has written the 101 response and nothing else yet: that is the handshake's answer.
      ctx.accounting.headerBytes('ws', (socket as Socket).bytesWritten - writtenBefore);
      ctx.accounting.handshake();
      ctx.accounting.waiting('ws', 1);
      // Each event's frame was built once when it was published; here it is only written, a
      // batch of events as one buffer. No other frame is in flight on this socket at that
      // moment (sends are synchronous and permessage-deflate is off), so the raw write keeps
      // frame boundaries intact. The frame headers it adds are read from the socket's own
      // counter around the write.
      const send = (events: LoggedEvent[]): void => {
        if (events.length === 0) return;
        const before = (socket as Socket).bytesWritten;
        socket.write(events.length === 1 ? events[0]!.wsFrame : Buffer.concat(events.map((event) => event.wsFrame)));
        const json = events.reduce((sum, event) => sum + Buffer.byteLength(event.json), 0);
        ctx.accounting.framingBytes('ws', (socket as Socket).bytesWritten - before - json);
        ctx.accounting.eventsWritten('ws', events.length);
      };
      send(ctx.log.after(since));
      const unsubscribe = ctx.log.subscribe((events) => {
        if (ws.readyState === ws.OPEN) send(events);
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
