import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** What one phase cost the server process, measured from the reset that started it. */
export interface ProcessCost {
  /** CPU time the process used, user + system, in microseconds. */
  cpuUs: number;
  /** Resident set size at the reset and its peak since, in bytes. */
  rssStartBytes: number;
  rssPeakBytes: number;
  /** V8 heap in use at the reset and its peak since, in bytes. */
  heapStartBytes: number;
  heapPeakBytes: number;
  /** Event-loop delay percentiles since the reset, in milliseconds. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

/** One process's cost of a phase, for a server spread over processes (its primary and workers). */
export interface ProcessCostPart {
  role: 'primary' | 'worker';
  cost: ProcessCost;
  /** A server worker's: the latest an event reached it after the primary published it, in ms. */
  hopMaxMs?: number;
}

const SAMPLE_EVERY_MS = 100;
/** perf_hooks samples the loop every this many ms, and its figures include this interval. */
const DELAY_RESOLUTION_MS = 10;

/**
 * Meters this process between resets: CPU from process.cpuUsage, memory peaks sampled every
 * 100 ms (and at every reading), event-loop delay from perf_hooks' histogram.
 */
export class CostMeter {
  private cpuStart = process.cpuUsage();
  private rssStart = 0;
  private heapStart = 0;
  private rssPeak = 0;
  private heapPeak = 0;
  private delay: IntervalHistogram = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  private readonly sampler: NodeJS.Timeout;

  constructor() {
    this.reset();
    this.sampler = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
    this.sampler.unref();
  }

  private sample(): void {
    try {
      const memory = process.memoryUsage();
      this.rssPeak = Math.max(this.rssPeak, memory.rss);
      this.heapPeak = Math.max(this.heapPeak, memory.heapUsed);
    } catch {
      // memoryUsage() reads /proc; with every file descriptor in use it throws EMFILE. A missed
      // sample only lowers the peak a little; it must never take the server down.
    }
  }

  /** Starts a new phase's meters. */
  reset(): void {
    this.cpuStart = process.cpuUsage();
    try {
      const memory = process.memoryUsage();
      this.rssStart = this.rssPeak = memory.rss;
      this.heapStart = this.heapPeak = memory.heapUsed;
    } catch {
      this.rssStart = this.rssPeak = 0;
      this.heapStart = this.heapPeak = 0;
    }
    this.delay.disable();
    this.delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
    this.delay.enable();
  }

  /** The cost since the last reset. */
  read(): ProcessCost {
    this.sample();
    const cpu = process.cpuUsage(this.cpuStart);
    return {
      cpuUs: cpu.user + cpu.system,
      rssStartBytes: this.rssStart,
      rssPeakBytes: this.rssPeak,
      heapStartBytes: this.heapStart,
      heapPeakBytes: this.heapPeak,
      // The histogram holds the whole sampling interval; the delay is what exceeds it.
      loopDelayP99Ms: Math.max(0, this.delay.percentile(99) / 1e6 - DELAY_RESOLUTION_MS),
      loopDelayMaxMs: Math.max(0, this.delay.max / 1e6 - DELAY_RESOLUTION_MS),
    };
  }

  /** Stops sampling (the process is closing). */
  stop(): void {
    clearInterval(this.sampler);
    this.delay.disable();
  }
}

/**
 * Several processes' cost as one: CPU and memory summed (the memory of processes that peaked
 * apart, so an upper bound of the peak of the sum), event-loop delay the worst of them.
 */
export function sumCosts(parts: readonly ProcessCost[]): ProcessCost {
  const sum = (read: (cost: ProcessCost) => number): number => parts.reduce((total, cost) => total + read(cost), 0);
  return {
    cpuUs: sum((c) => c.cpuUs),
    rssStartBytes: sum((c) => c.rssStartBytes),
    rssPeakBytes: sum((c) => c.rssPeakBytes),
    heapStartBytes: sum((c) => c.heapStartBytes),
    heapPeakBytes: sum((c) => c.heapPeakBytes),
    loopDelayP99Ms: Math.max(0, ...parts.map((c) => c.loopDelayP99Ms)),
    loopDelayMaxMs: Math.max(0, ...parts.map((c) => c.loopDelayMaxMs)),
  };
}
