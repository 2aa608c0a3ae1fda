import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { SocketTracker } from '../shared/run-types.js';

/** Bytes that crossed one side's sockets. */
export interface SocketBytes {
  bytesRead: number;
  bytesWritten: number;
}

/** What the counted connections spoke: protocols by count, and what TLS wrapped. */
export interface WireSeen {
  /** Connections by the protocol they spoke (`h2`, `h2c`, `http/1.1`). */
  protocols: Record<string, number>;
  /** Connections that ran TLS. */
  tlsConnections: number;
  /** Plaintext those TLS connections carried, both ways: the TCP bytes less this are what TLS added. */
  plaintext: number;
  /** TLS version and cipher suite of the last TLS connection, e.g. `TLSv1.3 TLS_AES_256_GCM_SHA384`. */
  cipher?: string;
}

/** A meter's counts as plain data, for a meter in another process to add up. */
export interface MeterSnapshot {
  connections: number;
  bytes: SocketBytes;
  seen: WireSeen;
}

/** Sums a set of sockets' bytes: closed ones at 'close', open ones read live. */
class ByteSum {
  private closedRead = 0;
  private closedWritten = 0;
  readonly open = new Set<Socket>();

  add(socket: Socket, onClosed?: () => void): void {
    this.open.add(socket);
    socket.once('close', () => {
      this.open.delete(socket);
      this.closedRead += socket.bytesRead;
      this.closedWritten += socket.bytesWritten;
      onClosed?.();
    });
  }

  totals(): SocketBytes {
    let bytesRead = this.closedRead;
    let bytesWritten = this.closedWritten;
    for (const socket of this.open) {
      bytesRead += socket.bytesRead;
      bytesWritten += socket.bytesWritten;
    }
    return { bytesRead, bytesWritten };
  }
}

/**
 * Counts connections and the bytes that really crossed them, read from each TCP socket's own
 * `bytesRead`/`bytesWritten` (beneath TLS, as a packet capture sees them): closed sockets are
 * summed at 'close', open ones read live. Over TLS it also sums the plaintext above.
 */
export class SocketMeter implements SocketTracker {
  connections = 0;
  private readonly wire = new ByteSum();
  private readonly plain = new ByteSum();
  private readonly protocols = new Map<string, number>();
  private tlsConnections = 0;
  private cipher: string | undefined;
  /** Counts of sockets that other processes' meters counted (absorbed), added to this meter's own. */
  private absorbed = { bytesRead: 0, bytesWritten: 0, plaintext: 0 };
  private idleWaiters: Array<() => void> = [];

  /** Starts counting `socket`; returns it for chaining inside connectors. */
  track<S extends Socket>(socket: S): S {
    this.connections += 1;
    this.wire.add(socket, () => {
      if (this.wire.open.size > 0) return;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    });
    return socket;
  }

  /** Notes what a counted connection speaks, and over TLS sums its plaintext. */
  ready(protocol: string, secure?: TLSSocket): void {
    this.protocols.set(protocol, (this.protocols.get(protocol) ?? 0) + 1);
    if (!secure) return;
    this.tlsConnections += 1;
    this.cipher = `${secure.getProtocol() ?? 'TLS'} ${secure.getCipher().standardName}`;
    this.plain.add(secure);
  }

  /** Sockets still open. */
  get openCount(): number {
    return this.wire.open.size;
  }

  /** Bytes so far: final figures for closed sockets plus the live counters of open ones. */
  totals(): SocketBytes {
    const own = this.wire.totals();
    return {
      bytesRead: own.bytesRead + this.absorbed.bytesRead,
      bytesWritten: own.bytesWritten + this.absorbed.bytesWritten,
    };
  }

  /** Every count as plain data (sockets in another process are counted there; the run adds them up). */
  snapshot(): MeterSnapshot {
    return { connections: this.connections, bytes: this.totals(), seen: this.wireSeen() };
  }

  /** Adds what another process's meter counted: connections, bytes, protocols, TLS's plaintext. */
  absorb(part: MeterSnapshot): void {
    this.connections += part.connections;
    this.absorbed.bytesRead += part.bytes.bytesRead;
    this.absorbed.bytesWritten += part.bytes.bytesWritten;
    this.absorbed.plaintext += part.seen.plaintext;
    for (const [protocol, n] of Object.entries(part.seen.protocols))
      this.protocols.set(protocol, (this.protocols.get(protocol) ?? 0) + n);
    this.tlsConnections += part.seen.tlsConnections;
    if (part.seen.cipher) this.cipher = part.seen.cipher;
  }

  /** What the connections spoke so far. */
  wireSeen(): WireSeen {
    const plain = this.plain.totals();
    return {
      protocols: Object.fromEntries(this.protocols),
      tlsConnections: this.tlsConnections,
      plaintext: plain.bytesRead + plain.bytesWritten + this.absorbed.plaintext,
      ...(this.cipher ? { cipher: this.cipher } : {}),
    };
  }

  /** Resolves once every tracked socket has closed, or after `timeoutMs`; true when all closed. */
  whenAllClosed(timeoutMs: number): Promise<boolean> {
    if (this.wire.open.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Destroys every socket still open (used when a graceful close did not finish in time). */
  destroyAll(): void {
    for (const socket of this.wire.open) socket.destroy();
  }
}
