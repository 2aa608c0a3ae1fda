/** Which response headers the demo server adds beyond what node:http must send. */
export type ResponseProfile = 'minimal' | 'browser';

/**
 * A typical production web app's response headers (an Express API with caching off and the
 * usual security header): what a poll's answer carries back to a browser besides the status
 * line, Date, Content-Type, Content-Length and keep-alive that node:http sends anyway. With the
 * browser request headers a poll's request and response weigh about 900 bytes, near the 871
 * the Lubbers & Greco whitepaper counted.
 */
export const BROWSER_RESPONSE_HEADERS: Record<string, string> = {
  'x-powered-by': 'Express',
  'cache-control': 'no-store, no-cache, must-revalidate',
  'x-content-type-options': 'nosniff',
};

/** The headers to add to every response for `profile` (none for minimal). */
export function extraResponseHeaders(profile: ResponseProfile): Record<string, string> {
  return profile === 'browser' ? BROWSER_RESPONSE_HEADERS : {};
}
