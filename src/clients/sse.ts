import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { nowNs } from '../shared/clock.js';
import { routePath, type TransportClientFactory } from './client-context.js';
import { createHttpClient, type HttpIo } from './http-loop.js';
import { lineGuard } from './read-limits.js';
import { readerFor } from './readers.js';

/**
 * Server-Sent Events: one `GET /sse` stream, parsed incrementally; each event is timestamped
 * the moment the parser yields it. After a dropped stream it reconnects with Last-Event-ID: the
 * last seq on the protocol's stream, the last `id:` the stream gave on an app's (as a browser does).
 */
export const createSseClient: TransportClientFactory = (ctx) => {
  const reader = readerFor(ctx);
  const path = ctx.route ? routePath(ctx.route) : '/sse';
  /** The last `id:` an app's stream gave. */
  let lastId: string | undefined;
  const resumeId = (): string | undefined => {
    if (ctx.route) return lastId;
    return ctx.recorder.lastSeq > 0 ? String(ctx.recorder.lastSeq) : undefined;
  };
  let first: { done: Promise<void> } | undefined;

  /** Opens one stream; resolves once the response headers arrived, with its body loop. */
  const open = async (io: HttpIo): Promise<{ done: Promise<void> }> => {
    const resume = resumeId();
    ctx.recorder.request();
    const { body } = await io.get(path, {
      accept: 'text/event-stream',
      ...(resume !== undefined ? { 'last-event-id': resume } : {}),
    });
    const parser = createParser({
      onEvent: (message: EventSourceMessage) => {
        if (message.id !== undefined) lastId = message.id;
        reader.message(message.data, ctx.recorder, nowNs());
      },
    });
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
