import { describe, expect, it } from 'vitest';
import { RADIO_MODELS, radioSpend } from '../../src/model/radio.js';

const lte = RADIO_MODELS.lte;
const g3 = RADIO_MODELS['3g'];
const promotionJ = 0.2601 * 1.2107;

describe('the radio models on hand-made timelines', () => {
  it('spends nothing when nothing crosses the radio', () => {
    expect(radioSpend(lte, [], 0, 60_000)).toEqual({ joules: 0, awakeMs: 0 });
  });

  it('LTE: one packet pays the promotion and a whole tail of 11.576 s at 1.06 W', () => {
    const { joules, awakeMs } = radioSpend(lte, [1000], 0, 60_000);
    expect(joules).toBeCloseTo(promotionJ + 11.576 * 1.06, 9);
    expect(awakeMs).toBeCloseTo(260.1 + 11_576, 6);
  });

  it('LTE: packets within the tail share one promotion, the tail running from the last of them', () => {
    // Packets at 0, 5 s and 10 s: promoted once (0 to 0.2601 s), then connected until 10 + 11.576 s.
    const { joules, awakeMs } = radioSpend(lte, [0, 5000, 10_000], 0, 60_000);
    expect(awakeMs).toBeCloseTo(21_576, 6);
    expect(joules).toBeCloseTo(promotionJ + (21.576 - 0.2601) * 1.06, 9);
  });

  it('LTE: packets a minute apart each pay a promotion and a tail; the window cuts the last tail', () => {
    // The second message at 60 s is promoted, and its tail runs from 60.2601 s to the window's end at 65 s.
    const { joules, awakeMs } = radioSpend(lte, [0, 60_000], 0, 65_000);
    expect(awakeMs).toBeCloseTo(2 * 260.1 + 11_576 + 5000 - 260.1, 6);
    expect(joules).toBeCloseTo(2 * promotionJ + (11.576 + 5 - 0.2601) * 1.06, 9);
  });

  it('3G: 5 s of DCH then 12 s of FACH after a packet, no promotion', () => {
    expect(radioSpend(g3, [0], 0, 60_000).joules).toBeCloseTo(5 * 0.7 + 12 * 0.35, 9);
    // A second packet 8 s later: DCH 5 s, FACH 3 s, then DCH 5 s and FACH 12 s again.
    const two = radioSpend(g3, [0, 8000], 0, 60_000);
    expect(two.joules).toBeCloseTo(5 * 0.7 + 3 * 0.35 + 5 * 0.7 + 12 * 0.35, 9);
    expect(two.awakeMs).toBeCloseTo(8000 + 17_000, 6);
  });

  it('a poll every 5 s keeps LTE awake the whole minute; one event a minute pushed does not', () => {
    const polls = Array.from({ length: 12 }, (_, i) => i * 5000);
    const pushed = [30_000];
    const poll = radioSpend(lte, polls, 0, 60_000);
    const push = radioSpend(lte, pushed, 0, 60_000);
    expect(poll.awakeMs).toBeCloseTo(60_000, 6);
    expect(poll.joules).toBeGreaterThan(4 * push.joules);
  });
});
