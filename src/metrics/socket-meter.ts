import type { Socket } from 'node:net';
import type { SocketTracker } from '../shared/types.js';

/** Bytes that crossed one side's sockets. */
export interface SocketBytes {
  bytesRead: number;
  bytesWritten: number;
}

/**
 * Counts connections and the bytes that really crossed them, read from each socket's own
 * `bytesRead`/`bytesWritten`: closed sockets are summed at 'close', open ones read live.
 */
export class SocketMeter implements SocketTracker {
  connections = 0;
  private closedRead = 0;
  private closedWritten = 0;
  private readonly open = new Set<Socket>();
  private idleWaiters: Array<() => void> = [];

  /** Starts counting `socket`; returns it for chaining inside connectors. */
  track<S extends Socket>(socket: S): S {
    this.connections += 1;
    this.open.add(socket);
    socket.once('close', () => {
      this.open.delete(socket);
      this.closedRead += socket.bytesRead;
      this.closedWritten += socket.bytesWritten;
      if (this.open.size === 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const wake of waiters) wake();
      }
    });
    return socket;
  }

  /** Sockets still open. */
  get openCount(): number {
    return this.open.size;
  }

  /** Bytes so far: final figures for closed sockets plus the live counters of open ones. */
  totals(): SocketBytes {
    let bytesRead = this.closedRead;
    let bytesWritten = this.closedWritten;
    for (const socket of this.open) {
      bytesRead += socket.bytesRead;
      bytesWritten += socket.bytesWritten;
    }
    return { bytesRead, bytesWritten };
  }

  /** Resolves once every tracked socket has closed, or after `timeoutMs`; true when all closed. */
  whenAllClosed(timeoutMs: number): Promise<boolean> {
    if (this.open.size === 0) return Promise.resolve(true);
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
    for (const socket of this.open) socket.destroy();
  }
}
