import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Transport } from '../../shared/transports.js';
import type { RouteContext, RouteHandler } from './context.js';
import { createLongPollHandler } from './long-poll.js';
import { handlePoll } from './poll.js';
import { handleSse } from './sse.js';
import { createSocketIoHandler } from './socketio.js';
import { createWsHandler } from './ws.js';

/** A transport's route, made for one server: an HTTP handler, an upgrade handler or both, and how to close it. */
export interface MountedRoute {
  handle?: RouteHandler;
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void;
  close?(): void;
}

/**
 * The server's part of a transport: its path, the HTTP methods it answers, and how to mount it on a server's context.
 */
export interface TransportRoute {
  path: string;
  /** HTTP methods its handler answers (default GET). */
  methods?: readonly string[];
  mount(ctx: RouteContext): MountedRoute;
}

/** Each transport's route, by the registry's id (src/shared/transports.ts). */
export const TRANSPORT_ROUTES: Record<Transport, TransportRoute> = {
  poll: { path: '/poll', mount: () => ({ handle: handlePoll }) },
  'long-poll': { path: '/long-poll', mount: createLongPollHandler },
  sse: { path: '/sse', mount: () => ({ handle: handleSse }) },
  ws: { path: '/ws', mount: createWsHandler },
  // Engine.IO polls with GET and sends with POST before it upgrades.
  socketio: { path: '/socket.io/', methods: ['GET', 'POST'], mount: createSocketIoHandler },
};
