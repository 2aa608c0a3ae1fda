import { chromium, type Browser, type Page } from 'playwright-core';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../blackbox/cli-runner.js';
import { waitFor } from '../helpers.js';

// The classroom page from `serve --tls --http2`, in Chromium: a real browser negotiates h2 by ALPN
// for the page's fetches and its EventSource, and keeps WebSocket on its HTTP/1.1 upgrade (wss).
const CHROMIUM = process.env.PVP_CHROMIUM ?? '/usr/bin/chromium';
// The certificate is made for the run and self-signed: the browser is told to take it.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--ignore-certificate-errors',
];
const TRANSPORTS = ['poll', 'long-poll', 'sse', 'ws', 'socketio'];
// The test's own requests take the run's self-signed certificate too.
const insecure = new Agent({ connect: { rejectUnauthorized: false } });

let browser: Browser;
let server: Served;

beforeAll(async () => {
  server = await serve(['--rate', '0', '--tls', '--http2']);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});

afterAll(async () => {
  await browser?.close();
  server?.child.kill('SIGINT');
  await server?.closed;
  await insecure.close();
});

const get = async (path: string, method = 'GET'): Promise<unknown> =>
  (await undiciFetch(`${server.url}${path}`, { method, dispatcher: insecure })).json();

/** Every transport's figures as the page puts them in the DOM. */
async function figures(page: Page): Promise<Record<string, Record<string, string>>> {
  return (await page.evaluate(
    `Object.fromEntries([...document.querySelectorAll('[data-transport]')].map((s) => [s.dataset.transport, { ...s.dataset }]))`,
  )) as Record<string, Record<string, string>>;
}

describe('the classroom page over HTTPS and HTTP/2', () => {
  it('runs every transport in Chromium over h2 and wss: every event arrives, no page error', async () => {
    expect(server.url).toMatch(/^https:\/\//);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${server.url}/`);
    await waitFor(async () => Object.keys(await figures(page)).length === TRANSPORTS.length, 'every lane', 20_000);
    await waitFor(
      async () => {
        const stats = (await get('/stats')) as { routes: Record<string, { waiting?: number }> };
        return ['long-poll', 'sse', 'ws', 'socketio'].every((t) => (stats.routes[t]?.waiting ?? 0) >= 1);
      },
      'the page subscribed on every transport',
      20_000,
    );
    for (let i = 0; i < 5; i++) await undiciFetch(`${server.url}/publish`, { method: 'POST', dispatcher: insecure });
    await waitFor(
      async () => Object.values(await figures(page)).every((f) => f.delivered === '5'),
      'every event on every transport',
      20_000,
    );
    // What the browser spoke, as it says itself: h2 for the page's requests.
    const protocols = (await page.evaluate(
      `[...new Set(performance.getEntriesByType('resource').filter((e) => /\\/(poll|long-poll|sse)/.test(e.name)).map((e) => e.nextHopProtocol))]`,
    )) as string[];
    expect(protocols).toEqual(['h2']);
    expect(errors).toEqual([]);
    await page.close();
  });
});
