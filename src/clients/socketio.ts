import { io, type Socket } from 'socket.io-client';
import { nowNs } from '../shared/clock.js';
import { faultCode, socketIoFault } from '../shared/faults.js';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS } from '../shared/backoff.js';
import { CONNECT_TIMEOUT_MS, type TransportClientFactory } from './client-context.js';
import { endpointOf, meteredAgent } from './connector.js';
import { socketIoEventText } from './wire-event.js';
import { readerFor } from './readers.js';

/** The event name a Socket.IO client listens on unless told otherwise (`--socketio-event`). */
export const DEFAULT_SOCKETIO_EVENT = 'message';

/**
 * Socket.IO with `socket.io-client` and its default transports: Engine.IO's HTTP long polling
 * first, then the upgrade to WebSocket. Every request and the upgrade go through an http.Agent
 * whose sockets come from the metered connector, so the handshake's polls are counted like any
 * request. Each event is timestamped when the client hands it over; on a reconnect the client
 * asks (in `auth`) for the events after its last seq, which the demo server honours.
 */
export const createSocketIoClient: TransportClientFactory = (ctx) => {
  const endpoint = endpointOf(ctx.url, ctx.wire);
  // Every HTTP request of the transport goes through the agent: polls and sends are requests, the upgrade a handshake.
  // keepAlive: Engine.IO's polls reuse one connection, as a browser tab's would.
  const agent = meteredAgent(endpoint, ctx.meter, (request) => {
    if (!request.getHeader('upgrade')) ctx.recorder.request();
  });
  let socket: Socket | undefined;
  let stopping = false;
  const reader = readerFor(ctx);
  const route = ctx.route;

  const open = (): Promise<void> =>
    new Promise((resolve) => {
      const client = io(route ? route.url : ctx.url, {
        agent: agent as unknown as string,
        forceNew: true,
        // Socket.IO's own backoff, set as close to the other clients' as it allows: base·2ⁿ ± 50%, at most the cap.
        reconnectionDelay: BACKOFF_BASE_MS,
        reconnectionDelayMax: BACKOFF_CAP_MS,
        randomizationFactor: 0.5,
        // Engine.IO's handshake and the namespace's connect each within the deadline.
        timeout: ctx.answerTimeoutMs ?? CONNECT_TIMEOUT_MS,
        ...(ctx.resumeInAuth ? { auth: (send: (data: object) => void) => send({ since: ctx.recorder.lastSeq }) } : {}),
        // With --deflate every message is compressed, however small, as the Python stacks do.
        perMessageDeflate: ctx.deflate ? { threshold: 0 } : false,
        ...(ctx.conditions.requestHeaders ? { extraHeaders: ctx.conditions.requestHeaders } : {}),
      } as Parameters<typeof io>[1]);
      socket = client;
      client.io.on('open', () => client.io.engine.on('upgrade', () => ctx.recorder.handshake()));
      if (route) {
        // An app's event (or every event) is searched whole, whatever its arguments.
        const onArgs = (...args: unknown[]): void => reader.message(JSON.stringify(args), ctx.recorder, nowNs());
        if (route.event !== undefined) client.on(route.event, onArgs);
        else client.onAny((_event: string, ...args: unknown[]) => onArgs(...args));
      } else {
        client.on(ctx.socketIoEvent ?? DEFAULT_SOCKETIO_EVENT, (value: unknown) => {
          const receivedNs = nowNs();
          reader.message(socketIoEventText(value), ctx.recorder, receivedNs);
        });
      }
      // A server that upgrades but never lets the namespace connect (middleware that never calls next())
      // would leave this waiting: past the deadline the client counts the fault and the phase goes on.
      const deadline = setTimeout(() => {
        if (!stopping) ctx.recorder.fault('CONNECT_TIMEOUT');
        resolve();
      }, ctx.answerTimeoutMs ?? CONNECT_TIMEOUT_MS);
      deadline.unref();
      client.once('connect', () => {
        clearTimeout(deadline);
        resolve();
      });
      client.on('connect_error', (error) => {
        clearTimeout(deadline);
        if (!stopping) ctx.recorder.fault(faultCode(error, 'SOCKETIO_CONNECT_ERROR'));
        // The first attempt failed: the client keeps retrying, but the phase need not wait for it.
        resolve();
      });
      client.on('disconnect', (reason) => {
        if (!stopping) ctx.recorder.fault(socketIoFault(reason));
      });
    });

  return {
    connect: open,
    begin: () => {},
    stop: async () => {
      stopping = true;
      socket?.disconnect();
      agent.destroy();
    },
  };
};
