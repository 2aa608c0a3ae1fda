import { describe, expect, it } from 'vitest';
import { parseProcesses, processesFor } from '../../src/commands/process-options.js';
import { shares, sourceAddressOf, waveSize } from '../../src/run/remote-crowd.js';
import type { RouteStats } from '../../src/server/accounting.js';
import { sumCosts } from '../../src/shared/process-cost.js';
import { sumRouteStats } from '../../src/server/sums.js';
import { UsageError } from '../../src/shared/errors.js';

const base = { rttMs: 0 };

describe('how many processes a run spreads over', () => {
  it('keeps one process while the clients fit its open files, and spreads past that', () => {
    expect(processesFor({ ...base, clients: 50 }, undefined, 20_000)).toBe(1);
    expect(processesFor({ ...base, clients: 15_795 }, undefined, 20_000)).toBe(1);
    // (20,000 − 256) × 0.8 = 15,795 sockets a process.
    expect(processesFor({ ...base, clients: 15_796 }, undefined, 20_000)).toBe(2);
    expect(processesFor({ ...base, clients: 100_000 }, undefined, 20_000)).toBe(7);
  });

  it('takes the processes asked for, and refuses too few for the limit or a relay it cannot spread', () => {
    expect(processesFor({ ...base, clients: 10 }, 3, 20_000)).toBe(3);
    expect(() => processesFor({ ...base, clients: 100_000 }, 2, 20_000)).toThrow(
      '--processes: 2 gives each process about 50000 clients',
    );
    expect(() => processesFor({ clients: 100_000, rttMs: 50 }, undefined, 20_000)).toThrow(UsageError);
    expect(() => processesFor({ clients: 100_000, rttMs: 50 }, undefined, 20_000)).toThrow(
      '--rtt: the delay relay runs in one server process',
    );
    // A target runs no relay of ours: its clients spread all the same.
    expect(
      processesFor({ clients: 30_000, rttMs: 0, target: { url: 'http://h:1', kind: 'protocol' } }, undefined, 20_000),
    ).toBe(2);
  });

  it('reads --processes as a whole number from 1 to 64', () => {
    expect(parseProcesses('4')).toBe(4);
    for (const bad of ['0', '65', '1.5', 'two', ''])
      expect(() => parseProcesses(bad)).toThrow(`--processes: '${bad}' is not accepted`);
  });

  it('splits the clients as evenly as whole clients allow, and gives each process its own loopback address', () => {
    expect(shares(100_000, 7)).toEqual([14_286, 14_286, 14_286, 14_286, 14_286, 14_285, 14_285]);
    expect(shares(10, 3)).toEqual([4, 3, 3]);
    expect(shares(2, 4)).toEqual([1, 1]);
    expect(sourceAddressOf('http://127.0.0.1:8000', 0, 0, 9, 'linux')).toBe('127.9.0.2');
    expect(sourceAddressOf('https://127.0.0.1:8443', 6, 0, 9, 'linux')).toBe('127.9.0.8');
    expect(sourceAddressOf('http://[::1]:8000', 0, 0, 9, 'linux')).toBeUndefined();
    // Only Linux routes all of 127.0.0.0/8 to loopback; elsewhere the system picks.
    expect(sourceAddressOf('http://127.0.0.1:8000', 0, 0, 9, 'darwin')).toBeUndefined();
    // The next phase's crowd connects from fresh addresses (the last one's ports sit in TIME_WAIT).
    expect(sourceAddressOf('http://127.0.0.1:8000', 0, 1, 9, 'linux')).toBe('127.9.1.2');
    // Each run takes its own block, so a run right after another does not meet its TIME_WAIT ports.
    const block = Number(sourceAddressOf('http://127.0.0.1:8000', 0, 0, undefined, 'linux')!.split('.')[1]);
    expect(block).toBeGreaterThanOrEqual(1);
    expect(block).toBeLessThanOrEqual(254);
  });
});

describe('the counts of several server processes', () => {
  const stats = (n: number, errors: Record<string, number> = {}): RouteStats => ({
    requests: n,
    empty: n,
    connections: n,
    handshakes: n,
    eventsWritten: n,
    headerBytes: n,
    firstHeaderBytes: n,
    firstExchanges: n,
    framingBytes: n,
    controlBytes: n,
    bytesRead: n,
    bytesWritten: n,
    openSockets: n,
    waiting: n,
    errors,
  });

  it('sums every count and every fault code', () => {
    expect(sumRouteStats([stats(1, { ECONNRESET: 2 }), stats(10, { ECONNRESET: 1, EPIPE: 4 })])).toEqual(
      stats(11, { ECONNRESET: 3, EPIPE: 4 }),
    );
  });

  it('sums CPU and memory, and keeps the worst event-loop delay', () => {
    const cost = (cpu: number, delayMs: number) => ({
      cpuUs: cpu,
      rssStartBytes: cpu,
      rssPeakBytes: cpu,
      heapStartBytes: cpu,
      heapPeakBytes: cpu,
      loopDelayP99Ms: delayMs,
      loopDelayMaxMs: delayMs * 2,
    });
    expect(sumCosts([cost(100, 3), cost(50, 7)])).toEqual({
      cpuUs: 150,
      rssStartBytes: 150,
      rssPeakBytes: 150,
      heapStartBytes: 150,
      heapPeakBytes: 150,
      loopDelayP99Ms: 7,
      loopDelayMaxMs: 14,
    });
  });

  it("connects in waves of half the kernel's accept queue, never fewer than 256 at once", () => {
    expect(waveSize(4096)).toBe(2048);
    expect(waveSize(65_535)).toBe(32_767);
    expect(waveSize(128)).toBe(256);
  });
});
