import { nowNs, sleepUntil } from '../shared/clock.js';
import { faultCode } from '../shared/errors.js';
import { meteredHttpClient, type TransportClientFactory } from './client-context.js';
import { deliverEventArray } from './event-array.js';

/**
 * Short polling: every poll interval, starting at this client's seeded phase,
 * `GET /poll?since=<last seq>`. One request at a time on one keep-alive connection.
 */
export const createPollClient: TransportClientFactory = (ctx) => {
  const http = meteredHttpClient(ctx.url, ctx.meter);
  const stopping = new AbortController();
  let loop: Promise<void> = Promise.resolve();

  const pollOnce = async (): Promise<void> => {
    ctx.recorder.request();
    try {
      const { statusCode, body } = await http.request({
        path: `/poll?since=${ctx.recorder.lastSeq}`,
        method: 'GET',
        ...(ctx.requestHeaders ? { headers: ctx.requestHeaders } : {}),
      });
      const text = await body.text();
      if (statusCode !== 200) return ctx.recorder.fault(`HTTP_${statusCode}`);
      deliverEventArray(text, ctx.recorder);
    } catch (error) {
      ctx.recorder.fault(faultCode(error));
    }
  };

  const run = async (startAtNs: bigint): Promise<void> => {
    const intervalNs = BigInt(Math.round(ctx.pollIntervalMs * 1e6));
    let dueNs = startAtNs + BigInt(Math.round(ctx.phaseMs * 1e6));
    for (;;) {
      await sleepUntil(dueNs, stopping.signal);
      if (stopping.signal.aborted) return;
      await pollOnce();
      dueNs += intervalNs;
      // A poll slower than the interval skips the ticks it overran, as a real poller would.
      const now = nowNs();
      while (dueNs <= now) dueNs += intervalNs;
    }
  };

  return {
    connect: async () => {},
    begin: (startAtNs) => {
      loop = run(startAtNs);
    },
    stop: async () => {
      stopping.abort();
      // A poll in flight is let finish: its bytes are on the wire and it may carry events.
      await loop;
      await http.close();
    },
  };
};
