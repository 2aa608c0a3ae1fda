import { Agent, request } from 'undici';
import { meteredHttpClient } from '../clients/client-context.js';
import { TRANSPORT_SPECS, transportFor, type Transport } from '../shared/transports.js';
import WebSocket from 'ws';
import { io } from 'socket.io-client';
import { TargetError, UsageError } from '../shared/errors.js';
import type { ClientWire } from '../shared/wire-types.js';

/** A server someone else runs: one that speaks docs/protocol.md, or a broadcast chat server. */
export interface Target {
  url: string;
  kind: 'protocol' | 'chat';
}

/** The transports a chat server can be measured on: it only speaks WebSocket. */
export const CHAT_TRANSPORTS: readonly Transport[] = [transportFor('websocket')];

/** How long one preflight step may take before the target counts as not answering. */
const PREFLIGHT_TIMEOUT_MS = 5000;

/** Reads `--target`: an http:// or ws:// URL (TLS targets come with TLS support). */
export function parseTarget(text: string): Target {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(
      `--target: '${text}' is not a URL; use http://host:port[/base] (a protocol server) or ws://host:port/path (a ` +
        `broadcast chat)`,
    );
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
    throw new UsageError(
      `--target: '${text}' has the scheme ${url.protocol}; use http:// or https:// (a protocol server), ws:// or ` +
        `wss:// (a broadcast chat)`,
    );
  }
  return {
    url: url.toString().replace(/\/$/, ''),
    kind: url.protocol === 'ws:' || url.protocol === 'wss:' ? 'chat' : 'protocol',
  };
}

/** Checks the transports a target can be measured on; one line naming the option otherwise. */
export function checkTargetTransports(target: Target, transports: readonly Transport[], parallel = false): void {
  const ways = new Set(transports.map((t) => TARGET_PARTS[t].publishes));
  if (parallel && ways.size > 1) {
    throw new UsageError(
      '--parallel: with --target, the transports run at once share one publisher; Socket.IO publishes another way, ' +
        'so run it on its own (--transports socketio)',
    );
  }
  if (target.kind !== 'chat') return;
  const unsupported = transports.filter((t) => !CHAT_TRANSPORTS.includes(t));
  if (unsupported.length > 0) {
    throw new UsageError(
      `--transports: a ws:// target is a chat server, measured on ${CHAT_TRANSPORTS.join(', ')} only; drop ` +
        `${unsupported.join(', ')} (or use --transports ${CHAT_TRANSPORTS.join(',')})`,
    );
  }
}

/** OpenSSL's and Node's codes for a certificate chain or name that could not be verified. */
const UNTRUSTED_CERTIFICATE = /SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|CERT_|ERR_TLS_CERT/;

/** One preflight step; any failure is one line naming the target and what did not work. */
async function preflight<T>(target: Target, what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const reason = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
    if (UNTRUSTED_CERTIFICATE.test(reason)) {
      throw new TargetError(
        `--target: ${target.url} has a certificate this machine does not trust (${reason}); add --insecure for a ` +
          `self-signed one`,
      );
    }
    throw new TargetError(
      `--target: ${target.url} ${what} (${reason}); check the address and that it speaks docs/protocol.md`,
    );
  }
}

/** A dispatcher that takes any certificate (`--insecure`), made when first needed. */
let insecure: Agent | undefined;
function insecureAgent(): Agent {
  insecure ??= new Agent({ connect: { rejectUnauthorized: false } });
  return insecure;
}

/** GET `path` of a protocol target with a deadline; its status must be 200. */
async function get(
  target: Target,
  path: string,
  wire: ClientWire,
  headers: Record<string, string> = {},
): Promise<string> {
  const response = await request(`${target.url}${path}`, {
    headers,
    headersTimeout: PREFLIGHT_TIMEOUT_MS,
    bodyTimeout: PREFLIGHT_TIMEOUT_MS,
    signal: AbortSignal.timeout(PREFLIGHT_TIMEOUT_MS),
    ...(wire.insecure ? { dispatcher: insecureAgent() } : {}),
  });
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new Error(`status ${response.statusCode}`);
  }
  // A stream is not read to its end: the status and headers are the answer.
  if (String(response.headers['content-type'] ?? '').startsWith('text/event-stream')) {
    response.body.destroy();
    return '';
  }
  return response.body.text();
}

/** Opens and closes one WebSocket to `url`: the handshake works. */
function handshake(url: string, wire: ClientWire): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      handshakeTimeout: PREFLIGHT_TIMEOUT_MS,
      ...(wire.insecure ? { rejectUnauthorized: false } : {}),
    });
    ws.once('open', () => {
      // Closed as a well-behaved client would, so the server logs no broken connection.
      ws.close(1000, 'preflight');
      setTimeout(() => ws.terminate(), 1000).unref();
      resolve();
    });
    ws.once('error', reject);
  });
}

/** The newest seq a protocol target holds (GET /health). */
export async function headOf(target: Target, wire: ClientWire = {}): Promise<number> {
  const body = JSON.parse(await get(target, '/health', wire)) as { head?: unknown };
  if (typeof body.head !== 'number' || !Number.isSafeInteger(body.head) || body.head < 0)
    throw new Error('/health has no whole "head"');
  return body.head;
}

/** A transport's part against an http:// target: how the tool publishes for it, and how its route is checked. */
export interface TargetPart {
  /** Through the protocol's POST /publish (the server numbers events), or as a Socket.IO client (the tool does). */
  publishes: 'protocol' | 'socketio';
  /** Checks the target answers the transport; `head` is the target's newest seq (protocol transports). */
  probe(target: Target, head: number, wire: ClientWire): Promise<unknown>;
}

/** Opens and closes one Socket.IO connection to `url`: the server speaks Socket.IO. */
function socketIoConnects(url: string, wire: ClientWire): Promise<void> {
  return new Promise((resolve, reject) => {
    const client = io(url, {
      forceNew: true,
      reconnection: false,
      timeout: PREFLIGHT_TIMEOUT_MS,
      ...(wire.insecure ? { rejectUnauthorized: false } : {}),
    });
    client.once('connect', () => {
      client.disconnect();
      resolve();
    });
    client.once('connect_error', (error) => {
      client.disconnect();
      reject(error);
    });
  });
}

/** Each transport's part against a target, by the registry's id. */
export const TARGET_PARTS: Record<Transport, TargetPart> = {
  poll: { publishes: 'protocol', probe: (target, head, wire) => get(target, `/poll?since=${head}`, wire) },
  'long-poll': {
    publishes: 'protocol',
    probe: (target, head, wire) => get(target, `/long-poll?since=${head}&timeout=100`, wire),
  },
  sse: {
    publishes: 'protocol',
    probe: (target, head, wire) =>
      get(target, '/sse', wire, { 'last-event-id': String(head), accept: 'text/event-stream' }),
  },
  ws: {
    publishes: 'protocol',
    probe: (target, head, wire) => handshake(`${target.url.replace(/^http/, 'ws')}/ws?since=${head}`, wire),
  },
  socketio: { publishes: 'socketio', probe: (target, _head, wire) => socketIoConnects(target.url, wire) },
};

/**
 * Asks a cleartext target's `/health` over HTTP/2 by prior knowledge (h2c), as `--http2`'s
 * clients will: a server that speaks only HTTP/1.1 is refused here in one line, not found out
 * as a run of faults.
 */
async function speaksH2c(target: Target): Promise<void> {
  const url = new URL(target.url);
  // The clients' own connector, on the wire they will speak; nothing here is measured.
  const { http: client } = meteredHttpClient(url.origin, { track: (socket) => socket }, { http2: true });
  try {
    const response = await client.request({
      path: `${url.pathname.replace(/\/$/, '')}/health`,
      method: 'GET',
      headersTimeout: PREFLIGHT_TIMEOUT_MS,
      bodyTimeout: PREFLIGHT_TIMEOUT_MS,
      signal: AbortSignal.timeout(PREFLIGHT_TIMEOUT_MS),
    });
    await response.body.dump();
    if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
  } catch (error) {
    const reason = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
    throw new TargetError(
      `--http2: ${target.url} does not answer HTTP/2 in cleartext (h2c by prior knowledge: ${reason}); drop ` +
        `--http2, or give its https:// address`,
    );
  } finally {
    await client.destroy();
  }
}

/** Checks, before the run, that the target answers every route the run will use. */
export async function checkTarget(
  target: Target,
  transports: readonly Transport[],
  wire: ClientWire = {},
): Promise<void> {
  if (target.kind === 'chat')
    return preflight(target, 'refused the WebSocket handshake', () => handshake(target.url, wire));
  // Only transports the protocol carries need its /health (a Socket.IO server has none).
  const head = transports.some((t) => TARGET_PARTS[t].publishes === 'protocol')
    ? await preflight(target, 'did not answer GET /health with {"ok":true,"head":N}', () => headOf(target, wire))
    : 0;
  for (const transport of transports)
    await preflight(target, `failed the ${transport} route`, () => TARGET_PARTS[transport].probe(target, head, wire));
  if (wire.http2 && target.url.startsWith('http:') && transports.some((t) => TRANSPORT_SPECS[t].http2Streams))
    await speaksH2c(target);
}
