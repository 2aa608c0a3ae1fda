import { describe, expect, it } from 'vitest';
import { failureLines } from '../../src/commands/output-options.js';
import { clone } from '../fixtures/index.js';

describe('failureLines', () => {
  it('is empty for a clean run', () => {
    expect(failureLines(clone())).toEqual([]);
  });

  it('fails a transport whose client and server byte counts disagree, quoting both', () => {
    const result = clone();
    result.transports[3]!.bytes.serverSent! += 7;
    const ws = result.transports[3]!.bytes;
    expect(failureLines(result)).toEqual([
      `ws byte counts disagree: client sent ${ws.clientSent}, server received ${ws.serverReceived}; server sent ${ws.serverSent}, client received ${ws.clientReceived}`,
    ]);
  });

  it('names transports that never ran when the run stopped early, but not after Ctrl-C', () => {
    const result = clone();
    result.transports = result.transports.slice(0, 2);
    expect(failureLines(result)).toEqual(['sse, ws did not run (the run stopped early)']);
    expect(failureLines({ ...result, partial: true })).toEqual([]);
  });
});
