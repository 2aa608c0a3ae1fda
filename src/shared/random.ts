/** A small seeded PRNG (mulberry32): the same seed gives the same run schedule and payloads. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = Buffer.from('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 'latin1');

/** A seeded ASCII string of exactly `bytes` bytes that JSON carries without escaping. */
export function seededPayload(bytes: number, random: () => number): string {
  // Filled byte by byte, then read as one string: a 64 kB payload is not 64,000 concatenations.
  const out = Buffer.allocUnsafe(bytes);
  for (let i = 0; i < bytes; i++) out[i] = ALPHABET[Math.floor(random() * ALPHABET.length)]!;
  return out.toString('latin1');
}
