import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src/clients/backoff.js';
import { PhaseRecorder } from '../../src/metrics/recorder.js';
import { recoveryOf } from '../../src/run/recovery.js';
import { AcceptRate } from '../../src/server/accept-rate.js';
import { nowNs } from '../../src/shared/clock.js';

describe('AcceptRate: connections accepted in the busiest second', () => {
  it('counts a burst in one window and lets old buckets go', () => {
    const rate = new AcceptRate();
    for (let i = 0; i < 30; i++) rate.count(1000 + i); // 30 within 30 ms
    expect(rate.peakPerSec).toBe(30);
    for (let i = 0; i < 5; i++) rate.count(1500 + i * 100); // 5 more within the same second: 35
    expect(rate.peakPerSec).toBe(35);
    // Two seconds on, the window holds only what came since: the peak stays what it was.
    for (let i = 0; i < 10; i++) rate.count(4000 + i);
    expect(rate.peakPerSec).toBe(35);
    rate.reset();
    rate.count(9000);
    expect(rate.peakPerSec).toBe(1);
  });

  it('slides by 100 ms buckets: accepts a second apart are not summed', () => {
    const rate = new AcceptRate();
    for (let i = 0; i < 20; i++) rate.count(0 + i);
    for (let i = 0; i < 20; i++) rate.count(1000 + i);
    expect(rate.peakPerSec).toBe(20);
  });
});

describe('Backoff: exponential with equal jitter', () => {
  it('waits between half and all of base·2ⁿ, up to the cap, and starts afresh on reset', () => {
    const low = new Backoff(100, 5000, () => 0);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(() => low.next())).toEqual([50, 100, 200, 400, 800, 1600, 2500, 2500]);
    const high = new Backoff(100, 5000, () => 0.999999);
    const waits = [1, 2, 3, 4, 5, 6, 7].map(() => high.next());
    expect(waits[0]).toBeCloseTo(100, 3);
    expect(waits[6]).toBeCloseTo(5000, 2);
    low.reset();
    expect(low.next()).toBe(50);
  });
});

describe('RecoveryRecorder: drops, returns and reconnects', () => {
  const event = (client: ReturnType<PhaseRecorder['forClient']>, seq: number, publishedNs: bigint): void =>
    client.deliver(seq, publishedNs, publishedNs + 1_000_000n, 10);

  it('with a planned restart, keeps its faults as its cost and marks each client back at its first later event', () => {
    const recorder = new PhaseRecorder({ since: 0 });
    const [a, b, c] = [recorder.forClient(), recorder.forClient(), recorder.forClient()];
    const start = nowNs() - 1_000_000_000n; // the phase began a second ago; the restart planned 0.5 s in
    recorder.recovery.begin(start, 500);
    const restart = start + 500_000_000n;
    event(a, 1, restart - 1n);
    a.fault('ECONNRESET');
    a.fault('ECONNREFUSED');
    b.fault('WS_CLOSED_1006');
    recorder.recovery.attempt();
    event(a, 2, restart + 10n); // back
    event(b, 1, restart - 1n); // an old event: not yet back
    event(c, 1, restart - 1n);
    event(c, 2, restart + 10n); // never dropped (a poller between polls), back all the same
    a.fault('ECONNRESET'); // after it was back: an error again
    expect(recorder.errorCounts()).toEqual({ ECONNRESET: 1 });
    const tally = recorder.recovery.tally()!;
    expect(tally.dropped).toBe(2);
    expect(tally.backAtUs).toHaveLength(2);
    expect(tally.attempts).toBe(1);
    expect(tally.faults).toEqual({ ECONNRESET: 1, ECONNREFUSED: 1, WS_CLOSED_1006: 1 });

    const killedAtNs = restart + 1_000_000n;
    const timeline = { stoppedAtNs: restart, killedAtNs, listeningAtNs: killedAtNs + 300_000_000n, handedOver: 1 };
    const figures = recoveryOf(recorder, { ...timeline, publishedAfter: 1 }, start, 3, 7)!;
    expect(figures).toMatchObject({ cause: 'restart', clients: 3, dropped: 2, recovered: 2, downMs: 300 });
    expect(figures.atMs).toBeCloseTo(501, 6);
    expect(figures.peakAcceptsPerSec).toBe(7);
    // Client b never came back: counted as the run's fault.
    expect(recorder.errorCounts()).toEqual({ ECONNRESET: 1, NOT_RECOVERED: 1 });
  });

  it('against a target, marks a drop only for a lost connection, and keeps its faults as errors', () => {
    const recorder = new PhaseRecorder({ since: 0 });
    const [a, b] = [recorder.forClient(), recorder.forClient()];
    recorder.recovery.begin(nowNs() - 1_000_000n, undefined);
    a.fault('HTTP_500');
    expect(recorder.recovery.tally()).toBeUndefined();
    b.fault('ECONNRESET');
    const dropAt = nowNs();
    event(b, 1, dropAt + 1_000_000n);
    expect(recorder.errorCounts()).toEqual({ HTTP_500: 1, ECONNRESET: 1 });
    const figures = recoveryOf(recorder, undefined, dropAt - 1_000_000_000n, 2, undefined)!;
    expect(figures).toMatchObject({ cause: 'drop', clients: 1, dropped: 1, recovered: 1, downMs: null });
    expect(figures.peakAcceptsPerSec).toBeNull();
    expect(figures.backMs!.max).toBeGreaterThan(0);
  });

  it('adds up what client processes recorded', () => {
    const here = new PhaseRecorder({ since: 0 });
    here.recovery.begin(0n, 100);
    const there = new PhaseRecorder({ since: 0 });
    there.recovery.begin(0n, 100);
    there.forClient().fault('ECONNRESET');
    here.absorb(there.snapshot());
    expect(here.recovery.tally()).toMatchObject({ dropped: 1, faults: { ECONNRESET: 1 } });
  });
});

describe('retransmissionStallMs: the longest a retransmitting socket went without an ACK, from ss -ti', () => {
  it('reads only sockets in backoff or with resent segments unacknowledged', async () => {
    const { retransmissionStallMs } = await import('../../src/run/netns.js');
    const ss = [
      '0      0      10.77.0.2:40000 10.77.0.1:8080',
      '\t cubic wscale:7,7 rto:204 rtt:0.1/0.05 cwnd:10 lastsnd:900 lastrcv:900 lastack:900 delivered:4',
      '0      512    10.77.0.2:40002 10.77.0.1:8080',
      '\t cubic wscale:7,7 rto:816 backoff:2 rtt:0.1/0.05 cwnd:1 unacked:3 retrans:1/7 lastsnd:20 lastrcv:700 lastack:640',
      '0      512    10.77.0.2:40004 10.77.0.1:8080',
      '\t cubic rto:204 rtt:0.1/0.05 cwnd:5 unacked:2 retrans:1/2 lastsnd:5 lastrcv:90 lastack:230',
      '0      0      10.77.0.2:40006 10.77.0.1:8080',
      '\t cubic rto:204 rtt:0.1/0.05 cwnd:5 retrans:0/9 lastsnd:5 lastrcv:5000 lastack:5000',
    ].join('\n');
    // The idle socket (900 ms since an ACK, nothing outstanding) and the one done resending are no stall.
    expect(retransmissionStallMs(ss)).toBe(640);
    expect(retransmissionStallMs('')).toBe(0);
  });
});
