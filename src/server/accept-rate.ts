/** The width of one bucket of accepts, in ms; ten of them make the one-second window. */
const BUCKET_MS = 100;
const BUCKETS = 10;

/**
 * Connections accepted per second at the peak: accepts counted in 100 ms buckets, the window the ten newest of them.
 * A reconnect storm (every client of a restarted server coming back) shows here; a crowd connecting in batches too.
 */
export class AcceptRate {
  private readonly buckets = new Uint32Array(BUCKETS);
  private bucket = -1;
  private inWindow = 0;
  /** The most accepts any one-second window held since the last reset. */
  peakPerSec = 0;

  /** Counts one accepted connection now. */
  count(nowMs = performance.now()): void {
    const bucket = Math.floor(nowMs / BUCKET_MS);
    // The buckets the clock moved past since the last accept empty out of the window.
    for (let b = Math.max(this.bucket + 1, bucket - BUCKETS + 1); b <= bucket; b++) {
      this.inWindow -= this.buckets[b % BUCKETS]!;
      this.buckets[b % BUCKETS] = 0;
    }
    this.bucket = Math.max(this.bucket, bucket);
    this.buckets[bucket % BUCKETS]! += 1;
    this.inWindow += 1;
    if (this.inWindow > this.peakPerSec) this.peakPerSec = this.inWindow;
  }

  /** Starts counting afresh (a new phase). */
  reset(): void {
    this.buckets.fill(0);
    this.bucket = -1;
    this.inWindow = 0;
    this.peakPerSec = 0;
  }
}
