import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { PvpError } from '../shared/errors.js';
import { faultCode } from '../shared/faults.js';
import { Accounting, type Attribution } from './accounting.js';
import { BrowserTally } from './browsers.js';
import type { RunCertificate } from './certificate.js';
import { createFront, rawSocketOf, underlyingSocket } from './front.js';
import { DEFAULT_LOG_WINDOW, EventLog, type LogWindow, type ReadLimit } from './event-log.js';
import { requestHeadBytes, responseHeadBytes } from './http1-heads.js';
import { extraResponseHeaders, type ResponseProfile } from './response-headers.js';
import { handleHealth, handlePublish, handleRate, handleStats, handleTime } from './routes/control.js';
import { handlePage, handleSocketIoClient } from './routes/page.js';
import { MORE_EVENTS_HEADER, OLDEST_SEQ_HEADER } from '../shared/protocol.js';
import type { RateControl, RouteContext, RouteHandler } from './routes/context.js';
import { TRANSPORT_ROUTES, type MountedRoute } from './routes/index.js';
import { TRANSPORTS, type Transport } from '../shared/transports.js';

/** How to start the demo server. */
export interface DemoServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Hold used when a long-poll request names no timeout, in milliseconds. */
  defaultLongPollTimeoutMs: number;
  /** Size of `data` in events published through `POST /publish`, in bytes. */
  payloadBytes: number;
  /** Which headers responses carry beyond node:http's own (default minimal). */
  responseProfile?: ResponseProfile;
  /** How much history the event log keeps (default DEFAULT_LOG_WINDOW). */
  logWindow?: LogWindow;
  /** The log to serve from the start: a restarted server's, handed over (absent: an empty one). */
  log?: EventLog;
  /** What one polling answer may carry (default DEFAULT_RESPONSE_LIMIT). */
  responseLimit?: ReadLimit;
  /** Bytes an SSE or WebSocket subscriber may leave unread before it is dropped (default 8 MiB). */
  maxSubscriberBufferBytes?: number;
  /** When set, `POST /publish` needs `Authorization: Bearer <token>`. */
  publishToken?: string;
  /** Negotiate permessage-deflate on WebSocket (each subscriber's frames then compressed for it). */
  deflate?: boolean;
  /** Serve HTTPS and WSS with this certificate (`--tls`). */
  certificate?: RunCertificate;
  /** Take HTTP/2 beside HTTP/1.1 (`--http2`): h2 by ALPN under TLS, h2c by its preface in cleartext. */
  http2?: boolean;
  /** How long a connection may stay without a whole request head before it is closed (default 60 s). */
  headersTimeoutMs?: number;
}

/** One polling answer carries at most this much; the client asks again for the rest. */
export const DEFAULT_RESPONSE_LIMIT: ReadLimit = { maxEvents: 10_000, maxBytes: 1024 * 1024 };
/** A subscriber that leaves more than this unread is dropped as too slow. */
export const DEFAULT_MAX_SUBSCRIBER_BUFFER_BYTES = 8 * 1024 * 1024;

/**
 * Connections the kernel may queue before the server accepts them: a crowd connecting at once
 * must not overflow it (the kernel caps it at net.core.somaxconn, 4096 on most current Linux).
 */
const LISTEN_BACKLOG = 65_535;

// Any origin may read the event routes (a page elsewhere can subscribe); publishing still needs the token.
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': `${OLDEST_SEQ_HEADER}, ${MORE_EVENTS_HEADER}`,
};
const PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, cache-control, last-event-id',
  'access-control-max-age': '86400',
};

/** A running demo server. */
export interface DemoServer {
  log: EventLog;
  accounting: Accounting;
  host: string;
  port: number;
  /** Base URL, e.g. http://127.0.0.1:43123 */
  url: string;
  /** Lets `POST /rate` (a teacher's control) change the running publisher's rate, and `/stats` show it. */
  steerRate(control: RateControl): void;
  /** Resets every open connection of `route` (fault injection); returns how many. */
  dropConnections(route: Attribution): number;
  close(): Promise<void>;
}

/** The routes, for `serve` to print and for 404 answers. */
export const ROUTES = [
  'GET  /poll?since=SEQ                  short poll: answers at once',
  'GET  /long-poll?since=SEQ&timeout=MS  held until an event after SEQ or the timeout',
  'GET  /sse                             text/event-stream (honours Last-Event-ID)',
  'WS   /ws?since=SEQ                    one text frame per event',
  'GET  /socket.io/                      Socket.IO (Engine.IO polling, then the upgrade)',
  'GET  /time  GET /stats  GET /health  POST /publish',
];

/** The request's target as a URL, or undefined when it cannot be parsed (a hostile or broken client). */
function requestUrl(req: IncomingMessage): URL | undefined {
  try {
    return new URL(req.url ?? '/', 'http://demo');
  } catch {
    return undefined;
  }
}

// Long polls may be held for up to an hour; Node's own timeouts must not cut them first.
const MAX_LONG_POLL_TIMEOUT_MS = 3_600_000;

/** Starts the demo server: one node:http server, one port, every transport's route. */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const log = options.log ?? new EventLog(options.logWindow ?? DEFAULT_LOG_WINDOW);
  const accounting = new Accounting();
  const browsers = new BrowserTally();
  const ctx: RouteContext = {
    log,
    accounting,
    maxLongPollTimeoutMs: MAX_LONG_POLL_TIMEOUT_MS,
    defaultLongPollTimeoutMs: options.defaultLongPollTimeoutMs,
    payloadBytes: options.payloadBytes,
    responseHeaders: extraResponseHeaders(options.responseProfile ?? 'minimal'),
    responseLimit: options.responseLimit ?? DEFAULT_RESPONSE_LIMIT,
    maxSubscriberBufferBytes: options.maxSubscriberBufferBytes ?? DEFAULT_MAX_SUBSCRIBER_BUFFER_BYTES,
    ...(options.publishToken !== undefined ? { publishToken: options.publishToken } : {}),
    deflate: Boolean(options.deflate),
    browsers,
  };
  // Each transport's route from the registry, then the control routes.
  const mounted = TRANSPORTS.map((transport) => ({
    transport,
    spec: TRANSPORT_ROUTES[transport],
    route: TRANSPORT_ROUTES[transport].mount(ctx),
  }));
  const routes: Record<string, { methods: readonly string[]; route: Attribution; handle: RouteHandler }> = {
    '/time': { methods: ['GET'], route: 'control', handle: handleTime },
    '/stats': { methods: ['GET'], route: 'control', handle: handleStats },
    '/health': { methods: ['GET'], route: 'control', handle: handleHealth },
    '/publish': { methods: ['POST'], route: 'control', handle: handlePublish },
    '/rate': { methods: ['POST'], route: 'control', handle: handleRate },
    '/': { methods: ['GET'], route: 'control', handle: handlePage },
    '/socket.io.min.js': { methods: ['GET'], route: 'control', handle: handleSocketIoClient },
    '/favicon.ico': { methods: ['GET'], route: 'control', handle: (_req, res) => res.writeHead(204).end() },
  };
  const upgrades: Record<string, { transport: Transport; upgrade: NonNullable<MountedRoute['upgrade']> }> = {};
  for (const { transport, spec, route } of mounted) {
    if (route.handle) routes[spec.path] = { methods: spec.methods ?? ['GET'], route: transport, handle: route.handle };
    if (route.upgrade) upgrades[spec.path] = { transport, upgrade: route.upgrade };
  }

  const server: Server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 });
  // Pollers sit idle between requests; keep their connections open as a browser's would be.
  server.headersTimeout = options.headersTimeoutMs ?? 60_000;
  const http2 = options.http2 ? createHttp2Server() : undefined;
  const front = createFront(
    { ...(options.certificate ? { certificate: options.certificate } : {}), http2: Boolean(options.http2) },
    server,
    http2,
    {
      accepted: (raw) => accounting.adopt(raw),
      frame: (raw, _direction, type, streamId, bytes) => accounting.h2Frame(raw, type, streamId, bytes),
      tlsFailed: (raw, error) => accounting.fault(accounting.attributionOf(raw), faultCode(error)),
    },
  );
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const url = requestUrl(req);
    const entry = url ? routes[url.pathname] : undefined;
    const socket = rawSocketOf(req);
    const route = accounting.attribute(socket, entry?.route ?? 'control');
    const first = accounting.request(route, socket);
    // HTTP/1.1 heads are read here; HTTP/2's HEADERS frames are counted as they cross the front's tap.
    const http1 = req.httpVersionMajor < 2;
    const headBytes = http1 ? requestHeadBytes(req) : 0;
    accounting.headerBytes(route, headBytes, 'request', first);
    // A classroom page names itself (?client=): its real request and response heads are counted for it too.
    const client = url && http1 ? BrowserTally.idOf(url) : undefined;
    // A browser reuses one connection for several routes: its own figures go by the request's route.
    const asked = entry?.route ?? 'control';
    if (client) browsers.request(client, asked, headBytes);
    res.once('close', () => {
      if (!http1) return;
      const bytes = responseHeadBytes(res);
      accounting.headerBytes(route, bytes, 'response', first);
      if (client) browsers.response(client, asked, bytes);
    });
    // Only requests that name an origin (a browser's cross-origin ones) get the CORS headers, so
    // the bytes of every other exchange stay what a same-origin client pays.
    if (req.headers.origin !== undefined) {
      for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, PREFLIGHT_HEADERS).end();
      return;
    }
    if (!url) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request target\n');
      return;
    }
    if (!entry) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found; routes:\n${ROUTES.join('\n')}\n`);
      return;
    }
    if (!entry.methods.includes(req.method ?? '')) {
      res.writeHead(405, { allow: entry.methods.join(', ') }).end();
      return;
    }
    entry.handle(req, res, url, ctx);
  };
  server.on('request', onRequest);
  // node:http2's compatibility request and response speak the subset of node:http's the routes use.
  http2?.on('request', onRequest as unknown as (...args: unknown[]) => void);
  http2?.on('sessionError', (error: NodeJS.ErrnoException) => accounting.fault('unattributed', faultCode(error)));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = requestUrl(req);
    const entry = url ? upgrades[url.pathname] : undefined;
    if (!url || !entry) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    accounting.attribute(rawSocketOf(req), entry.transport);
    const headBytes = requestHeadBytes(req);
    accounting.headerBytes(entry.transport, headBytes, 'request', true);
    const client = BrowserTally.idOf(url);
    if (client) browsers.request(client, entry.transport, headBytes);
    entry.upgrade(req, socket, head, url);
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    accounting.fault(accounting.attributionOf(underlyingSocket(socket)), faultCode(error));
    // As node:http answers by itself: 431 for an oversize head, 400 for anything unparsable.
    if (socket.writable && !(socket as Socket).bytesWritten) {
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    }
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    front.listener.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new PvpError(
            'PVP_ERR_PORT_IN_USE',
            `--port: ${options.port} is already in use on ${options.host}; choose another or omit --port for a ` +
              `free one`,
          ),
        );
      } else if (error.code === 'EACCES') {
        reject(
          new PvpError(
            'PVP_ERR_BAD_HOST',
            `--port: ${options.port} needs privileges this user does not have (EACCES); use a port above 1023 or ` +
              `omit --port`,
          ),
        );
      } else if (['EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME'].includes(error.code ?? '')) {
        reject(
          new PvpError(
            'PVP_ERR_BAD_HOST',
            `--host: '${options.host}' is not an address of this machine (${error.code}); use 127.0.0.1, ::1 or ` +
              `another local address`,
          ),
        );
      } else {
        reject(
          new PvpError(
            'PVP_ERR_SERVER_START',
            `the demo server could not listen on ${options.host}:${options.port} (${error.code ?? error.message})`,
          ),
        );
      }
    });
    front.listener.listen({ port: options.port, host: options.host, backlog: LISTEN_BACKLOG }, () => resolve());
  });
  const address = front.listener.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    log,
    accounting,
    host: address.address,
    port: address.port,
    url: `${options.certificate ? 'https' : 'http'}://${hostForUrl}:${address.port}`,
    steerRate: (control) => {
      ctx.rate = control;
    },
    dropConnections: (route) => {
      const sockets = accounting.openSockets(route);
      for (const socket of sockets) socket.resetAndDestroy();
      return sockets.length;
    },
    close: async () => {
      for (const { route } of mounted) route.close?.();
      const closed = new Promise<void>((resolve) => front.listener.close(() => resolve()));
      front.close();
      // node:http's own connection check stops with its close; it never listened, so the error is expected.
      server.close(() => {});
      await closed;
    },
  };
}
