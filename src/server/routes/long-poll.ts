import type { ServerResponse } from 'node:http';
import type { LogSlice } from '../event-log.js';
import { badRequest, queryInteger, resumePoint, sendSlice, type RouteContext, type RouteHandler } from './context.js';

interface HeldRequest {
  since: number;
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

/**
 * `GET /long-poll?since=SEQ&timeout=MS`: answers at once when an event after SEQ exists,
 * otherwise holds the request until one is published or the timeout passes (then `[]`).
 */
export function createLongPollHandler(ctx: RouteContext): { handle: RouteHandler; close: () => void } {
  const held = new Set<HeldRequest>();

  const release = (request: HeldRequest): boolean => {
    if (!held.delete(request)) return false;
    clearTimeout(request.timer);
    ctx.accounting.waiting('long-poll', -1);
    return true;
  };

  const unsubscribe = ctx.log.subscribe(() => {
    // Held requests that asked from the same seq share one slice, read once.
    const slices = new Map<number, LogSlice>();
    for (const request of [...held]) {
      let slice = slices.get(request.since);
      if (!slice) {
        slice = ctx.log.read(request.since, ctx.responseLimit);
        slices.set(request.since, slice);
      }
      // A client ahead of the log (it asked past the head) keeps waiting.
      if (slice.events.length === 0 || !release(request)) continue;
      sendSlice(request.res, slice, ctx, 'long-poll');
    }
  });

  const handle: RouteHandler = (req, res, url) => {
    const since = resumePoint(req, url);
    const timeoutMs = queryInteger(url, 'timeout', ctx.defaultLongPollTimeoutMs);
    if (since === undefined) return badRequest(res, 'since (or Last-Event-ID) must be a whole number');
    if (timeoutMs === undefined) return badRequest(res, 'timeout must be a whole number of milliseconds');
    const slice = ctx.log.read(since, ctx.responseLimit);
    if (slice.events.length > 0) return sendSlice(res, slice, ctx, 'long-poll');
    const request: HeldRequest = {
      since,
      res,
      timer: setTimeout(
        () => {
          if (release(request)) sendSlice(res, ctx.log.read(since, ctx.responseLimit), ctx, 'long-poll');
        },
        Math.min(timeoutMs, ctx.maxLongPollTimeoutMs),
      ),
    };
    held.add(request);
    ctx.accounting.waiting('long-poll', 1);
    // A client that gives up (closes its socket) is no longer waiting.
    res.once('close', () => release(request));
  };

  const close = (): void => {
    unsubscribe();
    for (const request of [...held]) release(request);
  };

  return { handle, close };
}
