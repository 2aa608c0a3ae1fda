import { describe, expect, it } from 'vitest';
import type { LaneView } from '../../src/run/phase.js';
import { ComparisonSession } from '../../src/run/session.js';
import { waitFor } from '../helpers.js';
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

describe('a live session whose clients run in processes of their own', () => {
  it('mirrors their tallies while they run, and ends with the same counts the result keeps', async () => {
    const session = new ComparisonSession({
      ...base,
      transports: ['poll', 'ws'],
      ratePerSec: 20,
      durationMs: 60_000,
      pollIntervalMs: 200,
      parallel: true,
      steerable: true,
      clientsApart: true,
    });
    const lanes: LaneView[] = [];
    const arrivals = new Map<string, number>();
    session.on('lane', (lane) => {
      lanes.push(lane);
      lane.recorder.sampleListener = () => arrivals.set(lane.transport, (arrivals.get(lane.transport) ?? 0) + 1);
    });
    const windows = new Map<string, { take(): { samples: number } | null }>();
    session.on('lane', (lane) => windows.set(lane.transport, lane.recorder.latencyWindow()));
    const finished = session.run();
    // While it runs, the view's recorders fill from the processes' tallies: counts, latencies, the sampled arrivals.
    await waitFor(
      () =>
        lanes.length === 2 &&
        lanes.every((lane) => lane.recorder.delivered >= 3 * 10 && lane.meter.totals().bytesRead > 0),
      'the tallies of both lanes',
      30_000,
    );
    expect([...arrivals.values()].every((n) => n > 0)).toBe(true);
    for (const window of windows.values()) expect(window.take()!.samples).toBeGreaterThan(0);
    session.finish();
    const result = await finished;
    // The last tally comes after the clients stopped: the view ends on the result's own counts, to the byte.
    for (const lane of lanes) {
      const t = result.transports.find((r) => r.transport === lane.transport)!;
      expect(lane.recorder.delivered).toBe(t.events.delivered);
      expect(lane.recorder.httpRequests).toBe(t.requests.http);
      expect(lane.meter.totals()).toEqual({ bytesRead: t.bytes.clientReceived, bytesWritten: t.bytes.clientSent });
      expect(lane.recorder.latencySummary()!.samples).toBe(t.latencyMs!.samples);
    }
    expect(result.transports.every((t) => t.events.delivered === t.events.expected)).toBe(true);
  });
});
