import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/report/table.js';
import { buildVerdict } from '../../src/report/verdict.js';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import { clone, row, section, stripAnsi } from './fixture.js';

/** The fixture as if its server had been restarted 2 s into each phase: WebSocket back last, SSE one client short. */
function restarted(): ComparisonResult {
  const result = clone();
  result.options.restartAtMs = 2000;
  for (const [i, t] of result.transports.entries()) {
    const clients = result.options.clients;
    const short = t.transport === 'sse' ? 1 : 0;
    t.recovery = {
      cause: 'restart',
      atMs: 2001.5,
      downMs: 300 + i * 10,
      clients,
      dropped: clients,
      recovered: clients - short,
      backMs: { p50: 400 + i * 50, max: t.transport === 'ws' ? 1900 : 600 + i * 50 },
      reconnectAttempts: 3 * clients,
      peakAcceptsPerSec: clients,
      faults: { ECONNREFUSED: 2 * clients },
    };
  }
  return result;
}

describe('a restart in the reports', () => {
  it('the verdict orders the transports whose every client came back, and names the one that did not', () => {
    const sentence = buildVerdict(restarted()).find((s) => s.startsWith('After the restart'));
    expect(sentence).toBeDefined();
    const plain = sentence!.replaceAll('\u00a0', ' ');
    expect(plain).toMatch(/^After the restart \(server down 300–3\d0 ms\), every client was back and caught up: /);
    // WebSocket's last client took 1.9 s: it comes last.
    expect(plain).toMatch(/WebSocket within 1\.9 s\./);
    expect(plain).toMatch(/SSE: 1 of \d+ clients never came back\./);
    expect(plain).toMatch(/No event was lost or duplicated across it\.$/);
  });

  it('the compact view shows the recovery table beside the essentials, its faults in a note', () => {
    const out = stripAnsi(renderTable(restarted(), { color: false, width: 80 }));
    const block = section(out, 'Restart: the server killed (SIGKILL) and started again, 2.0 s into each phase');
    expect(row(block, 'back, last')).toContain('1.9 s');
    expect(row(block, 'clients back').some((cell) => /^\d+ of \d+$/.test(cell))).toBe(true);
    expect(block).toMatch(
      /Faults on the way, what the restart cost \(not errors of the run\): Short poll\s+ECONNREFUSED×/,
    );
    for (const line of out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(out).toContain('server killed and restarted 2.0 s into each phase');
  });

  it('says nothing of a restart that did not happen', () => {
    const out = stripAnsi(renderTable(clone(), { color: false, details: true, width: 100 }));
    expect(out).not.toMatch(/Restart|restarted/);
  });
});
