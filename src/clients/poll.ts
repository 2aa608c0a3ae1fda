import { msUntil, sleeper } from '../shared/clock.js';
import { MORE_EVENTS_HEADER } from '../shared/protocol.js';
import { CONNECT_TIMEOUT_MS, routePath, type TransportClientFactory } from './client-context.js';
import { hasHeader } from './text-request.js';
import { createHttpClient, type HttpIo } from './http-loop.js';
import { readerFor } from './readers.js';

/**
 * Short polling: every poll interval, starting at this client's seeded phase,
 * `GET /poll?since=<last seq>` (or an app's own list, as it is). One request at a time on one keep-alive connection, opened
 * before the phase starts. An answer cut at the server's limit is followed by another at once.
 */
export const createPollClient: TransportClientFactory = (ctx) => {
  const reader = readerFor(ctx);
  // An app's list is asked for as it is: it has no cursor, so each answer may repeat what came before.
  const appPath = ctx.route && routePath(ctx.route);
  /** Polls once; true when the server said more events are waiting. */
  const pollOnce = async (io: HttpIo): Promise<boolean> => {
    ctx.recorder.request();
    try {
      const { rawHeaders, text } = await io.getText(
        appPath ?? `/poll?since=${ctx.recorder.lastSeq}`,
        ctx.limits.bodyBytes,
      );
      return reader.answer(text, ctx.recorder) > 0 && hasHeader(rawHeaders, MORE_EVENTS_HEADER);
    } catch (error) {
      io.fault(error);
      return false;
    }
  };

  return createHttpClient(ctx, {
    preconnect: true,
    bodyIdleMs: CONNECT_TIMEOUT_MS,
    startsAt: 'begin',
    inFlightAtStop: 'finish',
    run: async (io, startAtNs) => {
      // The schedule in milliseconds of performance.now(), the shared clock's start converted once.
      let dueMs = performance.now() + msUntil(startAtNs) + ctx.phaseMs;
      // One sleeper for the client's life: a poll's wait adds no listener and, once behind, no timer.
      const sleep = sleeper(io.signal);
      for (;;) {
        // Behind its schedule (a loaded machine) a poller asks again at once, with no wait to make.
        if (dueMs > performance.now()) await sleep(dueMs);
        if (io.signal.aborted) return;
        while ((await pollOnce(io)) && !io.signal.aborted);
        // The interval is read at every tick: a session may change it mid-run.
        const step = ctx.conditions.pollIntervalMs;
        dueMs += step;
        // A poll slower than the interval skips the ticks it overran, as a real poller would.
        const now = performance.now();
        if (dueMs <= now) dueMs += (Math.floor((now - dueMs) / step) + 1) * step;
      }
    },
  });
};
