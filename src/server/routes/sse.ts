import type { LoggedEvent } from '../event-log.js';
import { badRequest, type RouteHandler } from './context.js';

/**
 * `GET /sse`: a text/event-stream with one message per event, `id:` = seq. A reconnecting
 * client resumes after `Last-Event-ID` (or `?since=`), so nothing is lost between streams.
 */
export const handleSse: RouteHandler = (req, res, url, ctx) => {
  const resumeFrom = req.headers['last-event-id'] ?? url.searchParams.get('since') ?? '0';
  const since = /^\d+$/.test(String(resumeFrom)) ? Number(resumeFrom) : undefined;
  if (since === undefined) return badRequest(res, 'Last-Event-ID must be a whole number');
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    ...ctx.responseHeaders,
  });
  // Sends the headers now: the client counts the stream as open once they arrive.
  res.flushHeaders();
  const backlog = ctx.log.after(since);
  if (backlog.length > 0) {
    res.write(backlog.map((event) => event.sseChunk).join(''));
    ctx.accounting.eventsWritten('sse', backlog.length);
  }
  const unsubscribe = ctx.log.subscribe((event: LoggedEvent) => {
    res.write(event.sseChunk);
    ctx.accounting.eventsWritten('sse', 1);
  });
  ctx.accounting.waiting('sse', 1);
  res.once('close', () => {
    unsubscribe();
    ctx.accounting.waiting('sse', -1);
  });
};
