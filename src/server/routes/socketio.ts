import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Server as EngineServer } from 'engine.io';
import { Server as SocketIoServer, type Socket as IoSocket } from 'socket.io';
import type { LoggedEvent } from '../event-log.js';
import type { RouteContext, RouteHandler } from './context.js';
import { authorized } from './control.js';

/** The Socket.IO event name the demo server emits every event under. */
export const SOCKETIO_EVENT = 'message';
/** Largest message a Socket.IO client may send (a publish, like POST /publish's body): a small bound, as on /ws. */
const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;

/** How long a client dropped as too slow has to go before its connection is cut. */
const SLOW_CLOSE_GRACE_MS = 1000;

/** The part of an Engine.IO connection this route reads: its packet queue's events and its transport. */
interface EngineConnection {
  on(event: 'packetCreate', listener: (packet: { data?: unknown }) => void): void;
  on(event: 'flush', listener: (packets: ReadonlyArray<{ data?: unknown }>) => void): void;
  close(discard: boolean): void;
  transport: { socket?: { bufferedAmount?: number; terminate?: () => void } };
}

const packetBytes = (packet: { data?: unknown }): number =>
  typeof packet.data === 'string' ? packet.data.length : ((packet.data as Buffer | undefined)?.byteLength ?? 0);

/**
 * Bytes Engine.IO holds for one client and has not written: the packets it queued (kept as a running sum, so a
 * long queue is not walked) and what the client's WebSocket still buffers. A polling client's packets wait in
 * the queue until its next poll; a WebSocket's while the last send is unwritten.
 */
function unsentBytes(conn: EngineConnection): () => number {
  let queued = 0;
  conn.on('packetCreate', (packet) => {
    queued += packetBytes(packet);
  });
  conn.on('flush', (packets) => {
    for (const packet of packets) queued -= packetBytes(packet);
  });
  return () => queued + (conn.transport.socket?.bufferedAmount ?? 0);
}

/** Counts the first write on `socket` (the 101 answer of an upgrade), then leaves it be. */
function countFirstWrite(socket: Duplex, count: (bytes: number) => void): void {
  const write = socket.write;
  socket.write = function (this: Duplex, chunk: unknown, ...rest: unknown[]) {
    socket.write = write;
    count(typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Buffer).length);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof socket.write;
}

/**
 * Socket.IO on `/socket.io/`: the `socket.io` package on Engine.IO, driven by the demo server's
 * own request and upgrade handlers so every request and socket is counted like any route's. A
 * client that connects with `auth: { since }` gets the events after it, then each new one,
 * emitted as `message`; one without gets the new ones. What a client emits as `message` goes to
 * every client, as on the article's server. Engine.IO's packets and heartbeats are its framing:
 * counted as what the server wrote that is neither a response head nor event JSON.
 */
export function createSocketIoHandler(ctx: RouteContext): {
  handle: RouteHandler;
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  close: () => void;
} {
  const engine = new EngineServer({
    maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
    // With --deflate every message is compressed, however small, as the Python stacks do.
    perMessageDeflate: ctx.deflate ? { threshold: 0 } : false,
    httpCompression: false,
  });
  const io = new SocketIoServer({ serveClient: false });
  io.bind(engine);
  ctx.accounting.deriveFraming('socketio');
  engine.on('connection', (session: { on(event: 'upgrade', listener: () => void): void }) => {
    session.on('upgrade', () => ctx.accounting.handshake('socketio'));
  });

  const emit = (socketOrAll: IoSocket | SocketIoServer, events: readonly LoggedEvent[], receivers: number): void => {
    for (const event of events) socketOrAll.emit(SOCKETIO_EVENT, JSON.parse(event.json) as unknown);
    const json = events.reduce((sum, event) => sum + event.jsonBytes, 0);
    ctx.accounting.eventsWritten('socketio', events.length * receivers);
    ctx.accounting.jsonWritten('socketio', json * receivers);
  };
  /**
   * Each client's bytes not yet written, and what its backlog added: the backlog goes at once, so a resuming client
   * may hold that much more until it first falls under the limit. One past it is dropped as too slow, as on /sse
   * and /ws (which send a backlog in pieces instead).
   */
  const readers = new WeakMap<IoSocket, { unsent: () => number; backlogBytes: number }>();
  /** The clients a broadcast goes to, once those too far behind are dropped. */
  const receivers = (): number => {
    for (const socket of io.of('/').sockets.values()) {
      const reader = readers.get(socket);
      if (!reader) continue;
      const unsent = reader.unsent();
      if (unsent <= ctx.maxSubscriberBufferBytes) {
        reader.backlogBytes = 0;
        continue;
      }
      if (unsent <= ctx.maxSubscriberBufferBytes + reader.backlogBytes) continue;
      ctx.accounting.fault('socketio', 'SLOW_CONSUMER');
      const conn = socket.conn as unknown as EngineConnection;
      socket.disconnect(true);
      // Its queue is dropped rather than drained (it does not read); a WebSocket that will not take the close
      // is cut after a grace.
      conn.close(true);
      setTimeout(() => conn.transport.socket?.terminate?.(), SLOW_CLOSE_GRACE_MS).unref();
    }
    return io.of('/').sockets.size;
  };

  io.on('connection', (socket) => {
    const reader = { unsent: unsentBytes(socket.conn as unknown as EngineConnection), backlogBytes: 0 };
    readers.set(socket, reader);
    // Without a resume point a client starts at the head, with the events published from now on, as from any
    // Socket.IO server (the Python one, a client that does not know the protocol); the tool's clients send one.
    const asked = (socket.handshake.auth as { since?: unknown }).since ?? ctx.log.head;
    ctx.accounting.waiting('socketio', 1);
    socket.once('disconnect', () => ctx.accounting.waiting('socketio', -1));
    // The resume point means what `since` means on every route: a whole number, else refused and counted.
    if (typeof asked !== 'number' || !Number.isSafeInteger(asked) || asked < 0) {
      ctx.accounting.fault('socketio', 'BAD_RESUME');
      socket.disconnect(true);
      return;
    }
    // The backlog is the window's, as on /sse and /ws: a resume point it no longer holds is a named gap.
    const backlog = ctx.log.read(asked, { maxEvents: Number.POSITIVE_INFINITY, maxBytes: Number.POSITIVE_INFINITY });
    if (backlog.gap) ctx.accounting.fault('socketio', 'EVENTS_EXPIRED');
    if (backlog.events.length > 0) emit(socket, backlog.events, 1);
    reader.backlogBytes = reader.unsent();
    // What a client emits as `message` goes to every client as it came, as the article's Socket.IO server does
    // (examples/python/socketio_server.py): so `compare --target` measures serve's Socket.IO too. It is a publish,
    // so with a token (serve off loopback) only a client whose handshake carried it may send one, as on POST /publish.
    const mayPublish =
      ctx.publishToken === undefined || authorized(socket.handshake.headers.authorization, ctx.publishToken);
    socket.on(SOCKETIO_EVENT, (value: unknown) => {
      if (!mayPublish) return ctx.accounting.fault('socketio', 'PUBLISH_UNAUTHORIZED');
      const count = receivers();
      io.emit(SOCKETIO_EVENT, value);
      ctx.accounting.eventsWritten('socketio', count);
      ctx.accounting.jsonWritten('socketio', Buffer.byteLength(JSON.stringify(value) ?? '') * count);
    });
  });
  const unsubscribe = ctx.log.subscribe((batch) => {
    const count = receivers();
    if (count > 0) emit(io, batch, count);
  });

  return {
    handle: (req, res) => engine.handleRequest(req, res),
    upgrade: (req, socket, head) => {
      countFirstWrite(socket, (bytes) => ctx.accounting.headerBytes('socketio', bytes, 'response', true));
      engine.handleUpgrade(req, socket as Socket, head);
    },
    close: () => {
      unsubscribe();
      void io.close();
      engine.close();
    },
  };
}
