import type { IncomingMessage, Server as Http1Server } from 'node:http';
import type { Http2Server, Http2ServerRequest, Http2Session } from 'node:http2';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import type { RunCertificate } from './certificate.js';
import { H2_PREFACE, H2FrameTap, type FrameListener } from './h2-tap.js';

/** How the demo server speaks on its one port. */
export interface WireSetup {
  /** Serve HTTPS and WSS with this certificate; cleartext when absent. */
  certificate?: RunCertificate;
  /** Take HTTP/2 (h2 by ALPN under TLS, h2c by prior knowledge in cleartext) beside HTTP/1.1. */
  http2: boolean;
}

/** What the front tells the accounting: sockets accepted, HTTP/2 frames seen, handshakes failed. */
export interface FrontListener {
  accepted(raw: Socket): void;
  frame(raw: Socket, ...frame: Parameters<FrameListener>): void;
  tlsFailed(raw: Socket, error: NodeJS.ErrnoException): void;
}

/** The raw TCP socket beneath a TLS socket or an HTTP/2 session. */
const RAW_SOCKET = Symbol('pvp.rawSocket');
type Layered = { [RAW_SOCKET]?: Socket };

/**
 * The raw TCP socket a request came on, whatever layers sit above it (TLS, an HTTP/2 session):
 * bytes are counted there, so a packet capture of the port agrees.
 */
export function rawSocketOf(req: IncomingMessage | Http2ServerRequest): Socket {
  const session = (req as Http2ServerRequest).stream?.session as (Http2Session & Layered) | undefined;
  return session?.[RAW_SOCKET] ?? (req.socket as Socket & Layered)[RAW_SOCKET] ?? (req.socket as Socket);
}

/** The raw TCP socket beneath `socket` (itself when nothing is layered on it). */
export function underlyingSocket(socket: Duplex): Socket {
  return (socket as Socket & Layered)[RAW_SOCKET] ?? (socket as Socket);
}

/** The accepting side of the demo server: one TCP listener, then TLS, then HTTP/1.1 or HTTP/2. */
export interface Front {
  /** Listens on the port; every accepted socket is counted before any protocol reads it. */
  listener: TcpServer;
  /** Drops every connection, whatever speaks on it (closing the listener is the caller's). */
  close(): void;
}

/**
 * One metered acceptor for every wire: a plain TCP server takes each connection and hands the
 * counted socket up — to TLS first when there is a certificate, then to node:http (HTTP/1.1,
 * WebSocket upgrades) or node:http2 (chosen by ALPN, or by the h2c preface in cleartext). An
 * HTTP/2 connection passes through a frame tap, so its HPACK-encoded header bytes are seen.
 */
export function createFront(
  wire: WireSetup,
  http1: Http1Server,
  http2: Http2Server | undefined,
  listener: FrontListener,
): Front {
  const open = new Set<Socket>();

  const toHttp2 = (raw: Socket, socket: Socket | TLSSocket): void => {
    const tap = new H2FrameTap(socket, (...frame) => listener.frame(raw, ...frame));
    // node:http2 starts the session inside this emit: mark it before any request is parsed.
    http2!.once('session', (session) => {
      (session as Http2Session & Layered)[RAW_SOCKET] = raw;
    });
    http2!.emit('connection', tap);
  };

  const tls = wire.certificate
    ? createTlsServer({
        key: wire.certificate.key,
        cert: wire.certificate.cert,
        ALPNProtocols: http2 ? ['h2', 'http/1.1'] : ['http/1.1'],
      })
    : undefined;
  tls?.on('secureConnection', (socket: TLSSocket) => {
    const raw = (socket as TLSSocket & { _parent?: Socket })._parent!;
    (socket as TLSSocket & Layered)[RAW_SOCKET] = raw;
    // A client that has closed its side reads nothing more: answering its close_notify with ours
    // would put bytes on the wire no client counts, so the connection is let go without them.
    socket.once('end', () => socket.destroy());
    if (http2 && socket.alpnProtocol === 'h2') toHttp2(raw, socket);
    else http1.emit('connection', socket);
  });
  tls?.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) => {
    const raw = (socket as TLSSocket & { _parent?: Socket })._parent;
    if (raw) listener.tlsFailed(raw, error);
  });

  /** Cleartext with HTTP/2 on: the first bytes tell an h2c preface from an HTTP/1.1 request. */
  const sniff = (raw: Socket): void => {
    let seen = Buffer.alloc(0);
    const onReadable = (): void => {
      for (let chunk = raw.read() as Buffer | null; chunk !== null; chunk = raw.read() as Buffer | null) {
        seen = Buffer.concat([seen, chunk]);
      }
      const compared = Math.min(seen.length, H2_PREFACE.length);
      const h2 = seen.subarray(0, compared).equals(H2_PREFACE.subarray(0, compared));
      if (h2 && compared < H2_PREFACE.length) return; // a preface in pieces: wait for the rest
      raw.off('readable', onReadable);
      raw.unshift(seen);
      if (h2) toHttp2(raw, raw);
      else http1.emit('connection', raw);
    };
    raw.on('readable', onReadable);
  };

  const tcp = createTcpServer({ noDelay: true }, (raw) => {
    open.add(raw);
    raw.once('close', () => open.delete(raw));
    listener.accepted(raw);
    if (tls) tls.emit('connection', raw);
    else if (http2) sniff(raw);
    else http1.emit('connection', raw);
  });
  // node:http sets up its connection tracking (closeAllConnections, header timeouts) on 'listening'.
  tcp.once('listening', () => http1.emit('listening'));

  return {
    listener: tcp,
    close: () => {
      http1.closeAllConnections();
      for (const raw of open) raw.destroy();
    },
  };
}
