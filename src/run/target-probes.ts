import { request } from 'undici';
import WebSocket from 'ws';
import { meteredHttpClient } from '../clients/client-context.js';
import { readCapped } from '../clients/read-limits.js';
import { nowNs } from '../shared/clock.js';
import { TRANSPORT_SPECS, type Transport } from '../shared/transports.js';
import { TargetError, UsageError } from '../shared/errors.js';
import { CHAT_TRANSPORTS, type Target } from './target-url.js';
import type { ClientWire } from '../shared/wire-types.js';
import { PREFLIGHT_TIMEOUT_MS, handshake, insecureAgent, socketIoConnects, whatCameBack } from './probe-steps.js';

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

/** What a preflight answer may weigh: a /health or an empty poll is a few bytes. */
const PREFLIGHT_BODY_BYTES = 1024 * 1024;

/** OpenSSL's and Node's codes for a certificate chain or name that could not be verified. */
const UNTRUSTED_CERTIFICATE = /SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|CERT_|ERR_TLS_CERT/;

/** What a target of this route should be, for the advice at the end of a failed preflight's line. */
const SPEAKS = {
  protocol: 'check the address and that it speaks docs/protocol.md',
  socketio: 'check the address and that it serves Socket.IO at /socket.io/',
  chat: 'check the address and that it accepts WebSocket connections there',
} as const;

/** One preflight step; any failure is one line naming the target, what was expected and what came back. */
async function preflight<T>(
  target: Target,
  what: string,
  step: () => Promise<T>,
  speaks: keyof typeof SPEAKS = 'protocol',
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const reason = whatCameBack(error);
    if (UNTRUSTED_CERTIFICATE.test(reason)) {
      throw new TargetError(
        `--target: ${target.url} has a certificate this machine does not trust (${reason}); add --insecure for a ` +
          `self-signed one`,
      );
    }
    throw new TargetError(`--target: ${target.url} ${what}: ${reason}; ${SPEAKS[speaks]}`);
  }
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
    throw new Error(`answered ${response.statusCode}`);
  }
  // A stream is not read to its end: the status and headers are the answer.
  if (String(response.headers['content-type'] ?? '').startsWith('text/event-stream')) {
    response.body.destroy();
    return '';
  }
  return readCapped(response.body, PREFLIGHT_BODY_BYTES);
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
  /** What the preflight expects of its route, as its one line says when that fails. */
  expected: string;
  /** Checks the target answers the transport; `head` is the target's newest seq (protocol transports). */
  probe(target: Target, head: number, wire: ClientWire): Promise<unknown>;
}

/** Each transport's part against a target, by the registry's id. */
export const TARGET_PARTS: Record<Transport, TargetPart> = {
  poll: {
    publishes: 'protocol',
    expected: 'did not answer GET /poll?since=N with 200 and a JSON array',
    probe: (target, head, wire) => get(target, `/poll?since=${head}`, wire),
  },
  'long-poll': {
    publishes: 'protocol',
    expected: 'did not answer GET /long-poll?since=N&timeout=100 with 200 within the hold',
    probe: (target, head, wire) => get(target, `/long-poll?since=${head}&timeout=100`, wire),
  },
  sse: {
    publishes: 'protocol',
    expected:
      'did not answer GET /sse with 200 and a text/event-stream head (a buffering proxy holds it: ' +
      'send X-Accel-Buffering: no, or proxy_buffering off)',
    probe: (target, head, wire) =>
      get(target, '/sse', wire, { 'last-event-id': String(head), accept: 'text/event-stream' }),
  },
  ws: {
    publishes: 'protocol',
    expected: 'did not complete the WebSocket handshake at /ws?since=N',
    probe: (target, head, wire) => handshake(`${target.url.replace(/^http/, 'ws')}/ws?since=${head}`, wire),
  },
  socketio: {
    publishes: 'socketio',
    expected: 'did not let a Socket.IO client connect (sent as the run sends it, without auth)',
    probe: (target, _head, wire) => socketIoConnects(target.url, wire),
  },
};

/** Publishes one event of the tool's (`pvp:preflight`) through POST /publish: the target takes publishes. */
async function publishesOnce(target: Target, wire: ClientWire): Promise<void> {
  const response = await request(`${target.url}/publish`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ t: nowNs().toString(), data: 'pvp:preflight' }),
    headersTimeout: PREFLIGHT_TIMEOUT_MS,
    bodyTimeout: PREFLIGHT_TIMEOUT_MS,
    signal: AbortSignal.timeout(PREFLIGHT_TIMEOUT_MS),
    ...(wire.insecure ? { dispatcher: insecureAgent() } : {}),
  });
  await response.body.dump();
  if (response.statusCode < 200 || response.statusCode > 299) throw new Error(`answered ${response.statusCode}`);
}

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

/** How long a chat target has to relay the preflight's message from one connection to another. */
const RELAY_TIMEOUT_MS = 3000;

/**
 * A chat target must relay a message from one connection to another, as a broadcast chat does: told in one line now,
 * not after a phase of empty tables. A server that answers the protocol's GET /health is named as such.
 */
async function checkBroadcasts(target: Target, wire: ClientWire): Promise<void> {
  const token = `pvp:relay-check:${nowNs()}`;
  const options = { handshakeTimeout: PREFLIGHT_TIMEOUT_MS, ...(wire.insecure ? { rejectUnauthorized: false } : {}) };
  const listener = new WebSocket(target.url, options);
  const sender = new WebSocket(target.url, options);
  for (const ws of [listener, sender]) ws.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  const relayed = await new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), RELAY_TIMEOUT_MS);
    listener.on('message', (data) => {
      if (String(data).includes(token)) resolve(true);
    });
    const opened = (ws: WebSocket) => new Promise((ok) => ws.once('open', ok));
    void Promise.all([opened(listener), opened(sender)]).then(() =>
      sender.send(JSON.stringify({ seq: 1, t: '0', data: token })),
    );
  }).finally(() => {
    clearTimeout(timer);
    for (const ws of [listener, sender]) ws.terminate();
  });
  if (relayed) return;
  const origin = new URL(target.url.replace(/^ws/, 'http')).origin;
  const protocol = await headOf({ url: origin, kind: 'protocol' }, wire).then(
    () => true,
    () => false,
  );
  throw new TargetError(
    `--target: ${target.url} did not pass a message from one connection to another within ` +
      `${RELAY_TIMEOUT_MS / 1000} s, so it is not a broadcast chat; ` +
      (protocol
        ? `it answers the protocol's GET /health: measure it with --target ${origin}`
        : "to measure an app's own WebSocket feed, use --publish and --receive (see the README)"),
  );
}

/** Checks, before the run, that the target answers every route the run will use. */
export async function checkTarget(
  target: Target,
  transports: readonly Transport[],
  wire: ClientWire = {},
): Promise<void> {
  if (target.kind === 'chat') {
    await preflight(target, 'did not complete the WebSocket handshake', () => handshake(target.url, wire), 'chat');
    return checkBroadcasts(target, wire);
  }
  // Only transports the protocol carries need its /health (a Socket.IO server has none).
  const head = transports.some((t) => TARGET_PARTS[t].publishes === 'protocol')
    ? await preflight(target, 'did not answer GET /health with {"ok":true,"head":N}', () => headOf(target, wire))
    : 0;
  for (const transport of transports) {
    const part = TARGET_PARTS[transport];
    await preflight(target, part.expected, () => part.probe(target, head, wire), part.publishes);
  }
  // The run publishes there: a target that refuses the tool's publishes is told now, not after a phase of losses.
  if (transports.some((t) => TARGET_PARTS[t].publishes === 'protocol'))
    await preflight(target, 'did not take POST /publish (2xx expected)', () => publishesOnce(target, wire));
  if (wire.http2 && target.url.startsWith('http:') && transports.some((t) => TRANSPORT_SPECS[t].http2Streams))
    await speaksH2c(target);
}
