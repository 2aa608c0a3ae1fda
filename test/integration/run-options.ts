import type { CompareOptions } from '../../src/shared/options-types.js';

/** A small comparison on loopback with the demo server; each test states the options it measures. */
export function runOptions(overrides: Partial<CompareOptions>): CompareOptions {
  return {
    transports: ['ws'],
    clients: 3,
    ratePerSec: 5,
    durationMs: 1500,
    pollIntervalMs: 500,
    payloadBytes: 32,
    longPollTimeoutMs: 30_000,
    host: '127.0.0.1',
    port: 0,
    seed: 1,
    rttMs: 0,
    jitterMs: 0,
    headers: 'minimal',
    ...overrides,
  };
}
