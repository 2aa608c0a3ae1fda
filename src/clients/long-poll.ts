import type { TransportClientFactory } from './client-context.js';
import { createHttpClient } from './http-loop.js';
import { deliverEventArray } from './wire-event.js';

/**
 * Long polling: `GET /long-poll?since=<last seq>&timeout=MS`, re-requested at once after
 * every answer, so one request is always held at the server. The first goes out as soon as the
 * connection is open, before the phase starts: the run waits until the server holds it.
 */
export const createLongPollClient: TransportClientFactory = (ctx) =>
  createHttpClient(ctx, {
    preconnect: true,
    startsAt: 'connect',
    inFlightAtStop: 'abandon',
    run: async (io) => {
      while (!io.signal.aborted) {
        ctx.recorder.request();
        try {
          const { body } = await io.get(`/long-poll?since=${ctx.recorder.lastSeq}&timeout=${ctx.longPollTimeoutMs}`);
          deliverEventArray(await body.text(), ctx.recorder);
        } catch (error) {
          // The held request is abandoned on purpose when the phase ends: not a fault.
          if (io.signal.aborted) return;
          io.fault(error);
          await io.pause();
        }
      }
    },
  });
