import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { TransportClientFactory } from './client-context.js';
import { createHttpClient, type HttpIo } from './http-loop.js';
import { lineGuard } from './read-limits.js';
import { deliverEvent } from './wire-event.js';

/**
 * Server-Sent Events: one `GET /sse` stream, parsed incrementally; each event is timestamped
 * the moment the parser yields it. After a dropped stream it reconnects with Last-Event-ID.
 */
export const createSseClient: TransportClientFactory = (ctx) => {
  let first: { done: Promise<void> } | undefined;

  /** Opens one stream; resolves once the response headers arrived, with its body loop. */
  const open = async (io: HttpIo): Promise<{ done: Promise<void> }> => {
    const lastSeq = ctx.recorder.lastSeq;
    ctx.recorder.request();
    const { body } = await io.get('/sse', {
      accept: 'text/event-stream',
      ...(lastSeq > 0 ? { 'last-event-id': String(lastSeq) } : {}),
    });
    const parser = createParser({ onEvent: (message: EventSourceMessage) => deliverEvent(message.data, ctx.recorder) });
    const decoder = new TextDecoder();
    // The parser holds a line until its end: a line past the cap drops the stream instead.
    const guard = lineGuard(ctx.limits.messageBytes);
    const done = (async () => {
      for await (const chunk of body) {
        const text = decoder.decode(chunk as Buffer, { stream: true });
        try {
          guard(text);
        } catch (error) {
          body.destroy();
          throw error;
        }
        parser.feed(text);
      }
    })();
    return { done };
  };

  return createHttpClient(ctx, {
    preconnect: false,
    bodyIdleMs: 0,
    startsAt: 'connect',
    inFlightAtStop: 'abandon',
    // The client is ready once its first stream is open.
    connect: async (io) => {
      first = await open(io);
    },
    // Reads streams until stopped, reopening after a fault so nothing published is lost.
    run: async (io) => {
      let stream = first;
      while (!io.signal.aborted) {
        try {
          stream ??= await open(io);
          await stream.done;
          if (!io.signal.aborted) ctx.recorder.fault('STREAM_ENDED');
        } catch (error) {
          io.fault(error);
        }
        stream = undefined;
        if (io.signal.aborted) return;
        await io.pause();
      }
    },
  });
};
