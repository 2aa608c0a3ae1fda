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
  // What each write adds to the socket beyond the events' JSON (SSE fields, chunked encoding),
  // read from the socket's own counter around the write.
  const socket = res.socket;
  const write = (events: LoggedEvent[]): void => {
    if (!socket || socket.destroyed) return;
    const before = socket.bytesWritten;
    // Each event is already one complete HTTP chunk, built once when it was published; the
    // response's headers went out with flushHeaders(), so chunks go straight to the socket.
    socket.write(events.length === 1 ? events[0]!.sseChunked : Buffer.concat(events.map((event) => event.sseChunked)));
    const json = events.reduce((sum, event) => sum + Buffer.byteLength(event.json), 0);
    ctx.accounting.framingBytes('sse', socket.bytesWritten - before - json);
    ctx.accounting.eventsWritten('sse', events.length);
  };
  const backlog = ctx.log.after(since);
  if (backlog.length > 0) write(backlog);
  const unsubscribe = ctx.log.subscribe(write);
  ctx.accounting.waiting('sse', 1);
  res.once('close', () => {
    unsubscribe();
    ctx.accounting.waiting('sse', -1);
  });
};
