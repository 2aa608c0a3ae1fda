/** Header profiles that have a nominal weight: what a prediction assumes when no run measured H. */
export type NominalHeaderProfile = 'minimal' | 'browser';

/**
 * HTTP header bytes H of one request plus its response, per profile, when no run measured them.
 *
 * `minimal` is what undici 7 and node:http exchange for one short poll, line by line:
 *
 *   request (78 B with a 2-digit `since` and a 5-digit port)
 *     `GET /poll?since=12 HTTP/1.1\r\n`          29
 *     `host: 127.0.0.1:43123\r\n`                23
 *     `connection: keep-alive\r\n`               24
 *     `\r\n`                                      2
 *   response (182 B with a 3-digit Content-Length)
 *     `HTTP/1.1 200 OK\r\n`                      17
 *     `content-type: application/json\r\n`       32
 *     `cache-control: no-store\r\n`              25
 *     `content-length: 123\r\n`                  21
 *     `Date: Thu, 01 Jan 2026 00:00:00 GMT\r\n`  37   (node:http adds it)
 *     `Connection: keep-alive\r\n`               24   (node:http adds it)
 *     `Keep-Alive: timeout=65\r\n`               24   (the demo server's keepAliveTimeout)
 *     `\r\n`                                      2
 *
 * 78 + 182 = 260, checked against the bytes a real undici Client and node:http server put on a
 * loopback socket. A long poll's request line is ~19 B longer (`long-`, `&timeout=30000`).
 *
 * `browser` is 871 B: Lubbers & Greco's count of one polling request and response in
 * "HTML5 Web Sockets: A Quantum Leap in Scalability for the Web".
 */
export const NOMINAL_HEADER_BYTES: Record<NominalHeaderProfile, number> = {
  minimal: 260,
  browser: 871,
};

/** True when `profile` names one of the nominal header profiles. */
export function isNominalHeaderProfile(profile: string): profile is NominalHeaderProfile {
  return Object.hasOwn(NOMINAL_HEADER_BYTES, profile);
}
