import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { COMPARE_DEFAULTS } from '../../src/commands/compare-options.js';
import { EXIT_INTERRUPTED } from '../../src/commands/interrupt.js';
import type { CliIo } from '../../src/commands/io.js';
import { sweepAction } from '../../src/commands/sweep.js';
import type { SweepResult } from '../../src/shared/sweep-types.js';
import { waitFor } from '../helpers.js';

/** A stream that keeps what is written to it. */
function collector(): Writable & { text: string } {
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        stream.text += String(chunk);
        done();
      },
    }),
    { text: '' },
  );
  return stream;
}

describe('sweep and Ctrl-C', () => {
  it('stops at the first Ctrl-C, keeps the points done and prints them as a partial sweep, exit 130', async () => {
    const stdout = collector();
    const stderr = collector();
    const io: CliIo = { stdout, stderr, env: {} };
    const raw = {
      ...COMPARE_DEFAULTS,
      transports: 'sse',
      clients: '2',
      duration: '1s',
      vary: 'rate=2,4,8',
      json: true,
    };
    const before = process.listenerCount('SIGINT');
    const code = sweepAction(raw, io);
    // The first point is done once the second starts; Ctrl-C then stops the second.
    await waitFor(() => stderr.text.includes('sweep point 2/3'), 'the second point');
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    process.emit('SIGINT');
    expect(await code).toBe(EXIT_INTERRUPTED);
    expect(process.listenerCount('SIGINT')).toBe(before);
    expect(stderr.text).toContain('poll-vs-push: interrupted; stopping the sweep; the points done are kept');
    expect(stderr.text).not.toContain('sweep point 3/3');
    const sweep = JSON.parse(stdout.text) as SweepResult;
    expect(sweep.partial).toBe(true);
    expect(sweep.vary.values).toEqual([2, 4, 8]);
    expect(sweep.points.map((point) => point.value)).toEqual([2]);
  });
});
