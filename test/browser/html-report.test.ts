import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonResult } from '../../src/shared/result-types.js';
import { run } from '../blackbox/cli-runner.js';

// Debian's chromium (playwright cannot download a browser here); .ci/run installs it.
const CHROMIUM = process.env.PVP_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

const dir = mkdtempSync(join(tmpdir(), 'pvp-html-'));
const file = join(dir, 'r.html');
let browser: Browser;

beforeAll(async () => {
  const outcome = await run([
    'compare',
    '--quick',
    '--transports',
    'all',
    '--format',
    'html',
    '--output',
    file,
    '--quiet',
  ]);
  if (outcome.code !== 0) throw new Error(`compare exited ${outcome.code}: ${outcome.stderr}`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('compare --format html, opened in Chromium', () => {
  it('draws every chart offline, with no request leaving the file and no console error', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const external: string[] = [];
    const errors: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file://')) return route.continue();
      external.push(url);
      return route.abort();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(file).href);
    // Counted in the page (a string: this project's TypeScript has no DOM types): lines and the data's own bars.
    const drawn =
      (await page.evaluate(`Object.fromEntries([...document.querySelectorAll('svg[data-chart]')].map((svg) =>
      [svg.getAttribute('data-chart'), svg.querySelectorAll('polyline, rect[data-series], rect[data-part]').length]))`)) as Record<
        string,
        number
      >;
    expect(Object.keys(drawn).sort()).toEqual(['bytes', 'cdf', 'histogram', 'requests']);
    // A line per transport in the latency charts, a bar (or more) per transport in the cost charts.
    expect(drawn.cdf).toBe(5);
    expect(drawn.histogram).toBe(5);
    expect(drawn.requests).toBeGreaterThanOrEqual(5);
    expect(drawn.bytes).toBeGreaterThanOrEqual(5 * 2);
    const boxes = (await page.evaluate(
      `[...document.querySelectorAll('svg[data-chart] polyline')].map((line) => line.getBoundingClientRect().width)`,
    )) as number[];
    expect(boxes).toHaveLength(10);
    for (const width of boxes) expect(width).toBeGreaterThan(0);
    expect(await page.locator('table[data-chart="classic"] tr').count()).toBe(6);
    const embedded = JSON.parse((await page.locator('#poll-vs-push-result').textContent()) ?? '{}') as ComparisonResult;
    expect(embedded.schemaVersion).toBe(1);
    expect(embedded.transports).toHaveLength(5);
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    if (process.env.PVP_SCREENSHOT) await page.screenshot({ path: process.env.PVP_SCREENSHOT, fullPage: false });
    await page.close();
  });

  it('opens with the verdict, fits a 1280 px window and a 390 px phone, legends clear of the data', async () => {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const page = await browser.newPage({ viewport });
      await page.goto(pathToFileURL(file).href);
      expect(await page.locator('h2').first().textContent()).toBe('Verdict');
      // No sideways scroll: the page is as wide as the window.
      const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
      expect(overflow, `${viewport.width} px`).toBeLessThanOrEqual(0);
      // Every legend box lies above the plot's top edge (its polylines and bars start lower).
      const clear = (await page.evaluate(`[...document.querySelectorAll('svg[data-chart]')].every((svg) => {
        const legend = [...svg.querySelectorAll('g > rect')].map((r) => r.getBoundingClientRect().bottom);
        const data = [...svg.querySelectorAll('polyline, rect[data-series], rect[data-part]')]
          .map((shape) => shape.getBoundingClientRect().top);
        return legend.length === 0 || Math.max(...legend) <= Math.min(...data) + 0.5;
      })`)) as boolean;
      expect(clear, `${viewport.width} px`).toBe(true);
      await page.close();
    }
  });

  it("draws each transport in its own colour, the registry's", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(file).href);
    const colours = (await page.evaluate(
      `[...document.querySelectorAll('svg[data-chart="cdf"] polyline')].map((line) => line.getAttribute('stroke'))`,
    )) as string[];
    expect(new Set(colours).size).toBe(5);
    await page.close();
  });
});
