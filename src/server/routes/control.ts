import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { browserHeaderLineBytes } from '../../shared/browser-headers.js';
import { nowNs } from '../../shared/clock.js';
import { TRANSPORTS } from '../../shared/transports.js';
import { seededPayload, seededRandom } from '../../shared/random.js';
import { badRequest, sendJson, type RouteContext, type RouteHandler } from './context.js';

/** Largest `POST /publish` body read; a larger one is refused with 413. */
export const MAX_PUBLISH_BODY_BYTES = 64 * 1024;

/** `GET /health`: liveness, and the newest seq (a reader that starts there gets only what comes next). */
export const handleHealth: RouteHandler = (_req, res, _url, ctx) =>
  sendJson(res, 200, JSON.stringify({ ok: true, head: ctx.log.head }));

/** `GET /time`: the server's shared-clock reading in ns, for clock-offset estimation. */
export const handleTime: RouteHandler = (_req, res) => sendJson(res, 200, JSON.stringify({ t: nowNs().toString() }));

/** `GET /stats`: server-side counters per transport, and what the event log holds. */
export const handleStats: RouteHandler = (req, res, _url, ctx) =>
  sendJson(
    res,
    200,
    JSON.stringify({
      head: ctx.log.head,
      // The schedule's rate now (a teacher's page shows it); null where nothing publishes on a schedule.
      ratePerSec: ctx.rate ? ctx.rate.ratePerSec() : null,
      log: ctx.log.retained(),
      routes: ctx.accounting.snapshot(),
      ...ctx.browsers.snapshot(),
      // What the tool's --headers browser profile adds to each transport's requests, beside what real browsers sent.
      // Its origin and referer name this server, as they would for a page it served.
      browserProfileHeaderLineBytes: Object.fromEntries(
        TRANSPORTS.map((t) => [t, browserHeaderLineBytes(`http://${req.headers.host ?? 'localhost'}`, t)]),
      ),
    }),
  );

const manualRandom = seededRandom(0x5eed);

/** True when an `Authorization` header is `Bearer <token>` (compared in constant time). */
export function authorized(authorization: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(authorization ?? '')?.[1]?.trim() ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** Refuses a request without the token (when the server has one) with 401; true when it may go on. */
function allowed(req: IncomingMessage, res: ServerResponse, ctx: RouteContext): boolean {
  if (ctx.publishToken === undefined || authorized(req.headers.authorization, ctx.publishToken)) return true;
  ctx.accounting.fault('control', 'PUBLISH_UNAUTHORIZED');
  res.setHeader('www-authenticate', 'Bearer');
  sendJson(
    res,
    401,
    JSON.stringify({ error: "publishing needs 'Authorization: Bearer <token>' (serve printed the token)" }),
  );
  return false;
}

/**
 * `POST /rate?per_sec=N`: changes the running publisher's rate (a teacher's control); needs the token like /publish.
 */
export const handleRate: RouteHandler = (req, res, url, ctx) => {
  if (!allowed(req, res, ctx)) return;
  req.resume();
  const rate = Number(url.searchParams.get('per_sec'));
  if (!ctx.rate) return sendJson(res, 409, JSON.stringify({ error: 'nothing publishes on a schedule here' }));
  if (!(rate > 0 && rate <= 10_000)) return badRequest(res, 'per_sec must be a number above 0 and at most 10000');
  ctx.rate.change(rate);
  sendJson(res, 200, JSON.stringify({ ratePerSec: rate }));
};

/** `POST /publish`: publishes one event now: the publisher's own (stamp and data), or one of the configured size. */
export const handlePublish: RouteHandler = (req, res, _url, ctx) => {
  if (!allowed(req, res, ctx)) return;
  // The body is read up to a bound: `{"t":"<ns>","data":"…"}` publishes the publisher's own
  // event and stamp (docs/protocol.md); an empty body publishes one of the configured size, stamped now.
  const chunks: Buffer[] = [];
  let bodyBytes = 0;
  req.on('data', (chunk: Buffer) => {
    bodyBytes += chunk.length;
    if (bodyBytes <= MAX_PUBLISH_BODY_BYTES) {
      chunks.push(chunk);
      return;
    }
    if (res.headersSent) return;
    ctx.accounting.fault('control', 'BODY_TOO_LARGE');
    res.setHeader('connection', 'close');
    // The answer goes out first; then the connection ends, with whatever the body still had.
    res.once('finish', () => req.destroy());
    sendJson(res, 413, JSON.stringify({ error: `a publish body may be at most ${MAX_PUBLISH_BODY_BYTES} bytes` }));
  });
  req.once('end', () => {
    if (res.headersSent) return;
    const given = publishedEvent(Buffer.concat(chunks).toString('utf8'));
    if (given === undefined) {
      ctx.accounting.fault('control', 'BAD_PUBLISH');
      return badRequest(res, 'a publish body is empty or {"t":"<ns, digits>","data":"<string>"}');
    }
    const event = given
      ? ctx.log.publish(given.data, given.stampNs)
      : ctx.log.publish(seededPayload(ctx.payloadBytes, manualRandom));
    sendJson(res, 201, JSON.stringify({ seq: event.seq, t: event.publishedAtNs.toString() }));
  });
};

/** The event a publish body carries: null for an empty body, undefined for one that is not `{t, data}`. */
function publishedEvent(body: string): { stampNs: bigint; data: string } | null | undefined {
  if (body.trim() === '') return null;
  try {
    const { t, data } = JSON.parse(body) as { t?: unknown; data?: unknown };
    if (typeof t === 'string' && /^\d{1,20}$/.test(t) && typeof data === 'string') return { stampNs: BigInt(t), data };
  } catch {
    // not JSON: refused below
  }
  return undefined;
}
