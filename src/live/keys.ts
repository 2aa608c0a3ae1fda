import type { LiveConditions } from './state.js';

/** What a key asks the live view to do. */
export type LiveAction =
  | { kind: 'rtt'; deltaMs: number }
  | { kind: 'pollInterval'; factor: number }
  | { kind: 'rate'; factor: number }
  | { kind: 'headers' }
  | { kind: 'publishNow' }
  | { kind: 'pause' }
  | { kind: 'help' }
  | { kind: 'quit' }
  | { kind: 'interrupt' };

/** A key as node's readline reports it. */
export interface Key {
  name?: string;
  sequence?: string;
  ctrl?: boolean;
}

/** The RTT step of ↑ and ↓, in milliseconds. */
export const RTT_STEP_MS = 50;

/** The action of `key`, or undefined for a key that does nothing. Pure. */
export function actionFor(key: Key): LiveAction | undefined {
  if (key.ctrl && key.name === 'c') return { kind: 'interrupt' };
  switch (key.name ?? key.sequence) {
    case 'up':
      return { kind: 'rtt', deltaMs: RTT_STEP_MS };
    case 'down':
      return { kind: 'rtt', deltaMs: -RTT_STEP_MS };
    case 'left':
      return { kind: 'pollInterval', factor: 0.5 };
    case 'right':
      return { kind: 'pollInterval', factor: 2 };
    case '[':
      return { kind: 'rate', factor: 0.5 };
    case ']':
      return { kind: 'rate', factor: 2 };
    case 'b':
      return { kind: 'headers' };
    case 'space':
      return { kind: 'publishNow' };
    case 'p':
      return { kind: 'pause' };
    case '?':
      return { kind: 'help' };
    case 'q':
      return { kind: 'quit' };
    default:
      return key.sequence === ' ' ? { kind: 'publishNow' } : key.sequence === '?' ? { kind: 'help' } : undefined;
  }
}

/** Bounds the knobs stay within. */
const LIMITS = {
  rttMs: [0, 2000],
  pollIntervalMs: [100, 60_000],
  ratePerSec: [0.25, 1000],
} as const;

const clamp = (value: number, [low, high]: readonly [number, number]): number => Math.min(high, Math.max(low, value));

/**
 * The conditions after a knob's action, and one line saying so; the RTT stays below the poll
 * interval, so short polls keep their interval. Pure.
 */
export function turn(conditions: LiveConditions, action: LiveAction): { conditions: LiveConditions; message: string } {
  switch (action.kind) {
    case 'rtt': {
      const ceiling = Math.min(LIMITS.rttMs[1], conditions.pollIntervalMs - RTT_STEP_MS);
      const rttMs = clamp(conditions.rttMs + action.deltaMs, [LIMITS.rttMs[0], ceiling]);
      // A key that cannot move the knob says why, never nothing.
      if (rttMs === conditions.rttMs)
        return {
          conditions,
          message:
            action.deltaMs < 0
              ? 'RTT is already 0 ms (bare loopback)'
              : ceiling < LIMITS.rttMs[1]
                ? `RTT stays under the poll interval (${conditions.pollIntervalMs} ms): press → to poll less often first`
                : `RTT is at its most, ${LIMITS.rttMs[1]} ms`,
        };
      return {
        conditions: { ...conditions, rttMs },
        message: `RTT ${rttMs} ms: push latency follows within a few seconds`,
      };
    }
    case 'pollInterval': {
      const floor = Math.max(LIMITS.pollIntervalMs[0], conditions.rttMs + RTT_STEP_MS);
      const pollIntervalMs = clamp(conditions.pollIntervalMs * action.factor, [floor, LIMITS.pollIntervalMs[1]]);
      if (pollIntervalMs === conditions.pollIntervalMs)
        return {
          conditions,
          message:
            action.factor > 1
              ? `short polls are at their slowest, every ${LIMITS.pollIntervalMs[1] / 1000} s`
              : floor > LIMITS.pollIntervalMs[0]
                ? `the poll interval stays above the RTT (${conditions.rttMs} ms): press ↓ to lower the RTT first`
                : `short polls are at their fastest, every ${LIMITS.pollIntervalMs[0]} ms`,
        };
      return { conditions: { ...conditions, pollIntervalMs }, message: `short polls every ${pollIntervalMs} ms` };
    }
    case 'rate': {
      const ratePerSec = clamp(conditions.ratePerSec * action.factor, LIMITS.ratePerSec);
      if (ratePerSec === conditions.ratePerSec)
        return {
          conditions,
          message:
            action.factor > 1
              ? `the rate is at its most, ${LIMITS.ratePerSec[1]} events/s`
              : `the rate is at its least, ${LIMITS.ratePerSec[0]} events/s`,
        };
      return { conditions: { ...conditions, ratePerSec }, message: `${ratePerSec} events/s` };
    }
    case 'headers': {
      const headers = conditions.headers === 'browser' ? 'minimal' : 'browser';
      return {
        conditions: { ...conditions, headers },
        message: `${headers} headers on every request from now on: watch bytes per event`,
      };
    }
    case 'pause':
      return {
        conditions: { ...conditions, paused: !conditions.paused },
        message: conditions.paused ? 'publishing again' : 'paused: nothing is published',
      };
    default:
      return { conditions, message: '' };
  }
}
