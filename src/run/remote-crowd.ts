import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ProcessCost } from '../shared/process-cost.js';
import type { PhaseRecorder } from '../metrics/recorder.js';
import type { SocketMeter } from '../metrics/socket-meter.js';
import type { Transport } from '../shared/transports.js';
import type { CompareOptions } from '../shared/options-types.js';
import type { PhaseStart } from '../shared/run-types.js';
import type { ClientMessage, ClientRequest } from './client-protocol.js';
import { readyAtSource, type Crowd } from './crowd.js';
import { LiveMirror } from './live-mirror.js';
import { builtEntry, forkEntry } from './entries.js';
import type { EventSource } from './event-source.js';
import { wireFor } from './tls-probe.js';

/**
 * How long a client process may take to hand over its tallies after being told to stop: its
 * crowd's own close timeout twice (a graceful close, then the destroy after it), and 10 s more.
 */
const stopTimeoutMs = (clients: number): number => 2 * (5000 + clients) + 10_000;

/** `clients` split into `parts` shares as even as whole clients allow. */
export function shares(clients: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(clients / parts) + (i < clients % parts ? 1 : 0)).filter(
    (n) => n > 0,
  );
}

/**
 * This run's block of loopback source addresses (127.B.x.y): another run soon after takes another, away from its
 * TIME_WAIT ports.
 */
const RUN_BLOCK = 1 + Math.floor(Math.random() * 254);

/**
 * The source address of client process `index`: on Linux's IPv4 loopback (all of 127.0.0.0/8)
 * each process connects from its own, 127.B.C.(2 + index), so a hundred thousand connections
 * to one port do not run out of ports; elsewhere the system picks. `crowd` (C) moves each
 * phase's crowd to fresh addresses, since the previous phase's ports wait out TIME_WAIT on the
 * ones it used; `block` (B) does the same between runs.
 */
export function sourceAddressOf(
  url: string,
  index: number,
  crowd = 0,
  block = RUN_BLOCK,
  platform = process.platform,
): string | undefined {
  if (new URL(url).hostname !== '127.0.0.1' || platform !== 'linux') return undefined;
  return `127.${block}.${crowd % 256}.${2 + index}`;
}

/** How long a wave of connections may take to be seen by the server before the next one goes anyway. */
const WAVE_WAIT_MS = 10_000;

/**
 * How many connections a run opens at once across its client processes: half the kernel's
 * accept queue (net.core.somaxconn, which caps every listen backlog). A crowd connecting faster
 * than the server accepts overflows it; the kernel then drops the handshake's last ACK, and a
 * client that believes it connected may hold a connection the server never had.
 */
export function waveSize(somaxconn = readSomaxconn()): number {
  return Math.max(256, Math.floor(somaxconn / 2));
}

function readSomaxconn(): number {
  try {
    return Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim()) || 4096;
  } catch {
    // Not Linux: the common default.
    return 4096;
  }
}

/** Crowds made so far in this process: each takes its own block of source addresses. */
let crowdsMade = 0;

/**
 * One transport's clients spread over `processes` child processes (not threads: the open-file
 * limit is per process). Each process records and counts its share as a crowd of its own; the
 * run's recorder hears how many events they have as they go, and at the end adds their tallies
 * up exactly (histograms merged, deliveries client by client) along with their meters' counts.
 */
export function createRemoteCrowd(
  transport: Transport,
  options: CompareOptions,
  source: EventSource,
  start: PhaseStart,
  recorder: PhaseRecorder,
  meter: SocketMeter,
  processes: number,
): Crowd {
  const parts = shares(options.clients, processes);
  const crowdNumber = crowdsMade++;
  const delivered = parts.map(() => 0);
  const children: ChildProcess[] = [];
  const costs: ProcessCost[] = [];
  const listeners = new Map<ChildProcess, (message: ClientMessage) => void>();
  // A live view reads the processes' running tallies; a comparison needs only their last.
  const mirror = options.steerable ? new LiveMirror(start) : undefined;
  const tell = (request: ClientRequest): void => {
    for (const child of children) if (child.connected) child.send(request);
  };
  const onMessage =
    (child: ChildProcess, index: number) =>
    (message: ClientMessage): void => {
      if (message.type === 'tally') mirror?.apply(index, message.tally);
      if (message.type === 'progress') {
        delivered[index] = message.delivered;
        recorder.delivered = delivered.reduce((a, b) => a + b, 0);
        recorder.highestSeq = Math.max(recorder.highestSeq, message.highestSeq);
      }
      listeners.get(child)?.(message);
    };
  /** Resolves with the first message of `type` from `child` (or undefined when it exits first). */
  const next = <T extends ClientMessage['type']>(
    child: ChildProcess,
    type: T,
    until?: (m: Extract<ClientMessage, { type: T }>) => boolean,
  ): Promise<Extract<ClientMessage, { type: T }> | undefined> =>
    new Promise((resolve) => {
      const done = (value: Extract<ClientMessage, { type: T }> | undefined): void => {
        listeners.delete(child);
        child.off('exit', onExit);
        resolve(value);
      };
      const onExit = (): void => done(undefined);
      // A child that has already exited fires no more 'exit': waiting for it would wait out the stop timeout.
      if (child.exitCode !== null || child.signalCode !== null) return done(undefined);
      child.once('exit', onExit);
      listeners.set(child, (message) => {
        if (message.type === type && (!until || until(message as Extract<ClientMessage, { type: T }>)))
          done(message as Extract<ClientMessage, { type: T }>);
      });
    });

  return {
    clients: [],
    ...(mirror ? { live: mirror } : {}),
    connect: async (onBatch, signal) => {
      const connected = parts.map(() => 0);
      const started = parts.map(() => false);
      await Promise.all(
        parts.map(async (count, index) => {
          // Over a shaped path the clients run where its client end is, in their network namespace.
          const child = forkEntry(
            builtEntry('run/client-process-main.js', 'the client process'),
            [],
            source.clientLaunch,
          );
          children.push(child);
          child.on('message', onMessage(child, index));
          if (!(await next(child, 'hello'))) return;
          const localAddress = sourceAddressOf(source.url, index, crowdNumber);
          child.send({
            op: 'init',
            init: {
              transport,
              // Each process's clients start at their own seeded phases.
              options: { ...options, clients: count, seed: options.seed + index },
              url: source.url,
              wire: { ...wireFor(transport, source.wire), ...(localAddress ? { localAddress } : {}) },
              ...(source.wsUrl ? { chatUrl: source.wsUrl(start.since) } : {}),
              start,
              sampled: index === 0,
            },
          } satisfies ClientRequest);
          started[index] = true;
        }),
      );
      // In waves no larger than the server's accept queue, each seen by the server before the next.
      const wave = Math.ceil(waveSize() / parts.length);
      const total = (): number => connected.reduce((a, b) => a + b, 0);
      for (let upTo = wave; !signal?.aborted; upTo += wave) {
        await Promise.all(
          children.map(async (child, index) => {
            if (!started[index] || (connected[index] ?? 0) >= parts[index]!) return;
            child.send({ op: 'connect', upTo } satisfies ClientRequest);
            await next(child, 'connected', (message) => {
              connected[index] = message.connected;
              onBatch(total());
              return message.done;
            });
          }),
        );
        if (upTo >= Math.max(...parts)) return;
        await readyAtSource(source, transport, total(), signal, WAVE_WAIT_MS);
      }
    },
    begin: (startAtNs) => {
      recorder.recovery.begin(startAtNs, options.restartAtMs);
      tell({ op: 'begin', startAtNs });
    },
    costs: () => costs,
    change: (changed) => tell({ op: 'change', changed }),
    stop: async () => {
      const handed = await Promise.all(
        children.map((child) => {
          const stopped = next(child, 'stopped');
          if (child.connected) child.send({ op: 'stop' } satisfies ClientRequest);
          const late = new Promise<undefined>((resolve) =>
            setTimeout(() => resolve(undefined), stopTimeoutMs(Math.max(...parts))).unref(),
          );
          return Promise.race([stopped, late]);
        }),
      );
      // The live count was the processes' word; the tallies they handed over are the record.
      recorder.delivered = 0;
      for (const part of handed) {
        if (!part) {
          recorder.fault('CLIENT_PROCESS_LOST');
          continue;
        }
        recorder.absorb(part.recorder);
        meter.absorb(part.meter);
        if (part.cost) costs.push(part.cost);
      }
      for (const child of children) if (child.connected) child.disconnect();
    },
  };
}
