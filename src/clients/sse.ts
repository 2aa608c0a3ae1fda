import { setTimeout as delay } from 'node:timers/promises';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { nowNs } from '../shared/clock.js';
import { faultCode } from '../shared/errors.js';
import type { WireEvent } from '../shared/types.js';
import { meteredHttpClient, RECONNECT_DELAY_MS, type TransportClientFactory } from './client-context.js';

/**
 * Server-Sent Events: one `GET /sse` stream, parsed incrementally; each event is timestamped
 * the moment the parser yields it. After a dropped stream it reconnects with Last-Event-ID.
 */
export const createSseClient: TransportClientFactory = (ctx) => {
  const { http } = meteredHttpClient(ctx.url, ctx.meter);
  const stopping = new AbortController();
  let streaming: Promise<void> = Promise.resolve();

  const onEvent = (message: EventSourceMessage): void => {
    const receivedNs = nowNs();
    const event = JSON.parse(message.data) as WireEvent;
    ctx.recorder.deliver(event.seq, BigInt(event.t), receivedNs, Buffer.byteLength(message.data));
  };

  /** Opens one stream; resolves once the response headers arrived, with its body loop. */
  const open = async (): Promise<{ done: Promise<void> }> => {
    const lastSeq = ctx.recorder.lastSeq;
    ctx.recorder.request();
    const { statusCode, body } = await http.request({
      path: '/sse',
      method: 'GET',
      headers: { accept: 'text/event-stream', ...ctx.requestHeaders, ...(lastSeq > 0 ? { 'last-event-id': String(lastSeq) } : {}) },
      signal: stopping.signal,
    });
    if (statusCode !== 200) {
      await body.dump();
      throw Object.assign(new Error(`status ${statusCode}`), { code: `HTTP_${statusCode}` });
    }
    const parser = createParser({ onEvent });
    const decoder = new TextDecoder();
    const done = (async () => {
      for await (const chunk of body) parser.feed(decoder.decode(chunk as Buffer, { stream: true }));
    })();
    return { done };
  };

  /** Reads streams until stopped, reopening after a fault so nothing published is lost. */
  const keepStreaming = async (first: { done: Promise<void> } | undefined): Promise<void> => {
    let stream = first;
    while (!stopping.signal.aborted) {
      try {
        stream ??= await open();
        await stream.done;
        if (!stopping.signal.aborted) ctx.recorder.fault('SSE_STREAM_ENDED');
      } catch (error) {
        if (!stopping.signal.aborted) ctx.recorder.fault(faultCode(error));
      }
      stream = undefined;
      if (stopping.signal.aborted) return;
      await delay(RECONNECT_DELAY_MS, undefined, { signal: stopping.signal }).catch(() => {});
    }
  };

  return {
    connect: async () => {
      let first: { done: Promise<void> } | undefined;
      try {
        first = await open();
      } catch (error) {
        ctx.recorder.fault(faultCode(error));
      }
      streaming = keepStreaming(first);
    },
    begin: () => {},
    stop: async () => {
      stopping.abort();
      await streaming;
      // destroy, not close: after an aborted request undici's close() opens a fresh connection.
      await http.destroy();
    },
  };
};
