import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PAGE_HTML } from '../page/page-html.js';
import { sendJson, type RouteHandler } from './context.js';

const require = createRequire(import.meta.url);
let socketIoClient: Buffer | undefined;

/** `GET /`: the classroom page: every transport run by the browser itself against this server. */
export const handlePage: RouteHandler = (_req, res) => {
  const body = Buffer.from(PAGE_HTML);
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': body.length,
  });
  res.end(body);
};

/** `GET /socket.io.min.js`: the Socket.IO client the page uses, served from here (no CDN at view time). */
export const handleSocketIoClient: RouteHandler = (_req, res) => {
  try {
    // The package exports no path to its browser bundle: it stands in dist/ beside the entry's package root.
    const entry = require.resolve('socket.io-client');
    const root = entry.slice(0, entry.lastIndexOf('socket.io-client') + 'socket.io-client'.length);
    socketIoClient ??= readFileSync(join(root, 'dist', 'socket.io.min.js'));
  } catch {
    return sendJson(res, 404, JSON.stringify({ error: 'the Socket.IO client is not installed beside the server' }));
  }
  res.writeHead(200, {
    'content-type': 'text/javascript; charset=utf-8',
    'cache-control': 'max-age=3600',
    'content-length': socketIoClient.length,
  });
  res.end(socketIoClient);
};
