import { CONNECT_TIMEOUT_MS, routePath, type TransportClientFactory } from './client-context.js';
import { createHttpClient } from './http-loop.js';
import { readerFor } from './readers.js';

/**
 * Long polling: `GET /long-poll?since=<last seq>&timeout=MS`, re-requested at once after
 * every answer, so one request is always held at the server. The first goes out as soon as the
 * connection is open, before the phase starts: the run waits until the server holds it. An
 * app's route is asked as it is; an answer from it with nothing new is followed by a pause.
 */
export const createLongPollClient: TransportClientFactory = (ctx) => {
  const reader = readerFor(ctx);
  // An app's route holds as long as the app says: --long-poll-timeout is the longest the client waits for it.
  const appPath = ctx.route && routePath(ctx.route);
  return createHttpClient(ctx, {
    preconnect: true,
    bodyIdleMs: CONNECT_TIMEOUT_MS,
    startsAt: 'connect',
    inFlightAtStop: 'abandon',
    run: async (io) => {
      while (!io.signal.aborted) {
        ctx.recorder.request();
        try {
          const path = appPath ?? `/long-poll?since=${ctx.recorder.lastSeq}&timeout=${ctx.longPollTimeoutMs}`;
          const { text } = await io.getText(path, ctx.limits.bodyBytes, ctx.longPollTimeoutMs);
          const fresh = reader.answer(text, ctx.recorder);
          // An app's route that answers at once with nothing new does not hold: asked again after a pause, not in a
          // loop as fast as the app can answer.
          if (appPath && fresh === 0) await io.pause();
        } catch (error) {
          // The held request is abandoned on purpose when the phase ends: not a fault.
          if (io.signal.aborted) return;
          io.fault(error);
          await io.pause();
        }
      }
    },
  });
};
