import { randomBytes } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** True when `host` names this machine's loopback (127.0.0.0/8, ::1, localhost): nothing else can reach it. */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIPv4(name)) return name.startsWith('127.');
  if (isIPv6(name)) return name === '::1' || /^::ffff:127\./.test(name) || /^0{0,4}(:0{0,4}){6}:0{0,3}1$/.test(name);
  return false;
}

/** How a server bound to `host` guards publishing: a token (given, or made here) and a warning, off loopback. */
export interface Exposure {
  /** The token `POST /publish` needs; undefined on loopback unless one was given. */
  token?: string;
  /** One line for stderr when the server can be reached from other machines. */
  warning?: string;
}

/** Decides the publish token for a server on `host`; `given` (from --token) always wins. */
export function exposureOf(host: string, given?: string): Exposure {
  if (isLoopbackHost(host)) return given !== undefined ? { token: given } : {};
  return {
    token: given ?? randomBytes(18).toString('base64url'),
    warning:
      `the demo server on ${host} can be reached from other machines: its read routes are open to anyone ` +
      'who can reach it, and POST /publish needs the token',
  };
}
