import type { Socket } from 'node:net';
import { faultCode, type FaultCode } from '../shared/faults.js';
import type { Transport } from '../shared/transports.js';
import { AcceptRate } from './accept-rate.js';

/** What a socket is attributed to: a transport, the control routes, or nothing yet. */
export type Attribution = Transport | 'control' | 'unattributed';

/** Server-side counters of one attribution, plain data for IPC and `/stats`. */
export interface RouteStats {
  requests: number;
  empty: number;
  connections: number;
  handshakes: number;
  eventsWritten: number;
  /** Bytes of HTTP request and response heads (and WebSocket handshakes), read off the wire. */
  headerBytes: number;
  /** Of headerBytes, those of each connection's first exchange (HTTP/2's HPACK table is empty then). */
  firstHeaderBytes: number;
  /** Connections whose first exchange (a request and its answer, or a handshake) was counted. */
  firstExchanges: number;
  /**
   * Bytes written around event JSON: WebSocket frame headers, SSE fields, JSON array punctuation, HTTP/2 DATA frame
   * headers.
   */
  framingBytes: number;
  /**
   * HTTP/2 connection upkeep both ways: the preface, SETTINGS, WINDOW_UPDATE, PING, RST_STREAM, GOAWAY (0 on HTTP/1.1).
   */
  controlBytes: number;
  bytesRead: number;
  bytesWritten: number;
  openSockets: number;
  /** Long-poll requests held right now, SSE streams and WebSockets subscribed right now. */
  waiting: number;
  errors: Record<string, number>;
}

/** The counters as kept: bytes of closed sockets so far, the open sockets (read live), faults in a map. */
interface Tally extends Omit<RouteStats, 'bytesRead' | 'bytesWritten' | 'openSockets' | 'errors'> {
  /** Response heads alone (headerBytes holds request heads too). */
  responseHeadBytes: number;
  /** Event JSON written to subscribers, for a route whose framing is derived. */
  jsonBytes: number;
  closedRead: number;
  closedWritten: number;
  open: Set<Socket>;
  errors: Map<FaultCode, number>;
}

const socketRoute = new WeakMap<Socket, Attribution>();

/** HTTP/2 frame bytes of a connection seen before its first request named its route. */
type EarlyFrames = Pick<RouteStats, 'headerBytes' | 'firstHeaderBytes' | 'framingBytes' | 'controlBytes'>;

/** HTTP/2 frame types (RFC 9113 §6): DATA carries bodies; HEADERS and CONTINUATION carry HPACK blocks. */
const DATA_FRAME = 0;
const HEADER_FRAMES = new Set([1, 9]);
/** A client's first request is stream 1 (client streams are odd, in order). */
const FIRST_STREAM = 1;
/** An HTTP/2 frame's own header: length, type, flags, stream id. */
const FRAME_HEADER_BYTES = 9;

/**
 * Server-side cost accounting. Every accepted socket is attributed to the transport of the
 * first request it carries; its bytes are read from the socket itself (live while open,
 * final at 'close').
 */
export class Accounting {
  /** Connections accepted per second at the peak, since the last reset. */
  readonly accepts = new AcceptRate();
  private tallies = new Map<Attribution, Tally>();
  private readonly derived = new Set<Attribution>();
  private readonly early = new WeakMap<Socket, EarlyFrames>();
  private readonly requestsOn = new WeakMap<Socket, number>();

  private tally(route: Attribution): Tally {
    let tally = this.tallies.get(route);
    if (!tally) {
      tally = {
        requests: 0,
        empty: 0,
        connections: 0,
        handshakes: 0,
        eventsWritten: 0,
        headerBytes: 0,
        firstHeaderBytes: 0,
        firstExchanges: 0,
        framingBytes: 0,
        controlBytes: 0,
        responseHeadBytes: 0,
        jsonBytes: 0,
        closedRead: 0,
        closedWritten: 0,
        waiting: 0,
        open: new Set(),
        errors: new Map(),
      };
      this.tallies.set(route, tally);
    }
    return tally;
  }

  /** Starts counting a freshly accepted socket. */
  adopt(socket: Socket): void {
    this.accepts.count();
    socketRoute.set(socket, 'unattributed');
    const start = this.tally('unattributed');
    start.open.add(socket);
    socket.on('error', (error) => this.fault(socketRoute.get(socket) ?? 'unattributed', faultCode(error)));
    socket.once('close', () => {
      const tally = this.tally(socketRoute.get(socket) ?? 'unattributed');
      tally.open.delete(socket);
      tally.closedRead += socket.bytesRead;
      tally.closedWritten += socket.bytesWritten;
    });
  }

  /** What `socket` is attributed to so far ('unattributed' before its first request). */
  attributionOf(socket: Socket): Attribution {
    return socketRoute.get(socket) ?? 'unattributed';
  }

  /** Attributes `socket` to `route` on its first request; later requests keep the first. */
  attribute(socket: Socket, route: Attribution): Attribution {
    const current = socketRoute.get(socket);
    if (current !== 'unattributed') return current ?? route;
    socketRoute.set(socket, route);
    this.tally('unattributed').open.delete(socket);
    const tally = this.tally(route);
    tally.open.add(socket);
    tally.connections += 1;
    const early = this.early.get(socket);
    if (early) {
      this.early.delete(socket);
      tally.headerBytes += early.headerBytes;
      tally.firstHeaderBytes += early.firstHeaderBytes;
      tally.framingBytes += early.framingBytes;
      tally.controlBytes += early.controlBytes;
    }
    return route;
  }

  /**
   * Counts one request on `route`, arrived on `socket`; true when it is the connection's first (its exchange is counted
   * as first).
   */
  request(route: Attribution, socket?: Socket): boolean {
    const tally = this.tally(route);
    tally.requests += 1;
    if (!socket) return false;
    const count = (this.requestsOn.get(socket) ?? 0) + 1;
    this.requestsOn.set(socket, count);
    if (count === 1) tally.firstExchanges += 1;
    return count === 1;
  }

  /**
   * Counts one HTTP/2 frame that crossed `socket`, by what it is: HEADERS and CONTINUATION are
   * header bytes (HPACK-encoded, as sent), a DATA frame's 9-byte header is framing (its payload is
   * counted as JSON and framing by the route that wrote it), the rest is connection upkeep.
   * Frames before the connection's first request are kept until it names the route.
   */
  h2Frame(socket: Socket, type: number, streamId: number, bytes: number): void {
    const route = socketRoute.get(socket);
    let into: EarlyFrames | undefined = route && route !== 'unattributed' ? this.tally(route) : this.early.get(socket);
    if (!into) {
      into = { headerBytes: 0, firstHeaderBytes: 0, framingBytes: 0, controlBytes: 0 };
      this.early.set(socket, into);
    }
    if (HEADER_FRAMES.has(type)) {
      into.headerBytes += bytes;
      if (streamId === FIRST_STREAM) into.firstHeaderBytes += bytes;
    } else if (type === DATA_FRAME) into.framingBytes += FRAME_HEADER_BYTES;
    else into.controlBytes += bytes;
  }

  /** Counts one response that carried no event. */
  empty(route: Attribution): void {
    this.tally(route).empty += 1;
  }

  /** Counts one completed opening handshake (a WebSocket upgrade) on `route`: a connection's first exchange. */
  handshake(route: Attribution): void {
    const tally = this.tally(route);
    tally.handshakes += 1;
    tally.firstExchanges += 1;
  }

  /** Counts `count` events written to subscribers of `route`. */
  eventsWritten(route: Attribution, count: number): void {
    this.tally(route).eventsWritten += count;
  }

  /** Counts `bytes` of request or response heads on `route`; `first` when they are the connection's first exchange. */
  headerBytes(route: Attribution, bytes: number, side: 'request' | 'response', first = false): void {
    const tally = this.tally(route);
    tally.headerBytes += bytes;
    if (first) tally.firstHeaderBytes += bytes;
    if (side === 'response') tally.responseHeadBytes += bytes;
  }

  /** Counts event JSON written on `route` (where its framing is derived, not written by this server). */
  jsonWritten(route: Attribution, bytes: number): void {
    this.tally(route).jsonBytes += bytes;
  }

  /**
   * Marks `route` as one whose framing another library writes (Socket.IO's Engine.IO): its
   * framing is then what the server wrote that is neither a response head nor event JSON.
   */
  deriveFraming(route: Attribution): void {
    this.derived.add(route);
  }

  /** Counts `bytes` written around event JSON on `route` (frame headers, SSE fields, brackets). */
  framingBytes(route: Attribution, bytes: number): void {
    this.tally(route).framingBytes += bytes;
  }

  /** Adjusts how many requests or streams of `route` are waiting for events. */
  waiting(route: Attribution, delta: number): void {
    this.tally(route).waiting += delta;
  }

  /** Counts a fault on `route` by stable code. */
  fault(route: Attribution, code: FaultCode): void {
    const errors = this.tally(route).errors;
    errors.set(code, (errors.get(code) ?? 0) + 1);
  }

  /** Counters of `route`, with bytes read live from its open sockets. */
  stats(route: Attribution): RouteStats {
    const tally = this.tally(route);
    let bytesRead = tally.closedRead;
    let bytesWritten = tally.closedWritten;
    for (const socket of tally.open) {
      bytesRead += socket.bytesRead;
      bytesWritten += socket.bytesWritten;
    }
    return {
      requests: tally.requests,
      empty: tally.empty,
      connections: tally.connections,
      handshakes: tally.handshakes,
      eventsWritten: tally.eventsWritten,
      headerBytes: tally.headerBytes,
      firstHeaderBytes: tally.firstHeaderBytes,
      firstExchanges: tally.firstExchanges,
      controlBytes: tally.controlBytes,
      framingBytes: this.derived.has(route)
        ? bytesWritten - tally.responseHeadBytes - tally.jsonBytes
        : tally.framingBytes,
      bytesRead,
      bytesWritten,
      openSockets: tally.open.size,
      waiting: tally.waiting,
      errors: Object.fromEntries(tally.errors),
    };
  }

  /** The sockets of `route` that are open right now. */
  openSockets(route: Attribution): Socket[] {
    return [...this.tally(route).open];
  }

  /** Every attribution seen so far, with its counters. */
  snapshot(): Partial<Record<Attribution, RouteStats>> {
    return Object.fromEntries([...this.tallies.keys()].map((route) => [route, this.stats(route)]));
  }

  /**
   * Zeroes the counters of `routes` (every route when none are named) for a new phase, keeping
   * sockets that are still open counted from now; other transports running at the same time
   * keep theirs. The shared tallies (control, not yet attributed) are always zeroed.
   */
  reset(routes?: readonly Attribution[]): void {
    this.accepts.reset();
    const zeroed = routes ? new Set<Attribution>([...routes, 'control', 'unattributed']) : undefined;
    for (const [route, tally] of [...this.tallies]) {
      if (zeroed && !zeroed.has(route)) continue;
      this.tallies.delete(route);
      if (tally.open.size === 0) continue;
      // A socket still open keeps its attribution; its bytes so far are not this phase's.
      const fresh = this.tally(route);
      for (const socket of tally.open) {
        fresh.open.add(socket);
        fresh.closedRead -= socket.bytesRead;
        fresh.closedWritten -= socket.bytesWritten;
      }
      fresh.waiting = tally.waiting;
    }
  }
}
