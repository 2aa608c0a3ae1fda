import type { SocketMeter } from '../metrics/socket-meter.js';
import type { AppSpec } from '../shared/app-types.js';
import { markerOf, renderTemplate } from '../shared/marker.js';
import type { ClientWire } from '../shared/wire-types.js';
import { chatPublisher, requestPublisher, socketIoPublisher, type TargetPublisher } from './target-publisher.js';

/** How an app's publish body is sent: its content type, and whether the marker goes in as JSON string content. */
export interface BodyShape {
  headers: Record<string, string>;
  json: boolean;
}

/**
 * The headers of an HTTP publish: the user's, and a content type when they gave none (JSON when the
 * template is JSON with a marker in it, else plain text).
 */
export function bodyShape(spec: Pick<AppSpec, 'body' | 'headers'>): BodyShape {
  const given = Object.keys(spec.headers).find((name) => name.toLowerCase() === 'content-type');
  let type = given === undefined ? undefined : spec.headers[given]!;
  if (type === undefined) {
    let json = false;
    try {
      JSON.parse(renderTemplate(spec.body, 'pvp', false));
      json = true;
    } catch {}
    type = json ? 'application/json' : 'text/plain; charset=utf-8';
  }
  return {
    headers: { ...(given === undefined ? { 'content-type': type } : {}), ...spec.headers },
    json: /\bjson\b/i.test(type),
  };
}

/** The app's own message for one event: the body template with the event's marker in it. */
export function appMessage(spec: AppSpec, tag: string, seq: number, stampNs: bigint, json: boolean): string {
  return renderTemplate(spec.body, markerOf(tag, seq, stampNs), json);
}

/** A Socket.IO emit carries JSON as a value (an object, as the app's own client would emit it), anything else as text. */
function asValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Publishes into an app as it is: each event the app's own message (`--publish-body`, `{{marker}}`
 * made the event's marker, tagged by `tagOf()`, the phase's tag), sent as `--publish` says: an
 * HTTP request whose any 2xx is taken, a WebSocket text frame, or a Socket.IO emit.
 */
export async function appPublisher(
  spec: AppSpec,
  meter: SocketMeter,
  timeoutMs: number,
  options: { wire: ClientWire; deflate: boolean; tagOf: () => string },
): Promise<TargetPublisher> {
  const { publish } = spec;
  const shape = bodyShape(spec);
  const message = (stampNs: bigint, seq: number): string => appMessage(spec, options.tagOf(), seq, stampNs, shape.json);
  if (publish.how === 'ws') return chatPublisher(publish.url, meter, options.deflate, options.wire, message);
  if (publish.how === 'socketio') {
    return socketIoPublisher(publish.url, meter, options.deflate, publish.event, options.wire, (stampNs, seq) =>
      asValue(message(stampNs, seq)),
    );
  }
  const url = new URL(publish.url);
  return requestPublisher(publish.url, meter, timeoutMs, options.wire, (stampNs, seq) => ({
    path: `${url.pathname}${url.search}`,
    method: publish.method,
    headers: shape.headers,
    body: message(stampNs, seq),
  }));
}
