import { setTimeout as delay } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { faultCode, faultError, httpFault } from '../shared/faults.js';
import { CONNECT_TIMEOUT_MS, meteredHttpClient, type ClientContext, type TransportClient } from './client-context.js';
import { TextRequests, type TextAnswer, type TextDone } from './text-request.js';
import { Backoff } from './backoff.js';

/** What an HTTP transport's loop may do: ask, pause, count a fault, know it is stopping. */
export interface HttpIo {
  /** Aborts when the client stops. */
  readonly signal: AbortSignal;
  /**
   * GET `path` with the run's request headers plus `headers`; a status other than 2xx throws
   * HTTP_<status>. The response head must come within the client's answer timeout plus `holdMs`
   * (how long the server may hold the request on purpose: a long poll's timeout).
   */
  get(path: string, headers?: Record<string, string>, holdMs?: number): Promise<Dispatcher.ResponseData>;
  /** The same request, its answer read whole as text up to `maxBytes` (a poll's): see `TextRequests`. */
  getText(path: string, maxBytes: number, holdMs?: number): Promise<TextAnswer>;
  /** `getText` with no hold, calling `done` when it settles: for a loop that runs on callbacks. */
  sendText(path: string, maxBytes: number, done: TextDone): void;
  /** Waits before trying again after a fault, backing off (at once when stopping). */
  pause(): Promise<void>;
  /** Counts `error` by its code, unless the client is stopping (then it was expected). */
  fault(error: unknown): void;
}

/** One HTTP transport's behaviour on the shared scaffold. */
export interface HttpLoop {
  /** Open the connection before the phase (the server then has accepted this client). */
  preconnect: boolean;
  /** Work done when connecting, after the connection is open (e.g. open a stream); faults are counted. */
  connect?(io: HttpIo): Promise<void>;
  /**
   * How long its response bodies may go without a byte: a polling answer's body is due at once,
   * an event stream may be quiet between events (0: no limit, the phase's end bounds it).
   */
  bodyIdleMs: number;
  /** When the loop starts: when connected (before the phase), or at the phase's start. */
  startsAt: 'connect' | 'begin';
  /** The client's work until `io.signal` aborts; `startAtNs` is when the first event is due. */
  run(io: HttpIo, startAtNs: bigint): Promise<void>;
  /**
   * At stop, a request in flight is either let finish (a poll: its bytes are on the wire and it
   * may carry events) or abandoned (a held long poll, a stream).
   */
  inFlightAtStop: 'finish' | 'abandon';
}

/** A request's headers when the run adds none: one object for every request, never written to. */
const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** The connect, loop, abort and stop that every HTTP transport client shares, around its own loop. */
export function createHttpClient(ctx: ClientContext, loop: HttpLoop): TransportClient {
  // undici's client takes an origin: a base path (a target at http://host/base) goes before each request's path.
  const url = new URL(ctx.url);
  const prefix = url.pathname.replace(/\/$/, '');
  const { http, preconnect, releaseUnused } = meteredHttpClient(url.origin, ctx.meter, ctx.wire);
  const stopping = new AbortController();
  let running: Promise<void> = Promise.resolve();
  const abandon = loop.inFlightAtStop === 'abandon' ? stopping.signal : undefined;
  const texts = new TextRequests(http);
  // Retries after a fault back off (see Backoff); an event received since the last retry starts them afresh.
  const backoff = new Backoff();
  let seqAtRetry = ctx.recorder.lastSeq;
  const headersTimeout = (holdMs: number): number => (ctx.answerTimeoutMs ?? CONNECT_TIMEOUT_MS) + holdMs;
  // One request's options, filled afresh for each: undici reads them when the request is dispatched.
  const textOptions = { path: '', method: 'GET', headersTimeout: 0, bodyTimeout: loop.bodyIdleMs, headers: NO_HEADERS };
  const textRequest = (path: string, holdMs: number): Dispatcher.DispatchOptions => {
    textOptions.path = prefix === '' ? path : `${prefix}${path}`;
    textOptions.headersTimeout = headersTimeout(holdMs);
    // Read at every request: a session may change the run's headers mid-run.
    textOptions.headers = ctx.conditions.requestHeaders ?? NO_HEADERS;
    return textOptions;
  };
  const io: HttpIo = {
    signal: stopping.signal,
    getText: (path, maxBytes, holdMs = 0) => texts.get(textRequest(path, holdMs), maxBytes, abandon),
    sendText: (path, maxBytes, done) => texts.send(textRequest(path, 0), maxBytes, done, abandon),
    get: async (path, headers, holdMs = 0) => {
      const base = ctx.conditions.requestHeaders;
      const response = await http.request({
        path: prefix === '' ? path : `${prefix}${path}`,
        method: 'GET',
        headersTimeout: headersTimeout(holdMs),
        bodyTimeout: loop.bodyIdleMs,
        // Merged only when both exist: a request with neither allocates nothing here.
        headers: headers && base ? { ...base, ...headers } : (headers ?? base ?? {}),
        ...(abandon ? { signal: abandon } : {}),
      });
      // Any success is an answer: an app may say 204 for nothing new.
      if (response.statusCode >= 200 && response.statusCode <= 299) return response;
      await response.body.dump();
      throw faultError(httpFault(response.statusCode), `status ${response.statusCode}`);
    },
    pause: () => {
      if (ctx.recorder.lastSeq !== seqAtRetry) backoff.reset();
      seqAtRetry = ctx.recorder.lastSeq;
      return delay(backoff.next(), undefined, { signal: stopping.signal }).catch(() => {});
    },
    fault: (error) => {
      if (!stopping.signal.aborted) ctx.recorder.fault(faultCode(error));
    },
  };
  const start = (startAtNs: bigint): void => {
    running = loop.run(io, startAtNs).catch(io.fault);
  };
  return {
    connect: async () => {
      if (loop.preconnect) await preconnect().catch(io.fault);
      await loop.connect?.(io).catch(io.fault);
      if (loop.startsAt === 'connect') start(0n);
    },
    begin: (startAtNs) => {
      if (loop.startsAt === 'begin') start(startAtNs);
    },
    // Aborting abandons what is in flight where requests are abandoned at stop; those wait for their batch.
    ...(loop.inFlightAtStop === 'finish' ? { halt: () => stopping.abort() } : {}),
    stop: async () => {
      stopping.abort();
      await running;
      releaseUnused();
      // A client whose requests were abandoned is destroyed: after an aborted request undici's
      // close() would open a fresh connection.
      await (loop.inFlightAtStop === 'finish' ? http.close() : http.destroy());
    },
  };
}
