import { describe, expect, it } from 'vitest';
import { fixture } from './fixture.js';
import { render, REPORT_FORMATS } from '../../src/report/index.js';
import { renderCsv } from '../../src/report/csv.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderTable } from '../../src/report/table.js';

describe('renderJson', () => {
  it('round-trips to the same object', () => {
    expect(JSON.parse(renderJson(fixture))).toEqual(fixture);
  });

  it('is indented with two spaces and ends with one newline', () => {
    const json = renderJson(fixture);
    expect(json.startsWith('{\n  "schemaVersion": 1,\n')).toBe(true);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json.endsWith('}\n\n')).toBe(false);
  });

  it('keeps a null latency as null', () => {
    const result = structuredClone(fixture);
    result.transports[0]!.latencyMs = null;
    expect(JSON.parse(renderJson(result)).transports[0].latencyMs).toBeNull();
  });

  it('never carries colour codes', () => {
    expect(renderJson(fixture)).not.toContain('\u001b[');
  });

  it('carries the checks and the partial flags inside the result', () => {
    const result = structuredClone(fixture);
    result.partial = true;
    result.transports[3]!.partial = true;
    result.checks = { thresholds: [] };
    const parsed = JSON.parse(renderJson(result));
    expect(parsed.partial).toBe(true);
    expect(parsed.transports[3].partial).toBe(true);
    expect(parsed.checks).toEqual({ thresholds: [] });
    expect(JSON.parse(renderJson(fixture))).not.toHaveProperty('checks');
  });
});

describe('render', () => {
  it('knows five formats', () => {
    expect(REPORT_FORMATS).toEqual(['table', 'json', 'markdown', 'csv', 'html']);
  });

  it('dispatches on the format', () => {
    expect(render(fixture, 'json', { color: true })).toBe(renderJson(fixture));
    expect(render(fixture, 'table', { color: false, details: true, width: 100 })).toBe(
      renderTable(fixture, { color: false, details: true, width: 100 }),
    );
    expect(render(fixture, 'table', { color: true, details: true, width: 100 })).toBe(
      renderTable(fixture, { color: true, details: true, width: 100 }),
    );
    expect(render(fixture, 'markdown', { color: true })).toBe(renderMarkdown(fixture));
    expect(render(fixture, 'csv', { color: true })).toBe(renderCsv(fixture));
  });

  it('puts colour only in the table', () => {
    for (const format of REPORT_FORMATS.filter((f) => f !== 'table')) {
      expect(render(fixture, format, { color: true })).not.toContain('\u001b[');
    }
  });
});
