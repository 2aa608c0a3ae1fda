import { describe, expect, it } from 'vitest';
import { MARKER_READER } from '../../src/clients/readers.js';
import { itemBytesAt } from '../../src/clients/item-spans.js';
import { PhaseRecorder } from '../../src/metrics/recorder.js';
import { findMarkers, markerOf, markerTag, renderTemplate } from '../../src/shared/marker.js';

const tag = markerTag('abcd1234');
const other = markerTag('zzzz9999');
const m = (seq: number, stamp = 1_000_000n + BigInt(seq)) => markerOf(tag, seq, stamp);

describe('markers', () => {
  it('are found wherever they stand, with their seq and send stamp', () => {
    const text = `{"type":"message","payload":{"text":"${m(7)}","html":"<p>${m(7)}</p>"}}`;
    const found = findMarkers(text);
    expect(found.map((f) => [f.seq, f.stampNs, f.tag])).toEqual([
      [7, 1_000_007n, tag],
      [7, 1_000_007n, tag],
    ]);
    expect(findMarkers('no marker, pvp-short-1-2 either')).toEqual([]);
  });

  it('go into a template unchanged in JSON and in a form body', () => {
    const marker = m(3);
    expect(renderTemplate('{"text":"{{marker}}","again":"{{marker}}"}', marker, true)).toBe(
      `{"text":"${marker}","again":"${marker}"}`,
    );
    expect(new URLSearchParams(renderTemplate('topic=t&data={{marker}}', marker, false)).get('data')).toBe(marker);
  });
});

describe('itemBytesAt', () => {
  it('gives the bytes of the innermost array element around each index, wherever the list is nested', () => {
    const items = [`{"id":1,"text":"${m(1)}","tags":["a","b"]}`, `{"id":2,"text":"é ${m(2)}"}`];
    const body = `{"messages": [ ${items.join(', ')} ]}`;
    const at = [body.indexOf(m(1)), body.indexOf(m(2))];
    expect(itemBytesAt(body, at)).toEqual(items.map((item) => Buffer.byteLength(item)));
  });

  it('gives the line a marker stands on where the answer is not JSON', () => {
    const body = `<ul>\n<li>${m(1)}</li>\n<li>${m(2)}</li>\n</ul>`;
    expect(itemBytesAt(body, [body.indexOf(m(2))])).toEqual([Buffer.byteLength(`<li>${m(2)}</li>`)]);
  });
});

describe('MARKER_READER', () => {
  const setup = () => {
    const phase = new PhaseRecorder({ since: 0, tag, sharedSeqs: false });
    return { phase, client: phase.forClient() };
  };

  it("counts a cursorless list's repeats as re-fetched with their items' bytes, never as duplicates", () => {
    const { phase, client } = setup();
    const list = (seqs: number[]) => JSON.stringify({ messages: seqs.map((seq) => ({ id: seq, text: m(seq) })) });
    expect(MARKER_READER.answer(list([1, 2]), client)).toBe(2);
    // Newest first, with the two it had: one new, two again.
    const second = JSON.stringify({ messages: [3, 2, 1].map((seq) => ({ id: seq, text: m(seq) })) });
    expect(MARKER_READER.answer(second, client)).toBe(1);
    expect(MARKER_READER.answer(second, client)).toBe(0);
    expect(phase.delivered).toBe(3);
    expect(phase.duplicates).toBe(0);
    expect(phase.outOfOrder).toBe(0);
    expect(phase.refetched).toBe(2 + 3);
    const item = (seq: number) => Buffer.byteLength(JSON.stringify({ id: seq, text: m(seq) }));
    expect(phase.refetchedBytes).toBe(item(2) + item(1) + item(3) + item(2) + item(1));
    // The answer with nothing new carried no event.
    expect(phase.emptyResponses).toBe(1);
  });

  it("skips another phase's markers and an app's own traffic, and times each event from its stamp", () => {
    const { phase, client } = setup();
    MARKER_READER.message('{"type":"hello","online":3}', client, 5_000_000n);
    MARKER_READER.message(`{"text":"${markerOf(other, 1, 1n)}"}`, client, 5_000_000n);
    MARKER_READER.message(`{"type":"message","payload":{"text":"${m(1, 4_000_000n)}"}}`, client, 5_000_000n);
    expect(phase.delivered).toBe(1);
    expect(phase.errors.size).toBe(0);
    expect(phase.latencySummary()?.max).toBe(1);
  });

  it('counts a push that repeats an event as a duplicate: the app sent it twice', () => {
    const { phase, client } = setup();
    MARKER_READER.message(m(1), client, 2_000_000n);
    MARKER_READER.message(m(1), client, 2_000_000n);
    expect([phase.delivered, phase.duplicates]).toEqual([1, 1]);
  });
});
