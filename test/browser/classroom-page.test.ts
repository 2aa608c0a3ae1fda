import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../blackbox/cli-runner.js';
import { waitFor } from '../helpers.js';

const CHROMIUM = process.env.PVP_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const TRANSPORTS = ['poll', 'long-poll', 'sse', 'ws', 'socketio'];

let browser: Browser;
let server: Served;
let otherOrigin: Served;

beforeAll(async () => {
  server = await serve(['--rate', '0']);
  otherOrigin = await serve(['--rate', '0']);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});

afterAll(async () => {
  await browser?.close();
  for (const s of [server, otherOrigin]) {
    s?.child.kill('SIGINT');
    await s?.closed;
  }
});

/** Every transport's figures as the page puts them in the DOM. */
async function figures(page: Page): Promise<Record<string, Record<string, string>>> {
  return (await page.evaluate(
    `Object.fromEntries([...document.querySelectorAll('[data-transport]')].map((s) => [s.dataset.transport, { ...s.dataset }]))`,
  )) as Record<string, Record<string, string>>;
}

/** Opens `url`, waits for every lane and the related clocks, publishes `count` events, waits until each lane has them all. */
async function openAndPublish(url: string, count: number): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  await waitFor(
    async () =>
      Object.keys(await figures(page)).length === TRANSPORTS.length &&
      (await page.locator('#clock').textContent())!.includes('±'),
    'every lane and the clocks related',
    20_000,
  );
  // Every subscriber connected before the events go out.
  await waitFor(
    async () => {
      const stats = (await (await fetch(`${server.url}/stats`)).json()) as {
        routes: Record<string, { waiting?: number }>;
      };
      return ['long-poll', 'sse', 'ws', 'socketio'].every((t) => (stats.routes[t]?.waiting ?? 0) >= 1);
    },
    'the page subscribed on every transport',
    20_000,
  );
  for (let i = 0; i < count; i++) await fetch(`${server.url}/publish`, { method: 'POST' });
  await waitFor(
    async () =>
      Object.values(await figures(page)).every(
        (f) => f.delivered === String(count) && f.published === String(count) && (count === 0 || f.p50Ms !== undefined),
      ),
    'every event on every transport',
    20_000,
  );
  return { page, errors };
}

describe('the classroom page served by serve', () => {
  it('runs every transport in Chromium: every event arrives, the counts match the server, the server measured the browser', async () => {
    const { page, errors } = await openAndPublish(`${server.url}/`, 5);
    const f = await figures(page);
    for (const t of TRANSPORTS) {
      expect(f[t]!.delivered).toBe('5');
      expect(Number(f[t]!.p50Ms)).toBeGreaterThanOrEqual(0);
      expect(Number(f[t]!.requests)).toBeGreaterThan(0);
    }
    const stats = (await (await fetch(`${server.url}/stats`)).json()) as {
      head: number;
      connected: number;
      browsers: Record<string, Record<string, { requests: number; requestHeadBytes: number }>>;
    };
    expect(stats.head).toBe(5);
    expect(stats.connected).toBeGreaterThanOrEqual(1);
    const [mine] = Object.values(stats.browsers);
    expect(Object.keys(mine!).sort(), JSON.stringify(stats.browsers)).toEqual(expect.arrayContaining(TRANSPORTS));
    for (const t of TRANSPORTS) expect(mine![t]!.requestHeadBytes).toBeGreaterThan(0);
    await waitFor(
      async () => (await figures(page)).poll!.requestHeadBytes !== undefined,
      "the server's figures on the page",
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('subscribes from a page on another origin (CORS)', async () => {
    const before = ((await (await fetch(`${server.url}/stats`)).json()) as { head: number }).head;
    const { page, errors } = await openAndPublish(`${otherOrigin.url}/?server=${encodeURIComponent(server.url)}`, 0);
    for (let i = 0; i < 3; i++) await fetch(`${server.url}/publish`, { method: 'POST' });
    await waitFor(
      async () => Object.values(await figures(page)).every((f) => f.delivered === '3'),
      'every event across origins',
      20_000,
    );
    expect(((await (await fetch(`${server.url}/stats`)).json()) as { head: number }).head).toBe(before + 3);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a projector: at 1024×768 every lane and the teacher controls show without scrolling', async () => {
    const { page, errors } = await openAndPublish(`${server.url}/`, 3);
    await page.setViewportSize({ width: 1024, height: 768 });
    const bottoms = (await page.evaluate(
      `[...document.querySelectorAll('[data-transport], fieldset')].map((e) => e.getBoundingClientRect().bottom)`,
    )) as number[];
    expect(bottoms).toHaveLength(TRANSPORTS.length + 1);
    for (const bottom of bottoms) expect(bottom).toBeLessThanOrEqual(768);
    // Each lane in its own colour, the registry's.
    const colours = (await page.evaluate(
      `[...document.querySelectorAll('[data-transport]')].map((s) => getComputedStyle(s).borderLeftColor)`,
    )) as string[];
    expect(new Set(colours).size).toBe(TRANSPORTS.length);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('never shows more delivered than published, while events arrive faster than the stats refresh', async () => {
    const { page } = await openAndPublish(`${server.url}/`, 0);
    const seen: Array<Record<string, string>> = [];
    for (let i = 0; i < 6; i++) {
      await fetch(`${server.url}/publish`, { method: 'POST' });
      await new Promise((resolve) => setTimeout(resolve, 150));
      seen.push(...Object.values(await figures(page)));
    }
    for (const f of seen) expect(Number(f.delivered)).toBeLessThanOrEqual(Number(f.published));
    await page.close();
  });

  it('shows the teacher the rate the server runs at, whoever changed it', async () => {
    // Its own server: a schedule that publishes would disturb the exact counts above.
    const page = await browser.newPage();
    await page.goto(`${otherOrigin.url}/`);
    await waitFor(
      async () => (await page.locator('#server-rate').textContent())!.includes('now: only on request'),
      'the rate of a server that publishes on request',
    );
    const changed = await fetch(`${otherOrigin.url}/rate?per_sec=5`, { method: 'POST' });
    expect(changed.status).toBe(200);
    await waitFor(
      async () =>
        (await page.locator('#server-rate').textContent())!.includes('now 5 events/s') &&
        (await page.locator('#per-sec').inputValue()) === '5',
      "the server's new rate in the teacher's box",
    );
    await page.close();
  });
});
