import { once } from 'node:events';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../shared/random.js';

/** Where a delay relay listens and forwards, and the delay it adds (milliseconds). */
export interface DelayRelayOptions {
  /** Address the relay listens on. */
  listenHost: string;
  /** Port it listens on (0 or absent: the system picks one; a restarted server takes its old one again). */
  listenPort?: number;
  /** Host of the real server every relayed connection is forwarded to. */
  targetHost: string;
  /** Port of the real server. */
  targetPort: number;
  /** Round-trip time added, in ms: each direction holds every chunk for half of it. */
  rttMs: number;
  /** Spread of each chunk's one-way delay, in ms, drawn uniformly from [−jitter/2, +jitter/2]. */
  jitterMs: number;
  /** Seed of the jitter draws, so a run is repeatable. */
  seed: number;
}

/** Counters of a relay: connections accepted, payload bytes delivered each way, pairs open. */
export interface DelayRelayStats {
  connections: number;
  bytesForwardedUp: number;
  bytesForwardedDown: number;
  open: number;
}

/** A running delay relay: connect clients to `url` instead of the real server. */
export interface DelayRelay {
  host: string;
  port: number;
  url: string;
  /** Stops listening, destroys every relayed pair and resolves once all sockets are closed. */
  close(): Promise<void>;
  stats(): DelayRelayStats;
  /** Changes the delay from the next chunk on (a chunk already held keeps its delay, so order is kept). */
  setDelay(rttMs: number, jitterMs: number): void;
}

/**
 * Bytes one direction may hold in flight before its source is paused: the relay's "window",
 * which bounds memory the way a TCP receive window bounds a real path.
 */
const MAX_IN_FLIGHT_BYTES = 4 * 1024 * 1024;

type Item = { dueMs: number; chunk: Buffer | 'end' | 'reset' };

/** One direction of a relayed pair: a FIFO of chunks, each released at its due time. */
class Lane {
  endQueued = false;
  endDelivered = false;
  private readonly queue: Item[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastDueMs = 0;
  private inFlightBytes = 0;
  private sinkBlocked = false;
  private stopped = false;

  constructor(
    private readonly source: Socket,
    private readonly sink: Socket,
    private readonly delayMs: () => number,
    private readonly onForward: (bytes: number) => void,
  ) {}

  push(chunk: Item['chunk']): void {
    if (this.stopped) return;
    if (chunk === 'end') this.endQueued = true;
    // Never before an earlier chunk: jitter may shorten a delay, but not overtake.
    const dueMs = Math.max(performance.now() + this.delayMs(), this.lastDueMs);
    this.lastDueMs = dueMs;
    this.queue.push({ dueMs, chunk });
    if (typeof chunk !== 'string') {
      this.inFlightBytes += chunk.length;
      this.throttle();
    }
    // One timer per lane, armed for the head only; an armed timer already covers this item.
    if (this.timer === undefined) this.pump();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.inFlightBytes = 0;
  }

  private readonly pump = (): void => {
    this.timer = undefined;
    const now = performance.now();
    let head = this.queue[0];
    while (head !== undefined && head.dueMs <= now) {
      this.queue.shift();
      this.deliver(head.chunk);
      head = this.queue[0];
    }
    // Re-checked against the clock on wake-up: a timer firing early never releases a chunk early.
    if (head !== undefined && !this.stopped)
      this.timer = setTimeout(this.pump, Math.max(1, Math.ceil(head.dueMs - now)));
    this.throttle();
  };

  private deliver(chunk: Item['chunk']): void {
    if (typeof chunk !== 'string') this.inFlightBytes -= chunk.length;
    const sink = this.sink;
    if (sink.destroyed) return;
    if (chunk === 'reset') {
      reset(sink);
      return;
    }
    if (chunk === 'end') {
      this.endDelivered = true;
      sink.end();
      return;
    }
    this.onForward(chunk.length);
    // An upstream still connecting buffers these writes itself and flushes them once connected.
    if (!sink.write(chunk) && !this.sinkBlocked) {
      this.sinkBlocked = true;
      sink.once('drain', () => {
        this.sinkBlocked = false;
        this.throttle();
      });
    }
  }

  private throttle(): void {
    if (this.source.destroyed) return;
    const hold = !this.stopped && (this.sinkBlocked || this.inFlightBytes > MAX_IN_FLIGHT_BYTES);
    if (hold && !this.source.isPaused()) this.source.pause();
    else if (!hold && this.source.isPaused()) this.source.resume();
  }
}

/** Sends a TCP reset where the platform can, so the peer sees a failure rather than a clean FIN. */
function reset(socket: Socket): void {
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

/** Feeds `socket`'s reads into `from` and, when it closes, propagates how it closed. */
function attach(socket: Socket, from: Lane, to: Lane): Promise<void> {
  socket.setNoDelay(true);
  socket.on('data', (chunk: Buffer) => from.push(chunk));
  socket.on('end', () => from.push('end'));
  // 'close' carries the outcome; this listener only keeps an error from being thrown.
  socket.on('error', () => {});
  return new Promise((resolve) => {
    socket.once('close', (hadError: boolean) => {
      to.stop();
      // Anything but a clean FIN both ways is a failure the peer must see, after the same delay.
      if (hadError || !from.endQueued || !to.endDelivered) from.push('reset');
      resolve();
    });
  });
}

/**
 * Starts a TCP relay that holds every chunk for RTT/2 (± jitter/2) in each direction, in order
 * and byte for byte. The TCP handshake is not delayed; a real network would add one RTT for it.
 */
export async function startDelayRelay(given: DelayRelayOptions): Promise<DelayRelay> {
  // A copy: setDelay changes it while chunks are relayed.
  const options = { ...given };
  const random = seededRandom(options.seed);
  const delayMs = (): number => Math.max(0, options.rttMs / 2 + (random() - 0.5) * options.jitterMs);
  const counters = { connections: 0, bytesForwardedUp: 0, bytesForwardedDown: 0 };
  const pairs = new Map<Promise<void>, () => void>();

  // allowHalfOpen on both sockets: a FIN is relayed like data instead of closing the pair at once.
  const server = createServer({ allowHalfOpen: true }, (client) => {
    counters.connections += 1;
    const upstream = createConnection({
      host: options.targetHost,
      port: options.targetPort,
      allowHalfOpen: true,
      noDelay: true,
    });
    const up = new Lane(client, upstream, delayMs, (bytes) => (counters.bytesForwardedUp += bytes));
    const down = new Lane(upstream, client, delayMs, (bytes) => (counters.bytesForwardedDown += bytes));
    const closed = Promise.all([attach(client, up, down), attach(upstream, down, up)]).then(() => {
      pairs.delete(closed);
    });
    pairs.set(closed, () => {
      for (const lane of [up, down]) lane.stop();
      for (const socket of [client, upstream]) socket.destroy();
    });
  });
  server.listen(options.listenPort ?? 0, options.listenHost);
  await once(server, 'listening');
  const { address: host, port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    url: `http://${urlHost}:${port}`,
    setDelay: (rttMs, jitterMs) => {
      options.rttMs = rttMs;
      options.jitterMs = jitterMs;
    },
    close: () => {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        const open = [...pairs.keys()];
        for (const destroy of pairs.values()) destroy();
        await Promise.all([stopped, ...open]);
      })();
      return closing;
    },
    stats: () => ({ ...counters, open: pairs.size }),
  };
}
