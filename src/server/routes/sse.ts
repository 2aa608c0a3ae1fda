import type { Duplex } from 'node:stream';
import { sseChunkedEncoder, ssePlainEncoder } from '../encoders.js';
import { subscribeRouteStream } from '../stream-subscriber.js';
import { badRequest, resumePoint, type RouteHandler } from './context.js';

/** How often a stream gets a comment line (`:`), whatever its events. */
export const SSE_HEARTBEAT_MS = 15_000;
const HEARTBEAT = Buffer.from(':\n\n');
const HEARTBEAT_CHUNK = Buffer.from(`${HEARTBEAT.length.toString(16)}\r\n:\n\n\r\n`);

/**
 * `GET /sse`: a text/event-stream with one message per event, `id:` = seq. A reconnecting
 * client resumes after `Last-Event-ID` (or `?since=`), so nothing is lost between streams.
 */
export const handleSse: RouteHandler = (req, res, url, ctx) => {
  const since = resumePoint(req, url);
  if (since === undefined) return badRequest(res, 'Last-Event-ID (or since) must be a whole number');
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    // nginx buffers a proxied response unless told not to; production SSE servers say so on the stream.
    'x-accel-buffering': 'no',
    ...ctx.responseHeaders,
  });
  // Sends the headers now: the client counts the stream as open once they arrive.
  res.flushHeaders();
  // Events are written straight to the socket as body bytes, encoded once per published batch:
  // as HTTP/1.1 chunks, plain for an HTTP/1.0 reader (its stream ends with the connection), or
  // plain into an HTTP/2 stream, whose DATA frames node:http2 writes (the front's tap counts them).
  const stream = (res as unknown as { stream?: Duplex }).stream;
  const socket = stream ?? res.socket;
  if (!socket) return;
  const unsubscribe = subscribeRouteStream('sse', ctx, {
    since,
    socket,
    isOpen: () => !res.writableEnded,
    encoder: res.chunkedEncoding && !stream ? sseChunkedEncoder : ssePlainEncoder,
    // No status can follow a started stream: the connection is reset.
    drop: () => socket.destroy(),
  });
  ctx.accounting.waiting('sse', 1);
  // A comment line now and then keeps a quiet stream alive through a proxy's idle timeout (nginx's
  // proxy_read_timeout is 60 s); its bytes are the stream's, counted at the socket like any other.
  const comment = res.chunkedEncoding && !stream ? HEARTBEAT_CHUNK : HEARTBEAT;
  const heartbeat = setInterval(() => {
    if (!res.writableEnded && !socket.destroyed) socket.write(comment);
  }, SSE_HEARTBEAT_MS);
  heartbeat.unref();
  res.once('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
    ctx.accounting.waiting('sse', -1);
  });
};
