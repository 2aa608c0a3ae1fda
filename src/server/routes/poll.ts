import { badRequest, bodyFraming, eventsBody, queryInteger, sendJson, type RouteHandler } from './context.js';

/** `GET /poll?since=SEQ`: answers at once with every event after SEQ, possibly none. */
export const handlePoll: RouteHandler = (_req, res, url, ctx) => {
  const since = queryInteger(url, 'since', 0);
  if (since === undefined) return badRequest(res, 'since must be a whole number');
  const events = ctx.log.after(since);
  if (events.length === 0) ctx.accounting.empty('poll');
  ctx.accounting.eventsWritten('poll', events.length);
  ctx.accounting.framingBytes('poll', bodyFraming(events.length));
  sendJson(res, 200, eventsBody(events), ctx.responseHeaders);
};
