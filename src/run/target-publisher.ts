import { Pool } from 'undici';
import WebSocket from 'ws';
import type { createConnection } from 'node:net';
import { io } from 'socket.io-client';
import type { ClientWire } from '../shared/wire-types.js';
import { connectMetered, endpointOf, http1Only, meteredAgent, openMetered } from '../clients/connector.js';
import type { SocketMeter } from '../metrics/socket-meter.js';
import { eventDueNs, type PublishOutcome, type PublishSchedule } from '../server/publisher.js';
import { nowNs, sleepUntil } from '../shared/clock.js';
import { faultCode, faultError, publishFault, type FaultCode } from '../shared/faults.js';
import { CONNECT_TIMEOUT_MS } from '../clients/client-context.js';
import { seededPayload, seededRandom } from '../shared/random.js';

/** What the tool's own publisher did, on its own sockets: shown on its own line, never in a transport's bytes. */
export interface PublisherTally {
  /** Events the target accepted (a 201, a frame sent). */
  published: number;
  /** Publish requests sent (HTTP) or frames sent (chat). */
  requests: number;
  /** Faults by code: a refused publish, a reset. */
  errors: Map<string, number>;
}

/** Sends one event: the tool's stamp and data; resolves true once the target took it. */
type Send = (stampNs: bigint, seq: number, data: string) => Promise<boolean>;

/** What the tool sends for one event, made from its stamp, seq and data (the protocol's `{seq, t, data}` unless told). */
export type Message = (stampNs: bigint, seq: number, data: string) => unknown;

/** The protocol's event, as a chat's frame or a Socket.IO emit carries it. */
const protocolEvent: Message = (stampNs, seq, data) => ({ seq, t: stampNs.toString(), data });

/** A publisher for one kind of target, over sockets that `meter` counts. */
export interface TargetPublisher {
  send: Send;
  close(): Promise<void>;
}

/**
 * How long one publish may take: a server answers a publish at once; a stalled one must not
 * hold the phase past its end (each publish is bounded, whatever the publisher).
 */
export const PUBLISH_TIMEOUT_MS = 5000;

/** `work`, or the fault `code` past `ms`. */
export function withDeadline<T>(work: Promise<T>, ms: number, code: FaultCode = 'PUBLISH_TIMEOUT'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(faultError(code, `no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** One publish as an HTTP request: where it goes and what it carries. */
export interface PublishRequest {
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Publishes each event as the HTTP request `requestFor` makes, on a few connections to `url`'s origin whose every
 * socket `meter` counts; any 2xx is taken (a lenient server is still measured). The publisher's own requests stay on
 * HTTP/1.1: only the receivers' wire is compared.
 */
export function requestPublisher(
  url: string,
  meter: SocketMeter,
  timeoutMs: number,
  wire: ClientWire,
  requestFor: (stampNs: bigint, seq: number, data: string) => PublishRequest,
): TargetPublisher {
  const endpoint = http1Only(endpointOf(url, wire));
  const pool = new Pool(new URL(url).origin, {
    connections: 4,
    connect: (_options, callback) => {
      openMetered(endpoint, meter).then(
        (socket) => callback(null, socket),
        (error: Error) => callback(error, null),
      );
    },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  return {
    send: async (stampNs, seq, data) => {
      const { statusCode, body } = await pool.request({
        ...requestFor(stampNs, seq, data),
        // Its time in the queue counts too: a stalled server frees the connections for the next ones
        // (a second after the publish was counted late).
        signal: AbortSignal.timeout(PUBLISH_TIMEOUT_MS + 1000),
      });
      await body.dump();
      if (statusCode < 200 || statusCode > 299)
        throw faultError(publishFault(statusCode), `publish answered ${statusCode}`);
      return true;
    },
    close: () => pool.destroy(),
  };
}

/** Publishes through `POST /publish` of a protocol server (which answers 201), a few requests in flight at most. */
export function httpPublisher(
  url: string,
  meter: SocketMeter,
  timeoutMs: number,
  wire: ClientWire = {},
): TargetPublisher {
  const base = new URL(url).pathname.replace(/\/$/, '');
  return requestPublisher(url, meter, timeoutMs, wire, (stampNs, _seq, data) => ({
    path: `${base}/publish`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ t: stampNs.toString(), data }),
  }));
}

/**
 * Publishes as one connection of a broadcast chat server: each event a text frame, the protocol's event with the tool's
 * seq (or what `message` makes: an app's own text).
 */
export async function chatPublisher(
  url: string,
  meter: SocketMeter,
  deflate: boolean,
  wire: ClientWire = {},
  message: Message = protocolEvent,
): Promise<TargetPublisher> {
  const endpoint = http1Only(endpointOf(url, wire));
  const ws = new WebSocket(url, {
    // With --deflate every event is compressed, however small, as the Python stacks do.
    perMessageDeflate: deflate ? { threshold: 0 } : false,
    createConnection: (() => connectMetered(endpoint, meter)) as typeof createConnection,
  });
  await withDeadline(
    new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    }),
    CONNECT_TIMEOUT_MS,
    'CONNECT_TIMEOUT',
  ).catch((error: unknown) => {
    ws.terminate();
    throw error;
  });
  // The chat sends the publisher its own frames too; they are read and dropped.
  ws.on('message', () => {});
  ws.on('error', () => {});
  return {
    send: (stampNs, seq, data) =>
      new Promise((resolve, reject) => {
        if (ws.readyState !== WebSocket.OPEN) return reject(faultError('PUBLISHER_CLOSED', 'publisher closed'));
        const value = message(stampNs, seq, data);
        ws.send(typeof value === 'string' ? value : JSON.stringify(value), (error) =>
          error ? reject(error) : resolve(true),
        );
      }),
    close: async () => {
      if (ws.readyState === WebSocket.CLOSED) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          ws.terminate();
          resolve();
        }, 2000);
        ws.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        ws.close(1000, 'run over');
      });
    },
  };
}

/**
 * Publishes as one Socket.IO client of a broadcast server: each event emitted under `eventName`, the protocol's event
 * with the tool's seq (or what `message` makes).
 */
export async function socketIoPublisher(
  url: string,
  meter: SocketMeter,
  deflate: boolean,
  eventName: string,
  wire: ClientWire = {},
  message: Message = protocolEvent,
): Promise<TargetPublisher> {
  const endpoint = endpointOf(url, wire);
  const agent = meteredAgent(endpoint, meter);
  const client = io(url, {
    agent: agent as unknown as string,
    forceNew: true,
    perMessageDeflate: deflate ? { threshold: 0 } : false,
  } as Parameters<typeof io>[1]);
  await withDeadline(
    new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('connect_error', reject);
    }),
    CONNECT_TIMEOUT_MS,
    'CONNECT_TIMEOUT',
  ).catch((error: unknown) => {
    client.disconnect();
    agent.destroy();
    throw error;
  });
  return {
    send: async (stampNs, seq, data) => {
      if (!client.connected) throw faultError('PUBLISHER_CLOSED', 'publisher disconnected');
      client.emit(eventName, message(stampNs, seq, data));
      return true;
    },
    close: async () => {
      client.disconnect();
      agent.destroy();
    },
  };
}

/**
 * Publishes `schedule` through `publisher`, the tool's events tagged `tag` at the start of their
 * data. Each event is stamped on the tool's clock the moment it is sent; a publish that fails is
 * counted and is not an event the receivers are expected to get.
 */
export async function publishToTarget(
  publisher: TargetPublisher,
  schedule: PublishSchedule,
  tag: string,
  tally: PublisherTally,
  signal: AbortSignal,
): Promise<PublishOutcome> {
  const random = seededRandom(schedule.seed);
  const sends: Array<Promise<void>> = [];
  let maxLagNs = 0n;
  for (let index = 0; !signal.aborted && (schedule.count === 0 || index < schedule.count); index++) {
    // The payload keeps its size: the tag takes the first bytes of it (all of a payload smaller than the tag).
    const data = tag + seededPayload(Math.max(0, schedule.payloadBytes - tag.length), random);
    const dueNs = schedule.startAtNs + BigInt(eventDueNs(index, schedule.ratePerSec));
    await sleepUntil(dueNs, signal);
    if (signal.aborted) break;
    const stampNs = nowNs();
    if (stampNs - dueNs > maxLagNs) maxLagNs = stampNs - dueNs;
    tally.requests += 1;
    sends.push(
      withDeadline(publisher.send(stampNs, index + 1, data), PUBLISH_TIMEOUT_MS).then(
        () => {
          tally.published += 1;
        },
        (error: unknown) => {
          const code = faultCode(error);
          tally.errors.set(code, (tally.errors.get(code) ?? 0) + 1);
        },
      ),
    );
  }
  await Promise.all(sends);
  return { published: tally.published, maxLagMs: Number(maxLagNs) / 1e6 };
}
