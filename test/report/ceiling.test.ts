import { describe, expect, it } from 'vitest';
import { atScaleSections } from '../../src/report/at-scale.js';
import { ceilingNotes, paceSetter, pollRate, pollRateRow } from '../../src/report/ceiling.js';
import { buildVerdict } from '../../src/report/verdict.js';
import { buildReport } from '../../src/report/sections.js';
import { clone, transport } from './fixture.js';

describe('the polls a machine could answer', () => {
  it('reads achieved against offered from the counts: offered one a client an interval, achieved the requests a second', () => {
    const result = clone();
    const poll = transport(result, 'poll');
    const seconds = Math.min(poll.phaseMs, result.options.durationMs) / 1000;
    expect(pollRate(result, poll)).toEqual({
      offered: (poll.clients * 1000) / result.options.pollIntervalMs,
      achieved: poll.requests.http / seconds,
    });
    expect(pollRate(result, transport(result, 'ws'))).toBeNull();
    const row = pollRateRow(result)!;
    expect(row.label).toBe('polls/s achieved / offered');
    expect(row.cells.map((c) => c.lines[0])).toEqual(
      result.transports.map((t) => (t.transport === 'poll' ? expect.stringMatching(/^[\d,.]+ \/ [\d,.]+$/) : '–')),
    );
  });

  it("counts the polls over the time the clients were active (the duration and the stragglers' grace), where the result says", () => {
    const result = clone();
    const poll = transport(result, 'poll');
    poll.activeMs = result.options.durationMs * 2;
    expect(pollRate(result, poll)!.achieved).toBeCloseTo(poll.requests.http / (poll.activeMs / 1000), 9);
  });

  it('shows how long the clients took to connect, in ms under a second and in s from one', () => {
    const result = clone();
    transport(result, 'poll').connectMs = 23.44;
    transport(result, 'ws').connectMs = 20_712;
    const requests = buildReport(result).sections.find((s) => s.title === 'Requests & delivery')!;
    const row = requests.rows.find((r) => r.label === 'connect time (all seen)')!;
    const cell = (name: string): string =>
      row.cells[result.transports.findIndex((t) => t.transport === name)]!.lines[0]!;
    expect(cell('poll')).toBe('23.4 ms');
    expect(cell('ws')).toBe('20.7 s');
    // An older result, which did not record it, says nothing rather than zero.
    expect(cell('sse')).toBe('–');
  });

  it('says so when the machine carried under 90% of the offered polls, and not otherwise', () => {
    const healthy = clone();
    expect(ceilingNotes(healthy)).toEqual([]);
    const overloaded = clone();
    // The same requests against a ten times shorter interval: a tenth of what was offered.
    overloaded.options.pollIntervalMs /= 10;
    const notes = ceilingNotes(overloaded);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(
      /^Short poll: its [\d,]+ clients offered [\d,.]+ polls\/s and [\d,.]+\/s were carried \(\d+(\.\d)?%\)/,
    );
    const tones = pollRateRow(overloaded)!.cells.map((c) => c.tone);
    expect(tones).toEqual(overloaded.transports.map((t) => (t.transport === 'poll' ? 'bad' : 'plain')));
    const requests = buildReport(overloaded).sections.find((s) => s.title === 'Requests & delivery')!;
    expect(requests.notes).toContain(notes[0]);
  });
});

describe("the side that set a short poll's pace", () => {
  /** An overloaded poll phase whose clients and server spent `clientCpuMs` and `serverCpuMs` over its active time. */
  function overloaded(clientCpuMs: number, serverCpuMs: number) {
    const result = clone();
    result.options.pollIntervalMs /= 10;
    const poll = transport(result, 'poll');
    poll.activeMs = 2000;
    poll.clientCost = { processes: 1, cpuMs: clientCpuMs, rssPeakBytes: 1, rssPerClientBytes: 1, loopDelayMaxMs: 3 };
    poll.serverCost = {
      cpuMs: serverCpuMs,
      cpuPerEventUs: 1,
      rssPerClientBytes: 1,
      heapPerClientBytes: 1,
      loopDelayP99Ms: 1,
      loopDelayMaxMs: 2,
      publishLagMaxMs: 0,
    };
    return { result, poll };
  }

  it('names the clients when their CPU was full and the server’s was not, in the notes and the verdict', () => {
    const { result, poll } = overloaded(1960, 1200);
    expect(paceSetter(result, poll)).toEqual({ side: 'clients', clientCores: 0.98, serverCores: 0.6 });
    expect(ceilingNotes(result)[0]).toContain(
      "the tool's clients (98.0% of a core), not the server (60.0%) set the pace",
    );
    expect(buildVerdict(result).join(' ')).toContain(
      "the tool's clients (98.0% of a core), not the server (60.0%) set its pace, not the transport",
    );
  });

  it('names the server when its CPU was full, both when both were, and the machine when neither was', () => {
    const side = (clientCpuMs: number, serverCpuMs: number): string => {
      const { result, poll } = overloaded(clientCpuMs, serverCpuMs);
      return paceSetter(result, poll).side;
    };
    expect(side(1000, 1900)).toBe('server');
    expect(side(1900, 1900)).toBe('both');
    const { result, poll } = overloaded(1200, 1200);
    expect(paceSetter(result, poll).side).toBe('machine');
    expect(ceilingNotes(result)[0]).toContain("the machine: neither side's CPU was full");
  });
});

describe('the at-scale table of a large run', () => {
  const labels = (clients: number): string[] => {
    const result = clone();
    result.options.clients = clients;
    return atScaleSections(result)[0]!.rows.map((r) => r.label);
  };

  it("adds the run's own crowd, measured, among the projected ones", () => {
    expect(labels(2500)).toEqual([
      'per client',
      '1,000 clients',
      '2,500 clients (this run, measured)',
      '10,000 clients',
      '100,000 clients',
    ]);
    expect(labels(10_000)).toEqual([
      'per client',
      '1,000 clients',
      '10,000 clients (this run, measured)',
      '100,000 clients',
    ]);
  });

  it('projects every crowd of a small run', () => {
    expect(labels(50)).toEqual(['per client', '1,000 clients', '10,000 clients', '100,000 clients']);
  });
});
