import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { nowNs } from '../../src/shared/clock.js';
import { sseMessage } from '../../src/server/encoders.js';
import { EventLog, type LoggedEvent } from '../../src/server/event-log.js';
import type { WireEvent } from '../../src/shared/protocol.js';

function logWith(count: number): EventLog {
  const log = new EventLog();
  for (let i = 1; i <= count; i++) log.publish(`payload-${i}`);
  return log;
}

function seqs(events: LoggedEvent[]): number[] {
  return events.map((event) => event.seq);
}

describe('EventLog numbering', () => {
  it('starts empty with head 0', () => {
    const log = new EventLog();
    expect(log.head).toBe(0);
    expect(log.after(0)).toEqual([]);
  });

  it('numbers events 1, 2, 3… and moves head to the latest seq', () => {
    const log = new EventLog();
    expect(log.publish('a').seq).toBe(1);
    expect(log.head).toBe(1);
    expect(log.publish('b').seq).toBe(2);
    expect(log.publish('c').seq).toBe(3);
    expect(log.head).toBe(3);
  });

  it('restarts at seq 1 after clear()', () => {
    const log = logWith(4);
    log.clear();
    expect(log.head).toBe(0);
    expect(log.after(0)).toEqual([]);
    expect(log.publish('again').seq).toBe(1);
    expect(seqs(log.after(0))).toEqual([1]);
    expect(JSON.parse(log.after(0)[0]!.json)).toMatchObject({ seq: 1, data: 'again' });
  });
});

describe('EventLog.after(since)', () => {
  const log = logWith(5);

  it('returns every event for since 0', () => {
    expect(seqs(log.after(0))).toEqual([1, 2, 3, 4, 5]);
  });

  it('returns the events above since, oldest first, from the middle', () => {
    expect(seqs(log.after(2))).toEqual([3, 4, 5]);
    expect(seqs(log.after(4))).toEqual([5]);
  });

  it('returns nothing at the head or beyond it', () => {
    expect(log.after(5)).toEqual([]);
    expect(log.after(6)).toEqual([]);
    expect(log.after(1_000_000)).toEqual([]);
  });

  it('treats a negative since as 0', () => {
    expect(seqs(log.after(-3))).toEqual([1, 2, 3, 4, 5]);
  });

  it('returns the logged events themselves, in a fresh array', () => {
    const first = log.after(3);
    first.pop();
    expect(seqs(log.after(3))).toEqual([4, 5]);
    expect(log.after(3)[0]).toBe(log.after(0)[3]);
  });
});

describe('EventLog subscribe', () => {
  it('tells every subscriber about each event published after subscribing, synchronously', () => {
    const log = logWith(2);
    const a: number[] = [];
    const b: number[] = [];
    log.subscribe((events) => a.push(...events.map((e) => e.seq)));
    const published = log.publish('x');
    expect(a).toEqual([3]);
    log.subscribe((events) => b.push(...events.map((e) => e.seq)));
    log.publish('y');
    expect(a).toEqual([3, 4]);
    expect(b).toEqual([4]);
    // the listener receives the very object the log keeps
    let seen: LoggedEvent | undefined;
    log.subscribe((events) => {
      seen = events[0];
    });
    const last = log.publish('z');
    expect(seen).toBe(last);
    expect(published).toBe(log.after(2)[0]);
  });

  it('stops calling a listener after unsubscribe, leaving the others', () => {
    const log = new EventLog();
    const a: number[] = [];
    const b: number[] = [];
    const offA = log.subscribe((events) => a.push(...events.map((e) => e.seq)));
    log.subscribe((events) => b.push(...events.map((e) => e.seq)));
    log.publish('1');
    offA();
    log.publish('2');
    offA(); // unsubscribing twice is harmless
    log.publish('3');
    expect(a).toEqual([1]);
    expect(b).toEqual([1, 2, 3]);
  });

  it('publishes a batch with one stamp, consecutive seqs, and tells each subscriber once', () => {
    const log = logWith(1);
    const calls: number[][] = [];
    log.subscribe((events) => calls.push(events.map((e) => e.seq)));
    const batch = log.publishMany(['a', 'b', 'c']);
    expect(batch.map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(calls).toEqual([[2, 3, 4]]);
    expect(new Set(batch.map((e) => e.publishedAtNs)).size).toBe(1);
    expect(log.after(1)).toEqual(batch);
    expect(log.publishMany([])).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('makes the event visible to after() by the time listeners run', () => {
    const log = new EventLog();
    const heads: number[] = [];
    log.subscribe(() => heads.push(log.head));
    log.publish('a');
    log.publish('b');
    expect(heads).toEqual([1, 2]);
  });
});

describe('LoggedEvent encoding', () => {
  it('json parses to {seq, t, data} with t the publish time as a decimal bigint string', () => {
    const log = new EventLog();
    const before = nowNs();
    const event = log.publish('hello');
    const after = nowNs();
    const wire = JSON.parse(event.json) as WireEvent;
    expect(Object.keys(wire)).toEqual(['seq', 't', 'data']);
    expect(wire.seq).toBe(1);
    expect(wire.data).toBe('hello');
    expect(wire.t).toMatch(/^\d+$/);
    expect(BigInt(wire.t)).toBe(event.publishedAtNs);
    expect(event.publishedAtNs).toBeGreaterThanOrEqual(before);
    expect(event.publishedAtNs).toBeLessThanOrEqual(after);
  });

  it('stamps later events no earlier than earlier ones', () => {
    const log = logWith(50);
    const events = log.after(0);
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.publishedAtNs).toBeGreaterThanOrEqual(events[i - 1]!.publishedAtNs);
    }
  });

  it('carries data that needs JSON escaping unchanged', () => {
    const log = new EventLog();
    const data = 'quote " backslash \\ newline \n tab \t unicode é 🚀';
    const event = log.publish(data);
    expect((JSON.parse(event.json) as WireEvent).data).toBe(data);
  });

  it('formats one SSE message: id line, one data line with the json, blank line', () => {
    const log = logWith(6);
    const event = log.publish('line one\nline two');
    expect(event.seq).toBe(7);
    expect(sseMessage(event)).toBe(`id: 7\ndata: ${event.json}\n\n`);
    // the json is escaped, so the message stays on exactly one data line
    const lines = sseMessage(event).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('id: 7');
    expect(lines[1]!.startsWith('data: {')).toBe(true);
    expect(lines[2]).toBe('');
    expect(lines[3]).toBe('');
  });
});

describe('EventLog window', () => {
  it('keeps at most maxEvents, dropping the oldest, and says what it holds', () => {
    const log = new EventLog({ maxEvents: 3, maxBytes: 1_000_000 });
    for (let i = 1; i <= 5; i++) log.publish(`e${i}`);
    expect(log.head).toBe(5);
    expect(log.oldest).toBe(3);
    expect(seqs(log.after(0))).toEqual([3, 4, 5]);
    const retained = log.retained();
    expect(retained).toMatchObject({ events: 3, oldest: 3, head: 5 });
    expect(retained.bytes).toBe(log.after(0).reduce((sum, event) => sum + Buffer.byteLength(event.json), 0));
  });

  it('keeps at most maxBytes of JSON, but always the newest event whatever its size', () => {
    const one = Buffer.byteLength(new EventLog().publish('x'.repeat(100)).json);
    const log = new EventLog({ maxEvents: 1000, maxBytes: one * 2 });
    for (let i = 0; i < 5; i++) log.publish('x'.repeat(100));
    expect(seqs(log.after(0))).toEqual([4, 5]);
    log.publish('y'.repeat(10_000));
    expect(seqs(log.after(0))).toEqual([6]);
    expect(log.retained().bytes).toBeGreaterThan(one * 2);
  });

  it('stays correct across many trims (the dead prefix is cut in bulk)', () => {
    const log = new EventLog({ maxEvents: 10, maxBytes: 1_000_000 });
    for (let i = 1; i <= 5000; i++) log.publish(`e${i}`);
    expect(seqs(log.after(0))).toEqual(Array.from({ length: 10 }, (_, i) => 4991 + i));
    expect(seqs(log.after(4995))).toEqual([4996, 4997, 4998, 4999, 5000]);
  });
});

describe('EventLog.read(since, limit)', () => {
  const unlimited = { maxEvents: Number.POSITIVE_INFINITY, maxBytes: Number.POSITIVE_INFINITY };

  it('says when the reader asked for events the window no longer holds, and from where it answers', () => {
    const log = new EventLog({ maxEvents: 3, maxBytes: 1_000_000 });
    for (let i = 1; i <= 6; i++) log.publish(`e${i}`);
    const behind = log.read(1, unlimited);
    expect(seqs(behind.events)).toEqual([4, 5, 6]);
    expect(behind).toMatchObject({ gap: true, oldest: 4, more: false });
    // Exactly at the window's edge is no gap, and neither is being up to date.
    expect(log.read(3, unlimited)).toMatchObject({ gap: false, oldest: 4 });
    expect(log.read(6, unlimited)).toMatchObject({ events: [], gap: false, more: false });
  });

  it('is no gap to ask from 0 while seq 1 is still held', () => {
    const log = logWith(3);
    expect(log.read(0, unlimited)).toMatchObject({ gap: false, oldest: 1 });
  });

  it('cuts an answer at maxEvents and maxBytes, saying more are waiting', () => {
    const log = logWith(10);
    const byCount = log.read(2, { maxEvents: 3, maxBytes: Number.POSITIVE_INFINITY });
    expect(seqs(byCount.events)).toEqual([3, 4, 5]);
    expect(byCount.more).toBe(true);
    const size = Buffer.byteLength(log.after(0)[0]!.json);
    const byBytes = log.read(0, { maxEvents: 100, maxBytes: size * 2 + 1 });
    expect(seqs(byBytes.events)).toEqual([1, 2]);
    expect(byBytes.more).toBe(true);
    expect(log.read(8, { maxEvents: 2, maxBytes: Number.POSITIVE_INFINITY })).toMatchObject({ more: false });
  });

  it('always carries one event, even one larger than maxBytes', () => {
    const log = new EventLog();
    log.publish('z'.repeat(5000));
    log.publish('z');
    const slice = log.read(0, { maxEvents: 10, maxBytes: 100 });
    expect(seqs(slice.events)).toEqual([1]);
    expect(slice.more).toBe(true);
  });
});

describe('EventLog memory', () => {
  it('lets go of every event that leaves the window, not only in bulk later', async () => {
    // node's gc, reachable from a test: the flag turns it on, a fresh context hands it over.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const log = new EventLog({ maxEvents: 3, maxBytes: 1_000_000 });
    const first = new WeakRef(log.publish('x'.repeat(1000)));
    for (let i = 0; i < 10; i++) log.publish(`e${i}`);
    // A WeakRef keeps its target alive until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(first.deref()).toBeUndefined();
    expect(seqs(log.after(0))).toEqual([9, 10, 11]);
  });
});
