import { describe, expect, it } from 'vitest';
import { COST_TITLE, costSection } from '../../src/report/cost.js';
import { render } from '../../src/report/index.js';
import type { MetricSection } from '../../src/report/section-model.js';
import type { TransportResult } from '../../src/shared/result-types.js';
import { clone, transport } from './fixture.js';

function cells(section: MetricSection, label: string): string[] {
  const row = section.rows.find((r) => r.label === label);
  if (!row) throw new Error(`no row '${label}' in ${section.rows.map((r) => r.label).join(', ')}`);
  return row.cells.map((c) => c.lines.join(' / '));
}

/** A WebSocket result as a run over a primary, two workers and two client processes records it. */
function spread(): TransportResult[] {
  const result = clone();
  const ws = transport(result, 'ws');
  ws.serverCost = {
    ...ws.serverCost!,
    cpuMs: 600,
    processes: [
      { role: 'primary', cpuMs: 100, rssPeakBytes: 60 * 1024 * 1024, loopDelayMaxMs: 2 },
      { role: 'worker', cpuMs: 200, rssPeakBytes: 90 * 1024 * 1024, loopDelayMaxMs: 40, hopMaxMs: 3.5 },
      { role: 'worker', cpuMs: 300, rssPeakBytes: 95 * 1024 * 1024, loopDelayMaxMs: 55, hopMaxMs: 4.25 },
    ],
  };
  ws.clientCost = {
    processes: 2,
    cpuMs: 1234.5,
    rssPeakBytes: 300 * 1024 * 1024,
    rssPerClientBytes: 4096,
    loopDelayMaxMs: 81,
  };
  return result.transports;
}

describe('the cost section', () => {
  it("shows the server's and the clients' processes, and each server process on a line of its own", () => {
    const transports = spread();
    const section = costSection(transports)!;
    expect(section.title).toBe(COST_TITLE);
    const ws = transports.findIndex((t) => t.transport === 'ws');
    const sse = transports.findIndex((t) => t.transport === 'sse');
    expect(cells(section, 'server processes')[ws]).toBe('3 (1 + 2 workers)');
    expect(cells(section, 'server processes')[sse]).toBe('1');
    expect(cells(section, 'server CPU time')[ws]).toBe('600.0 ms');
    expect(cells(section, 'client processes')[ws]).toBe('2');
    expect(cells(section, 'client CPU time')[ws]).toBe('1,234.5 ms');
    expect(cells(section, 'client RSS peak')[ws]).toBe('300.0 MiB');
    expect(cells(section, 'client RSS per client')[ws]).toBe('4,096 B');
    // A transport that measured no client cost says so, never zero.
    expect(cells(section, 'client CPU time')[sse]).toBe('–');
    expect(section.notes).toContain(
      '  worker 2: 300.0 ms CPU · 95.0 MiB RSS peak · loop delay max 55.000 ms · events reached it 4.250 ms after publish at most',
    );
    expect(section.notes).toContain('  primary: 100.0 ms CPU · 60.0 MiB RSS peak · loop delay max 2.000 ms');
  });

  it('has no client rows when no transport measured its clients, and is absent when nothing measured a cost', () => {
    const result = clone();
    expect(costSection(result.transports)!.rows.some((r) => r.label.startsWith('client'))).toBe(false);
    for (const t of result.transports) delete t.serverCost;
    expect(costSection(result.transports)).toBeUndefined();
  });

  it('reaches the terminal table', () => {
    const result = clone();
    result.transports = spread();
    const table = render(result, 'table', { color: false, details: true, width: 100 });
    expect(table).toContain(COST_TITLE);
    expect(table).toContain('client RSS peak');
  });
});
