import { BACKOFF_BASE_MS, BACKOFF_CAP_MS } from '../shared/backoff.js';

/**
 * When a client tries again after losing its connection: exponential backoff with "equal jitter" (Marc Brooker,
 * "Exponential Backoff And Jitter", AWS Architecture Blog, 2015). The n-th try in a row waits c/2 plus a uniform random
 * share of c/2, with c = min(cap, base·2ⁿ): 50–100 ms, then 100–200 ms, … up to 2.5–5 s. A crowd a restart dropped at
 * once comes back spread out rather than in one storm, and never hammers a refusing server; a connection that works
 * again starts the count afresh.
 */
export class Backoff {
  private tries = 0;

  constructor(
    private readonly baseMs = BACKOFF_BASE_MS,
    private readonly capMs = BACKOFF_CAP_MS,
    private readonly random: () => number = Math.random,
  ) {}

  /** The wait before the next try, in ms. */
  next(): number {
    const ceiling = Math.min(this.capMs, this.baseMs * 2 ** Math.min(this.tries, 30));
    this.tries += 1;
    return ceiling / 2 + (this.random() * ceiling) / 2;
  }

  /** The connection works again. */
  reset(): void {
    this.tries = 0;
  }
}
