import { nowNs } from '../../shared/clock.js';
import { seededPayload, seededRandom } from '../../shared/random.js';
import { sendJson, type RouteHandler } from './context.js';

/** `GET /health`: liveness. */
export const handleHealth: RouteHandler = (_req, res) => sendJson(res, 200, '{"ok":true}');

/** `GET /time`: the server's shared-clock reading in ns, for clock-offset estimation. */
export const handleTime: RouteHandler = (_req, res) => sendJson(res, 200, JSON.stringify({ t: nowNs().toString() }));

/** `GET /stats`: server-side counters per transport. */
export const handleStats: RouteHandler = (_req, res, _url, ctx) =>
  sendJson(res, 200, JSON.stringify({ head: ctx.log.head, routes: ctx.accounting.snapshot() }));

const manualRandom = seededRandom(0x5eed);

/** `POST /publish`: publishes one event now, with a payload of the configured size. */
export const handlePublish: RouteHandler = (req, res, _url, ctx) => {
  // The request body is not used; drain it so the connection stays usable.
  req.resume();
  req.once('end', () => {
    const event = ctx.log.publish(seededPayload(ctx.payloadBytes, manualRandom));
    sendJson(res, 201, JSON.stringify({ seq: event.seq, t: event.publishedAtNs.toString() }));
  });
};
