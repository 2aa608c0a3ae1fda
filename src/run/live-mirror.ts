import { PhaseRecorder } from '../metrics/recorder.js';
import type { SocketBytes } from '../metrics/socket-meter.js';
import type { PhaseStart } from '../shared/run-types.js';
import type { LiveTally } from './client-protocol.js';

/**
 * What a live view reads of clients that run in processes of their own: a recorder and a byte count kept from the
 * tallies those processes send as they go (counts summed over processes, latencies and the sampled client's
 * arrivals added as they come). The view only; the result is made from the tallies handed over at the end.
 */
export class LiveMirror {
  readonly recorder: PhaseRecorder;
  private readonly latest: LiveTally[] = [];

  constructor(start: PhaseStart) {
    this.recorder = new PhaseRecorder(start);
  }

  /** Takes process `index`'s tally. */
  apply(index: number, tally: LiveTally): void {
    this.latest[index] = tally;
    const sum = (key: Exclude<keyof LiveTally, 'latency' | 'arrivals'>): number =>
      this.latest.reduce((total, t) => total + (t?.[key] ?? 0), 0);
    const r = this.recorder;
    r.httpRequests = sum('httpRequests');
    r.emptyResponses = sum('emptyResponses');
    r.handshakes = sum('handshakes');
    r.delivered = sum('delivered');
    r.payloadBytes = sum('payloadBytes');
    r.highestSeq = Math.max(r.highestSeq, tally.highestSeq);
    if (tally.latency) r.addLatencies(tally.latency);
    for (const [seq, publishedNs, receivedNs] of tally.arrivals) r.sampleListener?.(seq, publishedNs, receivedNs);
  }

  /** The bytes of every process's sockets, as of their last tallies. */
  readonly meter = {
    totals: (): SocketBytes => ({
      bytesRead: this.latest.reduce((total, t) => total + (t?.bytesRead ?? 0), 0),
      bytesWritten: this.latest.reduce((total, t) => total + (t?.bytesWritten ?? 0), 0),
    }),
  };
}
