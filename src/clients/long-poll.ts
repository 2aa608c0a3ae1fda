import { setTimeout as delay } from 'node:timers/promises';
import { faultCode } from '../shared/errors.js';
import { meteredHttpClient, RECONNECT_DELAY_MS, type TransportClientFactory } from './client-context.js';
import { deliverEventArray } from './event-array.js';

/**
 * Long polling: `GET /long-poll?since=<last seq>&timeout=MS`, re-requested at once after
 * every answer, so one request is always held at the server. The first goes out as soon as the
 * connection is open, before the phase starts: the run waits until the server holds it.
 */
export const createLongPollClient: TransportClientFactory = (ctx) => {
  const { http, preconnect } = meteredHttpClient(ctx.url, ctx.meter);
  const stopping = new AbortController();
  let loop: Promise<void> = Promise.resolve();

  const run = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      ctx.recorder.request();
      try {
        const { statusCode, body } = await http.request({
          path: `/long-poll?since=${ctx.recorder.lastSeq}&timeout=${ctx.longPollTimeoutMs}`,
          method: 'GET',
          ...(ctx.requestHeaders ? { headers: ctx.requestHeaders } : {}),
          signal: stopping.signal,
        });
        const text = await body.text();
        if (statusCode !== 200) {
          ctx.recorder.fault(`HTTP_${statusCode}`);
          await delay(RECONNECT_DELAY_MS, undefined, { signal: stopping.signal }).catch(() => {});
          continue;
        }
        deliverEventArray(text, ctx.recorder);
      } catch (error) {
        // The held request is abandoned on purpose when the phase ends: not a fault.
        if (stopping.signal.aborted) return;
        ctx.recorder.fault(faultCode(error));
        await delay(RECONNECT_DELAY_MS, undefined, { signal: stopping.signal }).catch(() => {});
      }
    }
  };

  return {
    connect: async () => {
      try {
        await preconnect();
      } catch (error) {
        ctx.recorder.fault(faultCode(error));
      }
      loop = run();
    },
    begin: () => {},
    stop: async () => {
      stopping.abort();
      await loop;
      // destroy, not close: after an aborted request undici's close() opens a fresh connection.
      await http.destroy();
    },
  };
};
