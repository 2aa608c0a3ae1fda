/**
 * The seqs one client has received, counted from the phase's start: one bit each, so 10,000 clients × 60,000 events
 * fit in 75 MB rather than 600. The bitmap grows only while it stays within a few bytes per delivery, whatever numbers
 * a server sends; a seq far past it (a server that numbers by timestamp) is kept one by one, so memory follows
 * deliveries.
 */
export class SeqSet {
  private bits = new Uint8Array(8);
  private far: Set<number> | undefined;

  /** True when `index` is in the set. */
  has(index: number): boolean {
    const byte = index >>> 3;
    if (byte >= this.bits.length) return this.far?.has(index) ?? false;
    return (this.bits[byte]! & (1 << (index & 7))) !== 0;
  }

  /** Adds `index`; true when it already was in. `delivered` (the phase's so far) bounds how far the bitmap grows. */
  addAgain(index: number, delivered: number): boolean {
    const byte = index >>> 3;
    if (byte >= this.bits.length) {
      const room = Math.max(64 * 1024, 8 * (delivered + 1));
      if (byte >= room) {
        this.far ??= new Set();
        if (this.far.has(index)) return true;
        this.far.add(index);
        return false;
      }
      const grown = new Uint8Array(Math.min(room, Math.max(byte + 1, this.bits.length * 2)));
      grown.set(this.bits);
      this.bits = grown;
    }
    const bit = 1 << (index & 7);
    if ((this.bits[byte]! & bit) !== 0) return true;
    this.bits[byte]! |= bit;
    return false;
  }
}
