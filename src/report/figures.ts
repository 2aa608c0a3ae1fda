import type { TransportResult } from '../shared/result-types.js';
import { isFigure, safeDivide, type MaybeNumber } from './format.js';

/** Client sent + received: every byte the client's sockets carried. */
export function wireBytes(t: TransportResult): number {
  return t.bytes.clientSent + t.bytes.clientReceived;
}

/** Wire bytes that were not event JSON, per delivered event; null when nothing was delivered. */
export function overheadPerEvent(t: TransportResult): number | null {
  return safeDivide(wireBytes(t) - t.bytes.payload, t.events.delivered);
}

/** The overhead share 0..1, shown only when some byte crossed the wire (else it is 0/0). */
export function overheadShare(t: TransportResult): number | null {
  return wireBytes(t) > 0 ? t.bytes.overheadShare : null;
}

/** A per-event figure from the result, shown only when events were delivered (else it is 0/0). */
export function perDelivered(t: TransportResult, value: MaybeNumber): number | null {
  return t.events.delivered > 0 && isFigure(value) ? value : null;
}
