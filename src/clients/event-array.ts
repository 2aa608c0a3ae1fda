import { nowNs } from '../shared/clock.js';
import type { DeliveryRecorder } from '../shared/types.js';
import type { WireEvent } from '../shared/types.js';

/**
 * Records every event of a polling response body (a JSON array of events). All of them are
 * received together, timestamped once the body is parsed. Returns how many it carried.
 */
export function deliverEventArray(body: string, recorder: DeliveryRecorder): number {
  const events = JSON.parse(body) as WireEvent[];
  const receivedNs = nowNs();
  for (const event of events) {
    // The server encodes each event with JSON.stringify; re-encoding gives its exact wire size.
    recorder.deliver(event.seq, BigInt(event.t), receivedNs, Buffer.byteLength(JSON.stringify(event)));
  }
  if (events.length === 0) recorder.emptyResponse();
  return events.length;
}
