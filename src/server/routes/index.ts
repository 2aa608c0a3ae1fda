import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Transport } from '../../shared/transports.js';
import type { RouteContext, RouteHandler } from './context.js';
import { createLongPollHandler } from './long-poll.js';
import { handlePoll } from './poll.js';
import { handleSse } from './sse.js';
import { createWsHandler } from './ws.js';

/** A transport's route, made for one server: an HTTP handler, or an upgrade handler, and how to close it. */
export type MountedRoute =
  | { handle: RouteHandler; close?(): void }
  | { upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void; close(): void };

/** The server's part of a transport: its path, and how to mount it on a server's context. */
export interface TransportRoute {
  path: string;
  mount(ctx: RouteContext): MountedRoute;
}

/** Each transport's route, by the registry's id (src/shared/transports.ts). */
export const TRANSPORT_ROUTES: Record<Transport, TransportRoute> = {
  poll: { path: '/poll', mount: () => ({ handle: handlePoll }) },
  'long-poll': { path: '/long-poll', mount: createLongPollHandler },
  sse: { path: '/sse', mount: () => ({ handle: handleSse }) },
  ws: { path: '/ws', mount: createWsHandler },
};
