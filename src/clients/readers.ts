/**
 * How a client reads what arrives: the protocol's events (`{"seq","t","data"}`, docs/protocol.md),
 * or, on an app measured as it is, the tool's markers wherever they stand in the app's own messages.
 */
import { nowNs } from '../shared/clock.js';
import { findMarkers, type FoundMarker } from '../shared/marker.js';
import type { DeliveryRecorder } from '../shared/run-types.js';
import type { ClientContext } from './client-context.js';
import { itemBytesAt } from './item-spans.js';
import { deliverEvent, deliverEventArray } from './wire-event.js';

/** One way of reading a lane's wire into deliveries. */
export interface WireReader {
  /** One message received at `receivedNs`: an SSE event's data, a WebSocket frame, a Socket.IO event as JSON. */
  message(text: string, recorder: DeliveryRecorder, receivedNs: bigint): void;
  /** One polling answer's body, read whole just now; returns how many events it newly delivered. */
  answer(body: string, recorder: DeliveryRecorder): number;
}

/** This run's markers in `text` (another phase's or run's are not looked at), each seq once, in seq order. */
function ownMarkers(text: string, recorder: DeliveryRecorder): FoundMarker[] {
  const bySeq = new Map<number, FoundMarker>();
  for (const marker of findMarkers(text)) {
    if (!recorder.isForeign(marker.text) && !bySeq.has(marker.seq)) bySeq.set(marker.seq, marker);
  }
  // Everything in one message arrived at one moment: seq order, so an app's newest-first list is not out of order.
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The protocol's events, as the demo server and a protocol target send them. */
export const PROTOCOL_READER: WireReader = {
  message: (text, recorder, receivedNs) => deliverEvent(text, recorder, receivedNs),
  answer: deliverEventArray,
};

/**
 * The tool's markers in an app's own messages. A message without one is the app's own traffic
 * (a hello, a ping, another user's post): not an event and not a fault. A polling answer that
 * repeats what the client had (a list without a cursor) counts the repeats as re-fetched, with
 * the bytes of their items, and is a response that carried no event when nothing in it was new.
 */
export const MARKER_READER: WireReader = {
  message: (text, recorder, receivedNs) => {
    // A marker is ASCII: its characters are its bytes.
    for (const marker of ownMarkers(text, recorder))
      recorder.deliver(marker.seq, marker.stampNs, receivedNs, marker.text.length);
  },
  answer: (body, recorder) => {
    const receivedNs = nowNs();
    const markers = ownMarkers(body, recorder);
    const again = markers.filter((marker) => recorder.has(marker.seq));
    if (again.length > 0) {
      const indexes = again.map((marker) => marker.index).sort((a, b) => a - b);
      for (const bytes of itemBytesAt(body, indexes)) recorder.refetch(bytes);
    }
    const fresh = markers.filter((marker) => !recorder.has(marker.seq));
    for (const marker of fresh) recorder.deliver(marker.seq, marker.stampNs, receivedNs, marker.text.length);
    if (fresh.length === 0) recorder.emptyResponse();
    return fresh.length;
  },
};

/** The reader for a client: markers where it reads an app's own route, else the protocol's events. */
export const readerFor = (ctx: Pick<ClientContext, 'route'>): WireReader =>
  ctx.route ? MARKER_READER : PROTOCOL_READER;
