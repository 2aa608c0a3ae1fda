import { describe, expect, it } from 'vitest';
import { actionFor, turn } from '../../src/live/keys.js';
import type { LiveConditions } from '../../src/live/state.js';

const start: LiveConditions = {
  clients: 5,
  ratePerSec: 2,
  pollIntervalMs: 1000,
  rttMs: 0,
  headers: 'minimal',
  paused: false,
};

describe('live keys', () => {
  it('maps every documented key, and nothing else', () => {
    expect(actionFor({ name: 'up' })).toEqual({ kind: 'rtt', deltaMs: 50 });
    expect(actionFor({ name: 'down' })).toEqual({ kind: 'rtt', deltaMs: -50 });
    expect(actionFor({ name: 'left' })).toEqual({ kind: 'pollInterval', factor: 0.5 });
    expect(actionFor({ name: 'right' })).toEqual({ kind: 'pollInterval', factor: 2 });
    expect(actionFor({ sequence: '[' })).toEqual({ kind: 'rate', factor: 0.5 });
    expect(actionFor({ sequence: ']' })).toEqual({ kind: 'rate', factor: 2 });
    expect(actionFor({ name: 'space', sequence: ' ' })).toEqual({ kind: 'publishNow' });
    expect(actionFor({ name: 'b' })).toEqual({ kind: 'headers' });
    expect(actionFor({ name: 'p' })).toEqual({ kind: 'pause' });
    expect(actionFor({ sequence: '?' })).toEqual({ kind: 'help' });
    expect(actionFor({ name: 'q' })).toEqual({ kind: 'quit' });
    expect(actionFor({ name: 'c', ctrl: true })).toEqual({ kind: 'interrupt' });
    expect(actionFor({ name: 'x' })).toBeUndefined();
  });

  it('turns the knobs within their bounds, the RTT kept below the poll interval', () => {
    let c = start;
    for (let i = 0; i < 3; i++) c = turn(c, { kind: 'rtt', deltaMs: 50 }).conditions;
    expect(c.rttMs).toBe(150);
    expect(turn(start, { kind: 'rtt', deltaMs: -50 }).conditions.rttMs).toBe(0);
    let near = { ...start, rttMs: 900 };
    near = turn(near, { kind: 'rtt', deltaMs: 50 }).conditions;
    expect(near.rttMs).toBe(950);
    expect(turn(near, { kind: 'rtt', deltaMs: 50 }).conditions.rttMs).toBe(950);
    expect(turn(near, { kind: 'pollInterval', factor: 0.5 }).conditions.pollIntervalMs).toBe(1000);
    expect(turn(start, { kind: 'rate', factor: 2 }).conditions.ratePerSec).toBe(4);
    expect(turn(start, { kind: 'headers' }).conditions.headers).toBe('browser');
    expect(turn(turn(start, { kind: 'pause' }).conditions, { kind: 'pause' }).conditions.paused).toBe(false);
  });
});

describe('a key at its limit', () => {
  it('says why the knob did not move, never nothing', () => {
    const near = { ...start, pollIntervalMs: 100, rttMs: 50 };
    expect(turn(near, { kind: 'rtt', deltaMs: 50 }).message).toBe(
      'RTT stays under the poll interval (100 ms): press → to poll less often first',
    );
    expect(turn(start, { kind: 'rtt', deltaMs: -50 }).message).toBe('RTT is already 0 ms (bare loopback)');
    expect(turn(near, { kind: 'pollInterval', factor: 0.5 }).message).toBe(
      'short polls are at their fastest, every 100 ms',
    );
    expect(turn({ ...start, pollIntervalMs: 200, rttMs: 150 }, { kind: 'pollInterval', factor: 0.5 }).message).toBe(
      'the poll interval stays above the RTT (150 ms): press ↓ to lower the RTT first',
    );
    expect(turn({ ...start, ratePerSec: 1000 }, { kind: 'rate', factor: 2 }).message).toBe(
      'the rate is at its most, 1000 events/s',
    );
  });
});
