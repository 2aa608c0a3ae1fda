/**
 * What a phone's radio would spend on a client's traffic: a radio resource control (RRC) model applied
 * to the measured timeline of the client's messages (requests sent, answers and events received).
 * A model, not a measurement: the timeline is measured, the watts and timers are published figures.
 *
 * LTE: Huang et al., "A Close Examination of Performance and Power Characteristics of 4G LTE
 * Networks", MobiSys 2012 (the defaults of AT&T's ARO): from idle a packet first pays the promotion,
 * 0.26 s at 1.21 W; the radio then stays connected until 11.576 s after the last packet, its tail
 * (DRX cycling) taken at its average of 1.06 W. 3G (UMTS, ARO's defaults as the same work cites them):
 * DCH at 0.7 W until 5 s after the last packet, then FACH at 0.35 W for 12 s more, then idle; the
 * promotion is left out.
 */

import type { RadioName } from '../shared/network-types.js';

/** One radio's model: what a packet from idle costs, and the states it passes through after each packet. */
export interface RadioModel {
  label: string;
  /** Paid when a packet finds the radio idle. */
  promotion: { seconds: number; watts: number };
  /** After each packet, in order: this many seconds at these watts, then the next; idle after the last. */
  tail: ReadonlyArray<{ name: string; seconds: number; watts: number }>;
  source: string;
}

export const RADIO_MODELS = {
  lte: {
    label: 'LTE',
    promotion: { seconds: 0.2601, watts: 1.2107 },
    tail: [{ name: 'connected (its DRX tail at average power)', seconds: 11.576, watts: 1.06 }],
    source: "Huang et al., MobiSys 2012; AT&T ARO's defaults",
  },
  '3g': {
    label: '3G',
    promotion: { seconds: 0, watts: 0 },
    tail: [
      { name: 'DCH', seconds: 5, watts: 0.7 },
      { name: 'FACH', seconds: 12, watts: 0.35 },
    ],
    source: "AT&T ARO's 3G defaults",
  },
} as const satisfies Record<RadioName, RadioModel>;

/** The energy (joules) and awake time (ms) of one client's radio over [fromMs, toMs]. */
export interface RadioSpend {
  joules: number;
  awakeMs: number;
}

/**
 * The radio's spend over the window [fromMs, toMs] for packets at `timelineMs` (ascending, on the
 * same clock), the radio idle when the window opens. Pure.
 */
export function radioSpend(model: RadioModel, timelineMs: readonly number[], fromMs: number, toMs: number): RadioSpend {
  const tailMs = model.tail.reduce((sum, state) => sum + state.seconds * 1000, 0);
  let joules = 0;
  let awakeMs = 0;
  let lastMs: number | undefined;
  const packets = timelineMs.filter((t) => t >= fromMs && t <= toMs);
  for (const [i, t] of packets.entries()) {
    const until = Math.min(packets[i + 1] ?? toMs, toMs);
    let at = t;
    // A packet that finds the radio idle (no packet within the tail before it) waits for its promotion; the tail
    // runs from there. Everything is counted within the window.
    if (lastMs === undefined || t - lastMs >= tailMs) {
      const end = Math.min(t + model.promotion.seconds * 1000, until);
      joules += ((end - t) / 1000) * model.promotion.watts;
      awakeMs += end - t;
      at = t + model.promotion.seconds * 1000;
    }
    lastMs = t;
    // From then to the next packet (or the window's end), the tail's states in turn.
    for (const state of model.tail) {
      if (at >= until) break;
      const end = Math.min(at + state.seconds * 1000, until);
      joules += ((end - at) / 1000) * state.watts;
      awakeMs += end - at;
      at += state.seconds * 1000;
    }
  }
  return { joules, awakeMs };
}

/** The model in one sentence, from its own figures: what a report says under its table. */
export function describeRadio(model: RadioModel): string {
  const promotion =
    model.promotion.seconds > 0
      ? `a message from idle pays a promotion of ${model.promotion.seconds} s at ${model.promotion.watts} W; `
      : 'the promotion is left out; ';
  const tail = model.tail.map((state) => `${state.name} at ${state.watts} W for ${state.seconds} s`).join(', then ');
  return `${model.label} (${model.source}): ${promotion}after the last message, ${tail}.`;
}
