import type { Attribution } from './accounting.js';

/** What the server counted of one browser on one transport, at its sockets. */
export interface BrowserRouteStats {
  requests: number;
  /** Bytes of the request heads this browser really sent (and of its WebSocket upgrades). */
  requestHeadBytes: number;
  /** Bytes of the response heads the server sent it. */
  responseHeadBytes: number;
}

/** A page's own id in its requests (`?client=`): letters, digits, `-` and `_`, at most 40. */
const CLIENT_ID = /^[A-Za-z0-9_-]{1,40}$/;
/** Browsers kept at most; past it the one heard from longest ago is let go (a hostile page cannot grow it). */
const MAX_BROWSERS = 1000;
/** A browser counts as connected while it was heard from within this, in ms. */
const CONNECTED_WITHIN_MS = 15_000;

/**
 * Per-browser accounting for the classroom page: each page names itself in its requests, and
 * the server counts what that browser really sent and got, by transport, at its sockets.
 */
export class BrowserTally {
  private readonly browsers = new Map<
    string,
    { lastMs: number; routes: Partial<Record<Attribution, BrowserRouteStats>> }
  >();

  /** The client id a request names, when it names a valid one. */
  static idOf(url: URL): string | undefined {
    const id = url.searchParams.get('client');
    return id !== null && CLIENT_ID.test(id) ? id : undefined;
  }

  private stats(client: string, route: Attribution): BrowserRouteStats {
    let browser = this.browsers.get(client);
    if (!browser) {
      if (this.browsers.size >= MAX_BROWSERS) {
        const oldest = [...this.browsers.entries()].sort((a, b) => a[1].lastMs - b[1].lastMs)[0]![0];
        this.browsers.delete(oldest);
      }
      browser = { lastMs: Date.now(), routes: {} };
      this.browsers.set(client, browser);
    }
    browser.lastMs = Date.now();
    browser.routes[route] ??= { requests: 0, requestHeadBytes: 0, responseHeadBytes: 0 };
    return browser.routes[route];
  }

  /** Counts one request (or upgrade) of `client` on `route`, with its head's bytes. */
  request(client: string, route: Attribution, headBytes: number): void {
    const stats = this.stats(client, route);
    stats.requests += 1;
    stats.requestHeadBytes += headBytes;
  }

  /** Counts the head of a response sent to `client` on `route`. */
  response(client: string, route: Attribution, headBytes: number): void {
    this.stats(client, route).responseHeadBytes += headBytes;
  }

  /** Every browser heard from lately, with its figures; plain data for `/stats`. */
  snapshot(): { connected: number; browsers: Record<string, Partial<Record<Attribution, BrowserRouteStats>>> } {
    const recent = [...this.browsers.entries()].filter(([, b]) => Date.now() - b.lastMs <= CONNECTED_WITHIN_MS);
    return { connected: recent.length, browsers: Object.fromEntries(recent.map(([id, b]) => [id, b.routes])) };
  }
}
