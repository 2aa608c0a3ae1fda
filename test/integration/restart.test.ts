import { describe, expect, it } from 'vitest';
import { buildVerdict } from '../../src/report/verdict.js';
import { runComparison } from '../../src/run/compare.js';
import { TRANSPORTS } from '../../src/shared/transports.js';
import { runOptions } from './run-options.js';

describe('--restart-at: the embedded server killed and started again mid-phase', () => {
  it('loses nothing on any resuming transport, and says how each came back', async () => {
    const clients = 3;
    const result = await runComparison(
      runOptions({ transports: [...TRANSPORTS], clients, ratePerSec: 20, durationMs: 2000, restartAtMs: 500 }),
    );
    expect(result.options.restartAtMs).toBe(500);
    for (const t of result.transports) {
      const r = t.recovery;
      expect(r, t.transport).toBeDefined();
      expect(r!.cause).toBe('restart');
      // Every event, before the restart and after it, reached every client once.
      expect(t.events.published, t.transport).toBeGreaterThan(0);
      expect(t.events.delivered, t.transport).toBe(t.events.published * clients);
      expect(t.events.lost, t.transport).toBe(0);
      expect(t.events.duplicates, t.transport).toBe(0);
      expect(t.errors, t.transport).toEqual({});
      // Killed at the planned time, down for as long as a new process takes, every client back after it.
      expect(r!.atMs).toBeGreaterThanOrEqual(500);
      expect(r!.downMs).toBeGreaterThan(0);
      expect(r!.recovered).toBe(clients);
      expect(r!.clients).toBe(clients);
      expect(r!.backMs!.p50).toBeGreaterThan(0);
      expect(r!.backMs!.max).toBeGreaterThanOrEqual(r!.backMs!.p50);
      // Clients holding a connection lose it and try again; the new server accepts them.
      if (t.transport !== 'poll') {
        expect(r!.dropped, t.transport).toBe(clients);
        expect(r!.reconnectAttempts, t.transport).toBeGreaterThanOrEqual(clients);
        expect(Object.keys(r!.faults).length, t.transport).toBeGreaterThan(0);
      }
      expect(r!.peakAcceptsPerSec, t.transport).toBeGreaterThanOrEqual(1);
      // The killed process took its counts with it: none are claimed.
      expect(t.server, t.transport).toBeNull();
    }
    expect(buildVerdict(result).join(' ')).toMatch(/After the restart \(server down .*\), every client was back/);
  });

  it('says nothing of recovery when no restart was asked for', async () => {
    const result = await runComparison(runOptions({ transports: ['ws'], durationMs: 500 }));
    expect(result.transports[0]!.recovery).toBeUndefined();
  });
});
