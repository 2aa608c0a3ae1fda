import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runComparison } from '../../src/run/compare.js';
import { removeStale } from '../../src/run/netns.js';
import { BIN } from '../blackbox/cli-runner.js';
import { waitFor } from '../helpers.js';
import { runOptions } from '../integration/run-options.js';

const root = process.getuid?.() === 0;
if (!root) console.warn('network-path tests skipped: network namespaces, tc and nft need root');

/** The namespaces of the run in process `pid` (this one's by default) that exist now. */
const pathsLeft = (pid = process.pid): string[] =>
  execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.split(' ')[0]!)
    .filter((name) => name === `pvp${pid}-s` || name === `pvp${pid}-c`);

describe.skipIf(!root)('a shaped path in network namespaces (needs root)', () => {
  it('loses nothing under 3% loss each way, counts what TCP resent, and leaves no namespace behind', async () => {
    const result = await runComparison(
      runOptions({
        transports: ['poll', 'sse'],
        clients: 5,
        ratePerSec: 20,
        durationMs: 2000,
        network: { lossPercent: 3 },
      }),
    );
    for (const t of result.transports) {
      expect(t.events.delivered, t.transport).toBe(t.events.expected);
      expect(t.tcp, t.transport).toBeDefined();
    }
    // Thousands of packets at 3% each way: TCP resent some of them.
    expect(result.transports.reduce((sum, t) => sum + t.tcp!.retransmittedSegments, 0)).toBeGreaterThan(0);
    expect(result.options.network).toEqual({ lossPercent: 3 });
    expect(pathsLeft()).toEqual([]);
  });

  it('sees TCP stall under heavy loss: timeouts counted, the worst stall read from the sockets themselves', async () => {
    const result = await runComparison(
      runOptions({ transports: ['ws'], clients: 4, ratePerSec: 20, durationMs: 3000, network: { lossPercent: 25 } }),
    );
    const tcp = result.transports[0]!.tcp!;
    expect(tcp.timeouts).toBeGreaterThan(0);
    // A retransmission timeout waits at least 200 ms without an ACK: sampled every 250 ms, some socket is seen in it.
    expect(tcp.worstStallMs).toBeGreaterThan(0);
    expect(pathsLeft()).toEqual([]);
  });

  it('queues what a narrow link cannot carry: WebSocket latency far above the same run on a clean path', async () => {
    const options = runOptions({
      transports: ['ws'],
      clients: 10,
      ratePerSec: 10,
      durationMs: 2000,
      payloadBytes: 1024,
    });
    const clean = await runComparison(options);
    const narrow = await runComparison({ ...options, network: { lossPercent: 0, downKbit: 256, upKbit: 256 } });
    const [c, n] = [clean.transports[0]!, narrow.transports[0]!];
    expect(n.events.delivered).toBe(n.events.expected);
    // 10 clients × 10 events/s × ~1.1 kB is about 880 kbit/s into a 256 kbit/s link: the queue holds events seconds.
    expect(n.latencyMs!.p50).toBeGreaterThan(100 * c.latencyMs!.p50);
    expect(pathsLeft()).toEqual([]);
  });

  it('removes its namespaces when interrupted, and a killed run’s on the next run', async () => {
    // A run killed outright (its pid gone) left these behind.
    const dead = 4_194_300;
    execFileSync('ip', ['netns', 'add', `pvp${dead}-s`]);
    expect(removeStale()).toEqual([`pvp${dead}-s`]);
    const child = spawn(process.execPath, [BIN, '--quick', '--loss', '1%', '--transports', 'sse'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    await waitFor(() => pathsLeft(child.pid).length === 2, 'the run’s two namespaces', 20_000);
    await waitFor(() => out.includes('starting'), 'the phase under way', 20_000);
    child.kill('SIGINT');
    await closed;
    expect(pathsLeft(child.pid)).toEqual([]);
  });
});
