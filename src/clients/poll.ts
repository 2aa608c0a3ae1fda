import { nowNs, sleepUntil } from '../shared/clock.js';
import { faultCode } from '../shared/errors.js';
import { meteredHttpClient, type TransportClientFactory } from './client-context.js';
import { MORE_EVENTS_HEADER } from '../shared/protocol.js';
import { deliverEventArray } from './event-array.js';

/**
 * Short polling: every poll interval, starting at this client's seeded phase,
 * `GET /poll?since=<last seq>`. One request at a time on one keep-alive connection, opened
 * before the phase starts. An answer cut at the server's limit is followed by another at once.
 */
export const createPollClient: TransportClientFactory = (ctx) => {
  const { http, preconnect, releaseUnused } = meteredHttpClient(ctx.url, ctx.meter);
  const stopping = new AbortController();
  let loop: Promise<void> = Promise.resolve();

  /** Polls once; true when the server said more events are waiting. */
  const pollOnce = async (): Promise<boolean> => {
    ctx.recorder.request();
    try {
      const { statusCode, headers, body } = await http.request({
        path: `/poll?since=${ctx.recorder.lastSeq}`,
        method: 'GET',
        ...(ctx.requestHeaders ? { headers: ctx.requestHeaders } : {}),
      });
      const text = await body.text();
      if (statusCode !== 200) {
        ctx.recorder.fault(`HTTP_${statusCode}`);
        return false;
      }
      return deliverEventArray(text, ctx.recorder) > 0 && headers[MORE_EVENTS_HEADER] !== undefined;
    } catch (error) {
      ctx.recorder.fault(faultCode(error));
      return false;
    }
  };

  const run = async (startAtNs: bigint): Promise<void> => {
    const intervalNs = BigInt(Math.round(ctx.pollIntervalMs * 1e6));
    let dueNs = startAtNs + BigInt(Math.round(ctx.phaseMs * 1e6));
    for (;;) {
      await sleepUntil(dueNs, stopping.signal);
      if (stopping.signal.aborted) return;
      while ((await pollOnce()) && !stopping.signal.aborted);
      dueNs += intervalNs;
      // A poll slower than the interval skips the ticks it overran, as a real poller would.
      const now = nowNs();
      while (dueNs <= now) dueNs += intervalNs;
    }
  };

  return {
    connect: async () => {
      try {
        await preconnect();
      } catch (error) {
        ctx.recorder.fault(faultCode(error));
      }
    },
    begin: (startAtNs) => {
      loop = run(startAtNs);
    },
    stop: async () => {
      stopping.abort();
      // A poll in flight is let finish: its bytes are on the wire and it may carry events.
      await loop;
      releaseUnused();
      await http.close();
    },
  };
};
