import { describe, expect, it } from 'vitest';
import { REPORT_FORMATS, REPORT_LAYOUTS, formatForExtension, render } from '../../src/report/index.js';
import { ESC, fixture } from './fixture.js';

describe('formatForExtension', () => {
  it('names the format an --output file extension implies', () => {
    expect(formatForExtension('.json')).toBe('json');
    expect(formatForExtension('.md')).toBe('markdown');
    expect(formatForExtension('.csv')).toBe('csv');
  });

  it('ignores case', () => {
    expect(formatForExtension('.JSON')).toBe('json');
    expect(formatForExtension('.Md')).toBe('markdown');
    expect(formatForExtension('.CSV')).toBe('csv');
  });

  it('names none for an extension no layout claims, or none at all', () => {
    for (const extension of ['.txt', '.log', '', '.', 'json']) expect(formatForExtension(extension)).toBeUndefined();
  });
});

describe('the layout registry', () => {
  it('derives the format list from its entries, in order', () => {
    expect(REPORT_FORMATS).toEqual(REPORT_LAYOUTS.map((layout) => layout.name));
  });

  it('gives every extension to one layout only, in lower case with its dot', () => {
    const extensions = REPORT_LAYOUTS.flatMap((layout) => [...layout.extensions]);
    expect(new Set(extensions).size).toBe(extensions.length);
    for (const extension of extensions) expect(extension).toMatch(/^\.[a-z0-9]+$/);
  });

  it('renders each layout through render, with colour only where the layout takes it', () => {
    for (const layout of REPORT_LAYOUTS) {
      const coloured = render(fixture, layout.name, { color: true });
      expect(coloured).toBe(layout.render(fixture, { color: layout.color }));
      expect(coloured.includes(ESC)).toBe(layout.color);
    }
  });
});
