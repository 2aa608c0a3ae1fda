import { describe, expect, it } from 'vitest';
import { intermediaryNotes } from '../../src/report/intermediary.js';
import { clone } from './fixture.js';

describe('what an intermediary is likely doing, said from the figures', () => {
  const withP50 = (p50s: Record<string, number>, target: boolean) => {
    const result = clone();
    if (target) result.options.target = { url: 'http://127.0.0.1:8081', kind: 'protocol' };
    for (const t of result.transports) if (t.latencyMs && p50s[t.transport]) t.latencyMs.p50 = p50s[t.transport]!;
    return result;
  };

  it('names a push transport ten times slower than another through a target, with the usual fixes', () => {
    const notes = intermediaryNotes(withP50({ sse: 480, ws: 2 }, true));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain("SSE's p50 is 240.0× WebSocket's on the same path");
    expect(notes[0]).toContain('X-Accel-Buffering: no');
    expect(notes[0]).toContain('option http-no-delay');
  });

  it('says nothing when push transports are alike, or on the demo server', () => {
    expect(intermediaryNotes(withP50({ sse: 3, ws: 2 }, true))).toEqual([]);
    expect(intermediaryNotes(withP50({ sse: 480, ws: 2 }, false))).toEqual([]);
  });
});
