import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Accounting, Attribution } from '../accounting.js';
import type { BrowserTally } from '../browsers.js';
import { MORE_EVENTS_HEADER, OLDEST_SEQ_HEADER } from '../../shared/protocol.js';
import type { EventLog, LogSlice, ReadLimit } from '../event-log.js';

/** What every route handler needs from the demo server. */
export interface RouteContext {
  log: EventLog;
  accounting: Accounting;
  /** Longest hold a long-poll request may ask for, in milliseconds. */
  maxLongPollTimeoutMs: number;
  /** Hold used when a long-poll request names no `timeout`, in milliseconds. */
  defaultLongPollTimeoutMs: number;
  /** Size of `data` in events published through `POST /publish`, in bytes. */
  payloadBytes: number;
  /** Headers added to every response (a production app's set with `--headers browser`). */
  responseHeaders: Record<string, string>;
  /** What one polling answer may carry. */
  responseLimit: ReadLimit;
  /** Bytes an SSE or WebSocket subscriber may leave unread before it is dropped as too slow. */
  maxSubscriberBufferBytes: number;
  /** When set, `POST /publish` needs `Authorization: Bearer <token>`. */
  publishToken?: string;
  /** WebSocket frames are compressed per subscriber (permessage-deflate). */
  deflate: boolean;
  /** What each classroom page (a browser naming itself with ?client=) really sent and got. */
  browsers: BrowserTally;
  /** The running publisher's rate, to read and change (`serve`); absent where nothing publishes on a schedule here. */
  rate?: RateControl;
}

/** A schedule a teacher may steer: its rate now (0 before anything publishes) and a way to change it. */
export interface RateControl {
  ratePerSec(): number;
  change(ratePerSec: number): void;
}

/** An HTTP route handler of the demo server. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL, ctx: RouteContext) => void;

const WHOLE_NUMBER = /^\d{1,15}$/;

/**
 * Where a reader resumes: `Last-Event-ID` (what EventSource sends on reconnect) or `?since=`,
 * the same on every route; the header wins when both are given. 0 when neither is; undefined
 * when the one given is not a whole number.
 */
export function resumePoint(req: IncomingMessage, url: URL): number | undefined {
  const header = req.headers['last-event-id'];
  const text = typeof header === 'string' && header !== '' ? header : (url.searchParams.get('since') ?? '0');
  return WHOLE_NUMBER.test(text) ? Number(text) : undefined;
}

/** Reads a non-negative integer query parameter, or undefined when it is absent or malformed. */
export function queryInteger(url: URL, name: string, fallback: number): number | undefined {
  const text = url.searchParams.get(name);
  if (text === null || text === '') return fallback;
  return WHOLE_NUMBER.test(text) ? Number(text) : undefined;
}

/** Bytes of a polling body that are not event JSON: the brackets and the commas. */
export function bodyFraming(eventCount: number): number {
  return eventCount === 0 ? 2 : eventCount + 1;
}

/**
 * Answers a polling request with one bounded slice of the log as a JSON array, counted on
 * `route`; tells the reader of a gap (`pvp-oldest-seq`) and of more to come (`pvp-more`).
 */
export function sendSlice(res: ServerResponse, slice: LogSlice, ctx: RouteContext, route: Attribution): void {
  const count = slice.events.length;
  if (count === 0) ctx.accounting.empty(route);
  if (slice.gap) ctx.accounting.fault(route, 'EVENTS_EXPIRED');
  ctx.accounting.eventsWritten(route, count);
  ctx.accounting.framingBytes(route, bodyFraming(count));
  const signals = slice.gap || slice.more;
  sendJson(
    res,
    200,
    sliceBody(slice),
    signals
      ? {
          ...ctx.responseHeaders,
          ...(slice.gap ? { [OLDEST_SEQ_HEADER]: String(slice.oldest) } : {}),
          ...(slice.more ? { [MORE_EVENTS_HEADER]: '1' } : {}),
        }
      : ctx.responseHeaders,
  );
}

// Held long polls answered by one publish share a slice; its body is joined once for all of them.
const bodies = new WeakMap<LogSlice, string>();

function sliceBody(slice: LogSlice): string {
  // The common answer of a short poll: nothing new, nothing to cache.
  if (slice.events.length === 0) return '[]';
  let body = bodies.get(slice);
  if (body === undefined) {
    body = `[${slice.events.map((event) => event.json).join(',')}]`;
    bodies.set(slice, body);
  }
  return body;
}

/** Sends a complete JSON response with an exact Content-Length, plus the profile's headers. */
export function sendJson(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    ...extra,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Answers a malformed request with 400 and a one-line reason. */
export function badRequest(res: ServerResponse, reason: string): void {
  sendJson(res, 400, JSON.stringify({ error: reason }));
}
