import { nowNs } from '../shared/clock.js';
import type { DeliveryRecorder } from '../shared/run-types.js';

/** An event decoded from the wire: its seq, its publish stamp (ns), and the bytes of its JSON. */
export interface DecodedEvent {
  seq: number;
  publishedNs: bigint;
  payloadBytes: number;
  data: string;
}

/** Decodes one event from its JSON text as it crossed the wire; undefined when it is not an event. */
export function decodeEvent(text: string): DecodedEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { seq, t, data } = value as { seq?: unknown; t?: unknown; data?: unknown };
  if (
    typeof seq !== 'number' ||
    !Number.isSafeInteger(seq) ||
    seq < 1 ||
    typeof t !== 'string' ||
    !/^\d{1,20}$/.test(t)
  )
    return undefined;
  return {
    seq,
    publishedNs: BigInt(t),
    payloadBytes: Buffer.byteLength(text),
    data: typeof data === 'string' ? data : '',
  };
}

/**
 * Records one event received as `text` (an SSE message's data, a WebSocket frame), timestamped
 * now; anything that is not an event is counted as BAD_EVENT.
 */
export function deliverEvent(text: string, recorder: DeliveryRecorder, receivedNs = nowNs()): void {
  // A shared target (a chat) may wrap what it relays ("Client #7 says: {…}"): the event is then
  // the JSON object inside the text, and its bytes are the ones the tool sent.
  const shared = recorder.isForeign(undefined);
  const event =
    decodeEvent(text) ?? (shared ? decodeEvent(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) : undefined);
  // On a shared target, a message that is no event is someone else's (a chat line): foreign.
  if (!event) shared ? recorder.foreign(0) : recorder.fault('BAD_EVENT');
  else if (recorder.isForeign(event.data)) recorder.foreign(event.seq);
  else recorder.deliver(event.seq, event.publishedNs, receivedNs, event.payloadBytes);
}

/**
 * The texts of a JSON array's elements, exactly as they stand in `body` (so their byte counts
 * are the wire's, whatever spacing a server uses); undefined when `body` is not an array.
 */
export function arrayElements(body: string): string[] | undefined {
  const open = body.indexOf('[');
  if (open < 0 || body.slice(0, open).trim() !== '') return undefined;
  const elements: string[] = [];
  let depth = 0;
  let inString = false;
  let start = open + 1;
  for (let i = open + 1; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && depth > 0) depth--;
    else if ((c === ',' || c === ']') && depth === 0) {
      const element = body.slice(start, i).trim();
      if (element !== '') elements.push(element);
      else if (c === ',' || elements.length > 0) return undefined;
      if (c === ']') return body.slice(i + 1).trim() === '' ? elements : undefined;
      start = i + 1;
    }
  }
  return undefined;
}

/**
 * Records every event of a polling answer (a JSON array of events), all received together and
 * timestamped once the body is read. Returns how many events it carried; a body that is not an
 * array is one BAD_EVENT.
 */
export function deliverEventArray(body: string, recorder: DeliveryRecorder): number {
  // Most polls come back empty: counted without reading the clock or parsing.
  if (body === '[]') {
    recorder.emptyResponse();
    return 0;
  }
  const receivedNs = nowNs();
  const elements = arrayElements(body);
  if (!elements) {
    recorder.fault('BAD_EVENT');
    return 0;
  }
  for (const element of elements) deliverEvent(element, recorder, receivedNs);
  if (elements.length === 0) recorder.emptyResponse();
  return elements.length;
}

/**
 * The event a Socket.IO server emitted: the value itself, or (a server that wraps what it relays,
 * `{ sid, data: event }`) the first object inside it that has a `seq` and a `t`, as JSON text.
 */
export function socketIoEventText(value: unknown): string {
  if (typeof value === 'string') return value;
  const queue: unknown[] = [value];
  for (let seen = 0; queue.length > 0 && seen < 50; seen++) {
    const next = queue.shift();
    if (next && typeof next === 'object') {
      if ('seq' in next && 't' in next) return JSON.stringify(next);
      queue.push(...Object.values(next));
    }
  }
  return JSON.stringify(value);
}
