import type { Transport } from '../shared/transports.js';
import type { TransportClientFactory } from './client-context.js';
import { createLongPollClient } from './long-poll.js';
import { createPollClient } from './poll.js';
import { createSocketIoClient } from './socketio.js';
import { createSseClient } from './sse.js';
import { createWsClient } from './ws.js';

/** Each transport's client, by the registry's id (src/shared/transports.ts). */
export const CLIENTS: Record<Transport, TransportClientFactory> = {
  poll: createPollClient,
  'long-poll': createLongPollClient,
  sse: createSseClient,
  ws: createWsClient,
  socketio: createSocketIoClient,
};
