import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTIONS, formatOption } from '../../src/commands/options.js';
import { failureLines, parseDocumentOptions } from '../../src/commands/output-options.js';
import { SWEEP_FORMATS } from '../../src/report/sweep.js';
import { clone } from '../fixtures/index.js';

describe('parseDocumentOptions', () => {
  const sweepFormat = formatOption(SWEEP_FORMATS, 'a sweep format');
  const file = (name: string): string => join(tmpdir(), name);

  it('takes --json over --format, then --format, then the extension of --output, then table', () => {
    expect(parseDocumentOptions({ json: true, format: 'csv' }, OPTIONS.format).format).toBe('json');
    expect(parseDocumentOptions({ format: 'csv', output: file('r.html') }, OPTIONS.format)).toEqual({
      format: 'csv',
      output: file('r.html'),
      quiet: false,
      details: false,
    });
    expect(parseDocumentOptions({ output: file('r.MD') }, OPTIONS.format).format).toBe('markdown');
    expect(parseDocumentOptions({ quiet: true }, OPTIONS.format)).toEqual({
      format: 'table',
      quiet: true,
      details: false,
    });
  });

  it("infers only the command's own formats from --output (a sweep has no markdown)", () => {
    expect(parseDocumentOptions({ output: file('s.HTML') }, sweepFormat).format).toBe('html');
    expect(parseDocumentOptions({ output: file('s.md') }, sweepFormat).format).toBe('table');
  });

  it("refuses a format the command does not write, with one line naming --format and the command's formats", () => {
    expect(() => parseDocumentOptions({ format: 'markdown' }, sweepFormat)).toThrow(
      "--format: 'markdown' is not a sweep format; use table, json, csv, html",
    );
    expect(() => parseDocumentOptions({ format: 'pdf' }, OPTIONS.format)).toThrow(
      "--format: 'pdf' is not a format; use table, json, markdown, csv, html",
    );
  });
});

describe('failureLines', () => {
  it('is empty for a clean run', () => {
    expect(failureLines(clone())).toEqual([]);
  });

  it('fails a transport whose client and server byte counts disagree, quoting both', () => {
    const result = clone();
    result.transports[3]!.bytes.serverSent! += 7;
    const ws = result.transports[3]!.bytes;
    expect(failureLines(result)).toEqual([
      `ws byte counts disagree: client sent ${ws.clientSent}, server received ${ws.serverReceived}; ` +
        `server sent ${ws.serverSent}, client received ${ws.clientReceived}`,
    ]);
  });

  it('names transports that never ran when the run stopped early, but not after Ctrl-C', () => {
    const result = clone();
    result.transports = result.transports.slice(0, 2);
    expect(failureLines(result)).toEqual(['sse, ws did not run (the run stopped early)']);
    expect(failureLines({ ...result, partial: true })).toEqual([]);
  });
});
