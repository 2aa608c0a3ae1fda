import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../src/metrics/latency.js';
import { renderHtml } from '../../src/report/html.js';
import { formatForExtension, render } from '../../src/report/index.js';
import { verdictOf } from '../../src/report/verdict.js';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import { clone } from '../fixtures/index.js';

function withHistograms(): ComparisonResult {
  const result = clone();
  for (const t of result.transports) {
    const histogram = new LatencyHistogram();
    for (let i = 1; i <= 50; i++) histogram.recordNs(BigInt(i) * 100_000n);
    t.latencyHistogram = histogram.serialize()!;
    t.latencyMs = histogram.summary();
  }
  return result;
}

describe('renderHtml', () => {
  it('is one self-contained page: charts as inline SVG, the result embedded, nothing from a network', () => {
    const html = renderHtml(withHistograms());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // A tab says what the run found, not only when it ran.
    const title = /<title>(.*)<\/title>/.exec(html)![1]!;
    const finding = verdictOf(withHistograms())[0]!.split(';')[0]!;
    expect(title.startsWith(`${finding} · poll-vs-push 2025-`)).toBe(true);
    // The page opens with what the run found, then the verdict.
    expect(/<h1>(.*?)<\/h1>/.exec(html)![1]).toBe(finding);
    expect(html.indexOf('<h1>')).toBeLessThan(html.indexOf('<h2>Verdict</h2>'));
    for (const kind of ['cdf', 'histogram', 'bytes', 'requests', 'classic'])
      expect(html).toContain(`data-chart="${kind}"`);
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    expect(html).not.toMatch(/<script[^>]+src=/);
    const embedded = /<script type="application\/json" id="poll-vs-push-result">(.*)<\/script>/s.exec(html)![1]!;
    expect((JSON.parse(embedded) as ComparisonResult).schemaVersion).toBe(1);
  });

  it('escapes what it prints, so no text of a result can open an element', () => {
    const result = withHistograms();
    result.options.host = '<img onerror=x>';
    result.startedAt = '</script><b>';
    const html = renderHtml(result);
    expect(html).not.toContain('<img onerror');
    expect(html).not.toContain('</script><b>');
  });

  it('says when a result has no histogram to draw (saved by 0.1.0)', () => {
    expect(renderHtml(clone())).toContain('No latency histogram in this result');
  });

  it('is a layout of the registry, inferred from .html', () => {
    expect(formatForExtension('.html')).toBe('html');
    expect(render(withHistograms(), 'html', { color: true })).toBe(renderHtml(withHistograms()));
  });
});
