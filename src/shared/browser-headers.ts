import { TRANSPORT_SPECS, type BrowserRequest, type Transport } from './transports.js';

// A current desktop Chrome on a page of the same origin; values are typical, not anyone's.
const USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const CLIENT_HINTS = {
  'sec-ch-ua-platform': '"Windows"',
  'sec-ch-ua': '"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
  'sec-ch-ua-mobile': '?0',
};
const COOKIE = 'session=3f9a1c2e7b6d4058a1e2c3d4b5a69788; _ga=GA1.1.1843527731.1732611200; theme=dark';

/**
 * What a browser sends with a same-origin poll (fetch), an EventSource stream and a WebSocket
 * upgrade from a page at `origin`: user agent, client hints, fetch metadata, a referer and a
 * session cookie, as a real page's requests carry them.
 */
export function browserHeadersByRequest(origin: string): Record<BrowserRequest, Record<string, string>> {
  const page = `${origin}/dashboard`;
  const fetchHeaders = {
    ...CLIENT_HINTS,
    'user-agent': USER_AGENT,
    accept: '*/*',
    'sec-fetch-site': 'same-origin',
    'sec-fetch-mode': 'cors',
    'sec-fetch-dest': 'empty',
    referer: page,
    'accept-encoding': 'gzip, deflate, br, zstd',
    'accept-language': 'en-US,en;q=0.9',
    cookie: COOKIE,
  };
  return {
    fetch: fetchHeaders,
    'event-source': { ...fetchHeaders, accept: 'text/event-stream', 'cache-control': 'no-cache' },
    websocket: {
      pragma: 'no-cache',
      'cache-control': 'no-cache',
      'user-agent': USER_AGENT,
      origin,
      'accept-encoding': 'gzip, deflate, br, zstd',
      'accept-language': 'en-US,en;q=0.9',
      cookie: COOKIE,
    },
  };
}

/** The browser's request headers for `transport`, by the kind of request a browser makes for it. */
export function browserRequestHeaders(origin: string, transport: Transport): Record<string, string> {
  return browserHeadersByRequest(origin)[TRANSPORT_SPECS[transport].browserRequest];
}

/**
 * Bytes of the header lines (`name: value` CRLF each) the `--headers browser` profile adds to a
 * request of `transport` from a page at `origin`: what the simulated browser sends beyond the
 * request line, Host and what the HTTP client adds itself.
 */
export function browserHeaderLineBytes(origin: string, transport: Transport): number {
  return Object.entries(browserRequestHeaders(origin, transport)).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(`${name}: ${value}\r\n`),
    0,
  );
}
