import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import WebSocket from 'ws';
import { SocketMeter } from '../metrics/socket-meter.js';
import { UsageError, type PvpError } from '../shared/errors.js';
import type { Transport } from '../shared/transports.js';
import type { EventSource } from './event-source.js';
import { chatPublisher, httpPublisher, publishToTarget, type PublisherTally, type TargetPublisher } from './target-publisher.js';

/** A server someone else runs: one that speaks docs/protocol.md, or a broadcast chat server. */
export interface Target {
  url: string;
  kind: 'protocol' | 'chat';
}

/** The transports a chat server can be measured on: it only speaks WebSocket. */
export const CHAT_TRANSPORTS: readonly Transport[] = ['ws'];

/** How long one preflight step may take before the target counts as not answering. */
const PREFLIGHT_TIMEOUT_MS = 5000;

/** Reads `--target`: an http:// or ws:// URL (TLS targets come with TLS support). */
export function parseTarget(text: string): Target {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--target: '${text}' is not a URL; use http://host:port[/base] (a protocol server) or ws://host:port/path (a broadcast chat)`);
  }
  if (url.protocol === 'https:' || url.protocol === 'wss:') {
    throw new UsageError(`--target: '${text}' needs TLS, which this version does not speak yet; use http:// or ws://`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'ws:') {
    throw new UsageError(`--target: '${text}' has the scheme ${url.protocol}; use http:// (a protocol server) or ws:// (a broadcast chat)`);
  }
  return { url: url.toString().replace(/\/$/, ''), kind: url.protocol === 'ws:' ? 'chat' : 'protocol' };
}

/** Checks the transports a target can be measured on; one line naming the option otherwise. */
export function checkTargetTransports(target: Target, transports: readonly Transport[]): void {
  if (target.kind !== 'chat') return;
  const unsupported = transports.filter((t) => !CHAT_TRANSPORTS.includes(t));
  if (unsupported.length > 0) {
    throw new UsageError(`--transports: a ws:// target is a chat server, measured on ${CHAT_TRANSPORTS.join(', ')} only; drop ${unsupported.join(', ')} (or use --transports ${CHAT_TRANSPORTS.join(',')})`);
  }
}

/** One preflight step; any failure is one line naming the target and what did not work. */
async function preflight<T>(target: Target, what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const reason = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
    throw new UsageError(`--target: ${target.url} ${what} (${reason}); check the address and that it speaks docs/protocol.md`);
  }
}

/** GET `path` of a protocol target with a deadline; its status must be 200. */
async function get(target: Target, path: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await request(`${target.url}${path}`, { headers, headersTimeout: PREFLIGHT_TIMEOUT_MS, bodyTimeout: PREFLIGHT_TIMEOUT_MS, signal: AbortSignal.timeout(PREFLIGHT_TIMEOUT_MS) });
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
function handshake(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { handshakeTimeout: PREFLIGHT_TIMEOUT_MS });
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
async function headOf(target: Target): Promise<number> {
  const body = JSON.parse(await get(target, '/health')) as { head?: unknown };
  if (typeof body.head !== 'number' || !Number.isSafeInteger(body.head) || body.head < 0) throw new Error('/health has no whole "head"');
  return body.head;
}

/** Checks, before the run, that the target answers every route the run will use. */
async function checkTarget(target: Target, transports: readonly Transport[]): Promise<void> {
  if (target.kind === 'chat') return preflight(target, 'refused the WebSocket handshake', () => handshake(target.url));
  const head = await preflight(target, 'did not answer GET /health with {"ok":true,"head":N}', () => headOf(target));
  const checks: Record<Transport, () => Promise<unknown>> = {
    poll: () => get(target, `/poll?since=${head}`),
    'long-poll': () => get(target, `/long-poll?since=${head}&timeout=100`),
    sse: () => get(target, '/sse', { 'last-event-id': String(head), accept: 'text/event-stream' }),
    ws: () => handshake(`${target.url.replace(/^http/, 'ws')}/ws?since=${head}`),
  };
  for (const transport of transports) await preflight(target, `failed the ${transport} route`, checks[transport]);
}

/**
 * A server someone else runs, as an event source: the tool publishes (stamping each event on
 * its own clock), its receivers read; the server's own counts are not available.
 */
export async function targetSource(target: Target, transports: readonly Transport[], options: { deflate: boolean }): Promise<EventSource> {
  await checkTarget(target, transports);
  const tag = `pvp:${randomBytes(6).toString('base64url')}:`;
  const meter = new SocketMeter();
  const tally: PublisherTally = { published: 0, requests: 0, errors: new Map() };
  let publisher: TargetPublisher | undefined;
  let publishing = new AbortController();
  // The publisher's sockets live across phases; each phase reports its own share.
  let base = { ...meter.totals(), connections: 0, requests: 0 };
  return {
    url: target.url,
    countsAtServer: false,
    ...(target.kind === 'chat' ? { wsUrl: () => target.url } : {}),
    reset: async () => {
      publishing.abort();
      publishing = new AbortController();
      tally.published = 0;
      tally.errors.clear();
      base = { ...meter.totals(), connections: meter.connections, requests: tally.requests };
      return { since: target.kind === 'chat' ? 0 : await headOf(target), tag };
    },
    publish: async (schedule, timeoutMs) => {
      publisher ??= target.kind === 'chat' ? await chatPublisher(target.url, meter, options.deflate) : httpPublisher(target.url, meter, timeoutMs);
      return publishToTarget(publisher, schedule, tag, tally, publishing.signal);
    },
    halt: async () => publishing.abort(),
    change: async () => {},
    stats: async () => undefined,
    // A server someone else runs is never "gone" to the tool: its silence is counted as loss.
    gone: new Promise<PvpError>(() => {}),
    publisherTraffic: () => {
      const now = meter.totals();
      return {
        bytesRead: now.bytesRead - base.bytesRead,
        bytesWritten: now.bytesWritten - base.bytesWritten,
        requests: tally.requests - base.requests,
        // The connection a phase publishes on counts for it, though an earlier phase opened it.
        connections: Math.max(1, meter.connections - base.connections),
        errors: Object.fromEntries(tally.errors),
      };
    },
    close: async () => {
      publishing.abort();
      await publisher?.close();
    },
  };
}
