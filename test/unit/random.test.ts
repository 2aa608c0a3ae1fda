import { describe, expect, it } from 'vitest';
import { seededPayload, seededRandom } from '../../src/shared/random.js';

function take(random: () => number, count: number): number[] {
  return Array.from({ length: count }, () => random());
}

describe('seededRandom', () => {
  it('gives the same sequence for the same seed', () => {
    expect(take(seededRandom(1), 100)).toEqual(take(seededRandom(1), 100));
    expect(take(seededRandom(0), 20)).toEqual(take(seededRandom(0), 20));
    expect(take(seededRandom(4_294_967_295), 20)).toEqual(take(seededRandom(4_294_967_295), 20));
  });

  it('gives different sequences for different seeds', () => {
    const seeds = [0, 1, 2, 3, 42, 1234, 4_294_967_295];
    const firsts = seeds.map((seed) => take(seededRandom(seed), 10).join(','));
    expect(new Set(firsts).size).toBe(seeds.length);
  });

  it('draws numbers in [0, 1) that are not constant', () => {
    const values = take(seededRandom(7), 10_000);
    for (const value of values) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
    expect(new Set(values).size).toBeGreaterThan(9_900);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    // the mean of 10 000 uniform draws has a standard deviation of ~0.003
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('keeps independent generators independent', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    const first = a();
    a();
    expect(b()).toBe(first);
  });
});

describe('seededPayload', () => {
  it('is exactly the requested number of bytes', () => {
    for (const bytes of [0, 1, 2, 63, 64, 1000, 65_536]) {
      const payload = seededPayload(bytes, seededRandom(1));
      expect(payload.length).toBe(bytes);
      expect(Buffer.byteLength(payload, 'utf8')).toBe(bytes);
    }
  });

  it('is JSON-safe: stringifying adds only the two quotes', () => {
    const payload = seededPayload(10_000, seededRandom(99));
    expect(JSON.stringify(payload)).toBe(`"${payload}"`);
    expect(payload).toMatch(/^[A-Za-z0-9]*$/);
  });

  it('is the same for the same seed and differs for another seed', () => {
    expect(seededPayload(64, seededRandom(1))).toBe(seededPayload(64, seededRandom(1)));
    expect(seededPayload(64, seededRandom(1))).not.toBe(seededPayload(64, seededRandom(2)));
  });

  it('uses the generator it is given, so consecutive payloads differ', () => {
    const random = seededRandom(3);
    const first = seededPayload(32, random);
    const second = seededPayload(32, random);
    expect(second).not.toBe(first);
  });

  it('uses letters of both cases and digits', () => {
    const payload = seededPayload(5000, seededRandom(11));
    expect(payload).toMatch(/[a-z]/);
    expect(payload).toMatch(/[A-Z]/);
    expect(payload).toMatch(/[0-9]/);
  });
});
