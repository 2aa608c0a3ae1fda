import { msUntil, TickSchedule } from '../shared/clock.js';
import { MORE_EVENTS_HEADER } from '../shared/protocol.js';
import { CONNECT_TIMEOUT_MS, routePath, type TransportClientFactory } from './client-context.js';
import { hasHeader } from './text-request.js';
import { createHttpClient } from './http-loop.js';
import { readerFor } from './readers.js';

/** The ticks every poller of this process waits on: pollers due in the same millisecond share a timer. */
const ticks = new TickSchedule();

/**
 * Short polling: every poll interval, starting at this client's seeded phase,
 * `GET /poll?since=<last seq>` (or an app's own list, as it is). One request at a time on one keep-alive connection, opened
 * before the phase starts. An answer cut at the server's limit is followed by another at once.
 */
export const createPollClient: TransportClientFactory = (ctx) => {
  const reader = readerFor(ctx);
  // An app's list is asked for as it is: it has no cursor, so each answer may repeat what came before.
  const appPath = ctx.route && routePath(ctx.route);

  return createHttpClient(ctx, {
    preconnect: true,
    bodyIdleMs: CONNECT_TIMEOUT_MS,
    startsAt: 'begin',
    inFlightAtStop: 'finish',
    // The loop runs on callbacks, on shared ticks, with no promise a poll: with thousands of polls a
    // second, the client's own work per poll is what sets its ceiling (bench/benchmarks/polling-load).
    run: (io, startAtNs) =>
      new Promise<void>((stopped) => {
        // The schedule in milliseconds of performance.now(), the shared clock's start converted once.
        let dueMs = performance.now() + msUntil(startAtNs) + ctx.phaseMs;
        // The slot of the tick this poller waits on, while it waits.
        let slot = -1;
        let inFlight = false;
        // Stopping: a wait ends at once; a poll in flight is let finish, its answer read.
        io.signal.addEventListener(
          'abort',
          () => {
            if (slot >= 0) ticks.cancel(dueMs, slot);
            if (!inFlight) stopped();
          },
          { once: true },
        );
        const poll = (): void => {
          slot = -1;
          if (io.signal.aborted) stopped();
          else if (dueMs > performance.now()) slot = ticks.at(dueMs, poll);
          else {
            inFlight = true;
            ctx.recorder.request();
            io.sendText(appPath ?? `/poll?since=${ctx.recorder.lastSeq}`, ctx.limits.bodyBytes, answered);
          }
        };
        const answered = (error: Error | undefined, text: string, rawHeaders: Buffer[]): void => {
          inFlight = false;
          let more = false;
          if (error) io.fault(error);
          else more = reader.answer(text, ctx.recorder) > 0 && hasHeader(rawHeaders, MORE_EVENTS_HEADER);
          // An answer cut at the server's limit: the rest is asked for at once.
          if (!more) {
            // The interval is read at every tick: a session may change it mid-run.
            const step = ctx.conditions.pollIntervalMs;
            dueMs += step;
            // A poll slower than the interval skips the ticks it overran, as a real poller would.
            const now = performance.now();
            if (dueMs <= now) dueMs += (Math.floor((now - dueMs) / step) + 1) * step;
          }
          poll();
        };
        poll();
      }),
  });
};
