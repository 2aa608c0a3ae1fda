import { describe, expect, it } from 'vitest';
import { runComparison } from '../../src/run/compare.js';
import { runOptions } from './run-options.js';
import type { CompareOptions } from '../../src/shared/options-types.js';
import type { PhaseProgress } from '../../src/shared/run-types.js';

const crowd: CompareOptions = runOptions({
  transports: ['long-poll', 'poll'],
  clients: 600,
  durationMs: 1000,
  pollIntervalMs: 500,
  payloadBytes: 16,
  seed: 3,
});

describe('a crowd larger than one connect batch', () => {
  it('starts only once the server has seen every client, and delivers everything', async () => {
    const readyAtStart: Record<string, number> = {};
    const result = await runComparison(crowd, {
      onProgress: (progress: PhaseProgress) => {
        if (progress.stage === 'running') readyAtStart[progress.transport] ??= progress.clientsReady;
      },
    });
    for (const t of result.transports) {
      // The server held 600 long polls (and accepted 600 pollers' connections) before the first event.
      expect(readyAtStart[t.transport]).toBe(600);
      expect(t.errors).toEqual({});
      expect(t.events.delivered).toBe(t.events.expected);
      expect(t.requests.connections).toBe(600);
      expect(t.server!.connections).toBe(600);
    }
  });
});
