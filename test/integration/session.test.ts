import { describe, expect, it } from 'vitest';
import { ComparisonSession } from '../../src/run/session.js';
import { runOptions } from './run-options.js';
import type { CompareOptions } from '../../src/shared/options-types.js';

const base: CompareOptions = runOptions({
  transports: ['poll'],
  clients: 3,
  durationMs: 3000,
  pollIntervalMs: 1000,
  payloadBytes: 16,
  seed: 5,
});

/** Turns `knobs` once the first phase is running. */
function turnWhenRunning(session: ComparisonSession, knobs: Parameters<ComparisonSession['change']>[0]): Promise<void> {
  return new Promise((resolve) => {
    const onSnapshot = ({ progress }: { progress: { stage: string } }): void => {
      if (progress.stage !== 'running') return;
      session.off('snapshot', onSnapshot);
      void session.change(knobs).then(resolve);
    };
    session.on('snapshot', onSnapshot);
  });
}

describe('a comparison as a session', () => {
  it('tells its subscribers it started, how it goes, each phase and the result, in that order', async () => {
    const session = new ComparisonSession({ ...base, transports: ['sse', 'ws'], durationMs: 500 });
    const seen: string[] = [];
    session.on('started', ({ url }) => seen.push(`started ${url.startsWith('http://127.0.0.1:')}`));
    session.on('snapshot', ({ progress, index, total }) => seen.push(`snapshot ${index}/${total} ${progress.stage}`));
    session.on('phase', (t) => seen.push(`phase ${t.transport}`));
    session.on('done', (result) => seen.push(`done ${result.transports.length}`));
    const result = await session.run();
    expect(seen[0]).toBe('started true');
    expect(seen.indexOf('phase sse')).toBeLessThan(seen.indexOf('phase ws'));
    expect(seen.at(-1)).toBe('done 2');
    expect(seen).toContain('snapshot 1/2 done');
    expect(result.transports.every((t) => t.events.delivered === t.events.expected)).toBe(true);
  });

  it('takes a shorter poll interval mid-run: the clients poll faster from their next tick', async () => {
    const session = new ComparisonSession(base);
    const turned = turnWhenRunning(session, { pollIntervalMs: 100 });
    const result = await session.run();
    await turned;
    const poll = result.transports[0]!;
    // At 1 s the three clients would poll 3 times each in a 3 s phase; at 100 ms, about ten times as often.
    expect(poll.requests.http).toBeGreaterThan(base.clients * 10);
    expect(poll.events.delivered).toBe(poll.events.expected);
    expect(session.current().pollIntervalMs).toBe(100);
  });

  it('takes a longer RTT mid-run: the relay holds every later chunk longer, and nothing is lost', async () => {
    const session = new ComparisonSession({ ...base, transports: ['ws'], rttMs: 10, ratePerSec: 10, durationMs: 2000 });
    const turned = turnWhenRunning(session, { rttMs: 400 });
    const result = await session.run();
    await turned;
    const ws = result.transports[0]!;
    // Events after the change travel one way through the relay: at least RTT/2.
    expect(ws.latencyMs!.max).toBeGreaterThanOrEqual(200);
    expect(ws.events.delivered).toBe(ws.events.expected);
  });
});
