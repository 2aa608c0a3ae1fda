import { describe, expect, it } from 'vitest';
import { PhaseRecorder } from '../../src/metrics/recorder.js';

const MS = 1_000_000n;

/** Delivers `seq` with a latency of `latencyMs` whole milliseconds and a `bytes`-byte payload. */
function deliver(client: ReturnType<PhaseRecorder['forClient']>, seq: number, latencyMs = 1, bytes = 10): void {
  const publishedNs = 1_000_000_000n + BigInt(seq) * MS;
  client.deliver(seq, publishedNs, publishedNs + BigInt(latencyMs) * MS, bytes);
}

describe('ClientRecorder delivery accounting', () => {
  it('counts in-order deliveries, their latency and payload bytes', () => {
    const phase = new PhaseRecorder();
    const client = phase.forClient();
    expect(client.lastSeq).toBe(0);
    for (let seq = 1; seq <= 5; seq++) deliver(client, seq, seq, 100);
    expect(client.lastSeq).toBe(5);
    expect(phase.deliveryCounts(5, 1)).toEqual({
      published: 5,
      expected: 5,
      delivered: 5,
      lost: 0,
      duplicates: 0,
      outOfOrder: 0,
    });
    expect(phase.payloadBytes).toBe(500);
    const latency = phase.latencySummary();
    expect(latency?.samples).toBe(5);
    expect(latency?.min).toBe(1);
    expect(latency?.max).toBe(5);
    expect(latency?.mean).toBe(3);
  });

  it('counts a duplicate without recording its latency or payload again', () => {
    const phase = new PhaseRecorder();
    const client = phase.forClient();
    deliver(client, 1, 2, 50);
    deliver(client, 2, 2, 50);
    deliver(client, 2, 900, 50);
    deliver(client, 1, 900, 50);
    expect(phase.delivered).toBe(2);
    expect(phase.duplicates).toBe(2);
    expect(phase.outOfOrder).toBe(0);
    expect(phase.payloadBytes).toBe(100);
    const latency = phase.latencySummary();
    expect(latency?.samples).toBe(2);
    expect(latency?.max).toBe(2);
    expect(client.lastSeq).toBe(2);
  });

  it('counts an out-of-order delivery and still records it once', () => {
    const phase = new PhaseRecorder();
    const client = phase.forClient();
    deliver(client, 1);
    deliver(client, 3);
    deliver(client, 2);
    expect(phase.outOfOrder).toBe(1);
    expect(phase.delivered).toBe(3);
    expect(phase.duplicates).toBe(0);
    expect(phase.latencySummary()?.samples).toBe(3);
    // lastSeq stays at the highest seq, so a resume does not ask for 3 again.
    expect(client.lastSeq).toBe(3);
    // A late duplicate of an out-of-order seq is a duplicate, not a second out-of-order event.
    deliver(client, 2);
    expect(phase.outOfOrder).toBe(1);
    expect(phase.duplicates).toBe(1);
  });

  it('counts a gap as lost: expected − delivered', () => {
    const phase = new PhaseRecorder();
    const client = phase.forClient();
    deliver(client, 1);
    deliver(client, 2);
    deliver(client, 5);
    expect(client.lastSeq).toBe(5);
    expect(phase.deliveryCounts(5, 1)).toEqual({
      published: 5,
      expected: 5,
      delivered: 3,
      lost: 2,
      duplicates: 0,
      outOfOrder: 0,
    });
    // The jump is named, not only counted: the window had moved on, or the events never came.
    expect(phase.errorCounts()).toEqual({ SEQ_GAP: 1 });
  });

  it('names a gap at the very start (a first event after seq 1) and none for an in-order run', () => {
    const phase = new PhaseRecorder();
    const late = phase.forClient();
    deliver(late, 4);
    deliver(late, 5);
    const onTime = phase.forClient();
    for (let seq = 1; seq <= 5; seq++) deliver(onTime, seq);
    expect(phase.errorCounts()).toEqual({ SEQ_GAP: 1 });
  });

  it('expects published × clients and counts lost across clients', () => {
    const phase = new PhaseRecorder();
    const a = phase.forClient();
    const b = phase.forClient();
    const c = phase.forClient();
    for (let seq = 1; seq <= 4; seq++) deliver(a, seq);
    for (let seq = 1; seq <= 2; seq++) deliver(b, seq);
    // c receives nothing
    expect(c.lastSeq).toBe(0);
    const counts = phase.deliveryCounts(4, 3);
    expect(counts.expected).toBe(12);
    expect(counts.delivered).toBe(6);
    expect(counts.lost).toBe(6);
  });

  it('never reports a negative loss', () => {
    const phase = new PhaseRecorder();
    const client = phase.forClient();
    deliver(client, 1);
    deliver(client, 2);
    expect(phase.deliveryCounts(1, 1).lost).toBe(0);
    expect(phase.deliveryCounts(0, 5)).toMatchObject({ expected: 0, delivered: 2, lost: 0 });
  });

  it('keeps clients independent: two clients receiving the same seq is not a duplicate', () => {
    const phase = new PhaseRecorder();
    const a = phase.forClient();
    const b = phase.forClient();
    deliver(a, 1);
    deliver(b, 1);
    deliver(a, 2);
    deliver(b, 2);
    expect(phase.duplicates).toBe(0);
    expect(phase.outOfOrder).toBe(0);
    expect(phase.delivered).toBe(4);
    // b being ahead does not make a's older seq out of order
    deliver(b, 7);
    deliver(a, 3);
    expect(phase.outOfOrder).toBe(0);
    expect(a.lastSeq).toBe(3);
    expect(b.lastSeq).toBe(7);
  });

  it('handles seqs far beyond the initial buffer', () => {
    const phase = new PhaseRecorder();
    const client = phase.forClient();
    deliver(client, 1);
    deliver(client, 10_000);
    deliver(client, 63);
    deliver(client, 64);
    deliver(client, 65);
    deliver(client, 10_000);
    deliver(client, 250_000);
    deliver(client, 9_999);
    expect(client.lastSeq).toBe(250_000);
    expect(phase.delivered).toBe(7);
    expect(phase.duplicates).toBe(1);
    // 63, 64, 65 and 9_999 arrive after 10_000
    expect(phase.outOfOrder).toBe(4);
  });

  it('records every seq of a long in-order run exactly once', () => {
    const phase = new PhaseRecorder();
    const client = phase.forClient();
    for (let seq = 1; seq <= 20_000; seq++) deliver(client, seq, 1, 1);
    for (let seq = 1; seq <= 20_000; seq += 1000) deliver(client, seq, 1, 1);
    expect(phase.deliveryCounts(20_000, 1)).toEqual({
      published: 20_000,
      expected: 20_000,
      delivered: 20_000,
      lost: 0,
      duplicates: 20,
      outOfOrder: 0,
    });
    expect(phase.payloadBytes).toBe(20_000);
    expect(client.lastSeq).toBe(20_000);
  });

  it('sums payload bytes of first deliveries only', () => {
    const phase = new PhaseRecorder();
    const a = phase.forClient();
    const b = phase.forClient();
    deliver(a, 1, 1, 70);
    deliver(a, 1, 1, 70);
    deliver(a, 2, 1, 71);
    deliver(b, 1, 1, 70);
    deliver(b, 2, 1, 71);
    deliver(b, 2, 1, 71);
    expect(phase.payloadBytes).toBe(70 + 71 + 70 + 71);
    expect(phase.duplicates).toBe(2);
  });

  it('counts requests, empty responses and handshakes from every client into the phase', () => {
    const phase = new PhaseRecorder();
    const a = phase.forClient();
    const b = phase.forClient();
    a.request();
    a.request();
    b.request();
    a.emptyResponse();
    b.handshake();
    b.handshake();
    expect(phase.httpRequests).toBe(3);
    expect(phase.emptyResponses).toBe(1);
    expect(phase.handshakes).toBe(2);
  });

  it('counts faults by code, from the phase and from clients', () => {
    const phase = new PhaseRecorder();
    expect(phase.errorCounts()).toEqual({});
    const a = phase.forClient();
    const b = phase.forClient();
    a.fault('ECONNRESET');
    b.fault('ECONNRESET');
    b.fault('HTTP_500');
    phase.fault('ECONNREFUSED');
    phase.fault('ECONNRESET');
    expect(phase.errorCounts()).toEqual({ ECONNRESET: 3, HTTP_500: 1, ECONNREFUSED: 1 });
    // faults do not touch delivery
    expect(phase.deliveryCounts(0, 2)).toEqual({
      published: 0,
      expected: 0,
      delivered: 0,
      lost: 0,
      duplicates: 0,
      outOfOrder: 0,
    });
  });

  it('has no latency summary until something is delivered', () => {
    const phase = new PhaseRecorder();
    phase.forClient().request();
    expect(phase.latencySummary()).toBeNull();
    expect(phase.deliveryCounts(3, 2)).toMatchObject({ expected: 6, delivered: 0, lost: 6 });
  });
});

describe('ClientRecorder on a shared target', () => {
  it("counts from the phase's start: seqs at or below it are not this run's, and need no bitmap", () => {
    const phase = new PhaseRecorder({ since: 1_000_000_000 });
    const client = phase.forClient();
    expect(client.lastSeq).toBe(1_000_000_000);
    deliver(client, 999_999_999);
    deliver(client, 1_000_000_001);
    deliver(client, 1_000_000_002);
    expect(phase.deliveryCounts(2, 1)).toMatchObject({ delivered: 2, lost: 0, foreign: 1 });
    expect(phase.errorCounts()).toEqual({});
  });

  it("tells the run's events by their tag; where the server numbers everyone's, another's move the resume point without a gap", () => {
    const phase = new PhaseRecorder({ since: 0, tag: 'pvp:abc:', sharedSeqs: true });
    const client = phase.forClient();
    expect(client.isForeign('pvp:abc:payload')).toBe(false);
    expect(client.isForeign('someone else')).toBe(true);
    expect(client.isForeign(undefined)).toBe(true);
    deliver(client, 1);
    client.foreign(2);
    deliver(client, 3);
    expect(client.lastSeq).toBe(3);
    expect(phase.errorCounts()).toEqual({});
    expect(phase.deliveryCounts(2, 1)).toMatchObject({ delivered: 2, foreign: 1 });
  });

  it("lets another run's seqs move nothing where each publisher numbers its own (a chat), but everything where the server numbers all", () => {
    const chat = new PhaseRecorder({ since: 0, tag: 'pvp:me:' });
    const client = chat.forClient();
    client.foreign(500);
    for (let seq = 1; seq <= 10; seq++) deliver(client, seq);
    expect(chat.deliveryCounts(10, 1)).toMatchObject({ delivered: 10, outOfOrder: 0, foreign: 1 });
    expect(chat.errorCounts()).toEqual({});
    const server = new PhaseRecorder({ since: 0, tag: 'pvp:me:', sharedSeqs: true });
    const reader = server.forClient();
    reader.foreign(5);
    expect(reader.lastSeq).toBe(5);
  });

  it('has no foreign count and accepts every event where there is no tag (the demo server)', () => {
    const phase = new PhaseRecorder();
    expect(phase.forClient().isForeign(undefined)).toBe(false);
    expect(phase.deliveryCounts(0, 1)).not.toHaveProperty('foreign');
  });
});

describe('socketIoEventText', () => {
  it('finds the event in what a Socket.IO server emitted: as is, a string, or wrapped', async () => {
    const { socketIoEventText } = await import('../../src/clients/wire-event.js');
    const event = { seq: 3, t: '12', data: 'x' };
    expect(socketIoEventText(event)).toBe(JSON.stringify(event));
    expect(socketIoEventText(JSON.stringify(event))).toBe(JSON.stringify(event));
    expect(socketIoEventText({ sid: 'abc', data: event })).toBe(JSON.stringify(event));
    expect(socketIoEventText({ nothing: 1 })).toBe('{"nothing":1}');
  });
});
