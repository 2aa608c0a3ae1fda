import type { ServerResponse } from 'node:http';
import type { LoggedEvent } from '../event-log.js';
import { badRequest, bodyFraming, eventsBody, queryInteger, sendJson, type RouteContext, type RouteHandler } from './context.js';

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

  const unsubscribe = ctx.log.subscribe((batch: LoggedEvent[]) => {
    const first = batch[0]!;
    // Every held request is answered with one body per distinct `since`, encoded once.
    const bodies = new Map<number, { body: string; count: number }>();
    for (const request of [...held]) {
      let answer = bodies.get(request.since);
      if (!answer) {
        const events = request.since === first.seq - 1 ? batch : ctx.log.after(request.since);
        answer = { body: eventsBody(events), count: events.length };
        bodies.set(request.since, answer);
      }
      // A client ahead of the log (it asked past the head) keeps waiting.
      if (answer.count === 0 || !release(request)) continue;
      ctx.accounting.eventsWritten('long-poll', answer.count);
      ctx.accounting.framingBytes('long-poll', bodyFraming(answer.count));
      sendJson(request.res, 200, answer.body, ctx.responseHeaders);
    }
  });

  const handle: RouteHandler = (_req, res, url) => {
    const since = queryInteger(url, 'since', 0);
    const timeoutMs = queryInteger(url, 'timeout', ctx.defaultLongPollTimeoutMs);
    if (since === undefined) return badRequest(res, 'since must be a whole number');
    if (timeoutMs === undefined) return badRequest(res, 'timeout must be a whole number of milliseconds');
    const events = ctx.log.after(since);
    if (events.length > 0) {
      ctx.accounting.eventsWritten('long-poll', events.length);
      ctx.accounting.framingBytes('long-poll', bodyFraming(events.length));
      return sendJson(res, 200, eventsBody(events), ctx.responseHeaders);
    }
    const request: HeldRequest = {
      since,
      res,
      timer: setTimeout(() => {
        if (!release(request)) return;
        ctx.accounting.empty('long-poll');
        ctx.accounting.framingBytes('long-poll', bodyFraming(0));
        sendJson(res, 200, '[]', ctx.responseHeaders);
      }, Math.min(timeoutMs, ctx.maxLongPollTimeoutMs)),
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
