import { badRequest, resumePoint, sendSlice, type RouteHandler } from './context.js';

/** `GET /poll?since=SEQ`: answers at once with the events after SEQ (a bounded slice), possibly none. */
export const handlePoll: RouteHandler = (req, res, url, ctx) => {
  const since = resumePoint(req, url);
  if (since === undefined) return badRequest(res, 'since (or Last-Event-ID) must be a whole number');
  sendSlice(res, ctx.log.read(since, ctx.responseLimit), ctx, 'poll');
};
