import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * What HTTP/1.1 heads weigh on the wire, as node:http reads and writes them: the part of the
 * accounting that knows the HTTP/1.1 encoding. (Under HTTP/2 a stream owns no socket and its
 * headers are HPACK-encoded; that encoder will report its own.)
 */

const readUpTo = new WeakMap<Socket, number>();

/**
 * Bytes of the request head just parsed: clients send bodiless GETs one at a time per
 * connection, so what the socket read since the previous request is exactly this head.
 */
export function requestHeadBytes(req: IncomingMessage): number {
  const socket = req.socket;
  const previous = readUpTo.get(socket) ?? 0;
  readUpTo.set(socket, socket.bytesRead);
  return socket.bytesRead - previous;
}

/**
 * Bytes of the response head node:http wrote, 0 before it was sent. node:http keeps the exact
 * head it wrote (status line, every header, the blank line) on the response; nothing public says it.
 */
export function responseHeadBytes(res: ServerResponse): number {
  if (!res.headersSent) return 0;
  return Buffer.byteLength((res as unknown as { _header?: string })._header ?? '');
}
