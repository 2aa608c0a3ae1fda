import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Accounting } from '../accounting.js';
import type { EventLog, LoggedEvent } from '../event-log.js';

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
}

/** An HTTP route handler of the demo server. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL, ctx: RouteContext) => void;

/** Reads a non-negative integer query parameter, or undefined when it is absent or malformed. */
export function queryInteger(url: URL, name: string, fallback: number): number | undefined {
  const text = url.searchParams.get(name);
  if (text === null || text === '') return fallback;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** A JSON array of already-encoded events, the body of both polling routes. */
export function eventsBody(events: LoggedEvent[]): string {
  return `[${events.map((event) => event.json).join(',')}]`;
}

/** Bytes of a polling body that are not event JSON: the brackets and the commas. */
export function bodyFraming(eventCount: number): number {
  return eventCount === 0 ? 2 : eventCount + 1;
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
