// The preflight of an app measured as it is: each --receive lane's URL and the --publish are tried
// once before the run, as the run will use them; a lane that does not answer is one line naming the
// lane, what was expected and what came back (never a header value), and exit 2.
import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import type { AppReceiver, AppSpec } from '../shared/app-types.js';
import { TargetError } from '../shared/errors.js';
import { markerId, markerTag } from '../shared/marker.js';
import { nowNs } from '../shared/clock.js';
import type { Transport } from '../shared/transports.js';
import type { ClientWire } from '../shared/wire-types.js';
import { appMessage, bodyShape } from './app-publisher.js';
import { PREFLIGHT_TIMEOUT_MS, handshake, insecureAgent, socketIoConnects, whatCameBack } from './probe-steps.js';

/** How long a long-poll lane's first answer is waited for: a route still holding it then is holding, as it should. */
const HOLD_PROBE_MS = 2000;
/** What of a refusing answer's body is shown: its first characters, on one line. */
const EXCERPT_CHARS = 120;

/** `text` with every header value the user gave put out of sight (an app may echo a token in its error). */
export function scrub(text: string, headers: Record<string, string>): string {
  const secrets = Object.values(headers)
    .flatMap((value) => [value, ...value.split(/\s+/)])
    .filter((secret) => secret.length >= 4)
    .sort((a, b) => b.length - a.length);
  return secrets.reduce((shown, secret) => shown.replaceAll(secret, '***'), text);
}

/** A refusing answer in words: its status and the start of its body, on one line. */
async function refusal(statusCode: number, body: import('node:stream').Readable): Promise<string> {
  let text = '';
  body.on('error', () => {});
  for await (const chunk of body) {
    text += (chunk as Buffer).toString('utf8');
    if (text.length >= EXCERPT_CHARS * 4) break;
  }
  body.destroy();
  const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, EXCERPT_CHARS);
  return `answered ${statusCode}${excerpt ? ` (${excerpt})` : ''}`;
}

/** GET `url` as a lane of `transport` asks it; resolves when the answer is what the lane reads. */
async function getLane(transport: Transport, url: string, wire: ClientWire): Promise<void> {
  const stream = transport === 'sse';
  const held = transport === 'long-poll';
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), held ? HOLD_PROBE_MS : PREFLIGHT_TIMEOUT_MS);
  try {
    const response = await request(url, {
      headers: stream ? { accept: 'text/event-stream' } : {},
      signal: abort.signal,
      ...(wire.insecure ? { dispatcher: insecureAgent() } : {}),
    });
    if (response.statusCode < 200 || response.statusCode > 299)
      throw new Error(await refusal(response.statusCode, response.body));
    const type = String(response.headers['content-type'] ?? '');
    // The head is the answer: a stream, or a list, is not read on.
    response.body.on('error', () => {});
    response.body.destroy();
    if (stream && !type.startsWith('text/event-stream'))
      throw new Error(`answered ${response.statusCode} with content-type ${type || 'none'}, not text/event-stream`);
  } catch (error) {
    // A long poll that holds the request is doing its job.
    if (held && abort.signal.aborted) return;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** What each kind of lane must do in the preflight, as its line says when it does not. */
const EXPECTED: Record<Transport, string> = {
  poll: 'expected a 2xx answer to GET',
  'long-poll': `expected GET to be held or answered 2xx`,
  sse: 'expected 200 and a text/event-stream head to GET with Accept: text/event-stream',
  ws: 'expected the WebSocket handshake to complete',
  socketio: 'expected a Socket.IO client to connect',
};

/** How a lane is named in a line: its kind and URL, as given. */
export const laneName = (receiver: AppReceiver): string =>
  `${receiver.transport} ${receiver.url}${receiver.event !== undefined ? `#${receiver.event}` : ''}`;

/** Tries one lane as its clients will. */
function probeLane(receiver: AppReceiver, wire: ClientWire): Promise<void> {
  if (receiver.transport === 'ws') return handshake(receiver.url, wire);
  if (receiver.transport === 'socketio') return socketIoConnects(receiver.url, wire);
  return getLane(receiver.transport, receiver.url, wire);
}

/** Sends one message the way the run will (a marker of a phase of its own, which no lane counts); 2xx expected. */
async function publishOnce(spec: AppSpec, wire: ClientWire): Promise<void> {
  const { publish } = spec;
  if (publish.how === 'ws') return handshake(publish.url, wire);
  if (publish.how === 'socketio') return socketIoConnects(publish.url, wire);
  const shape = bodyShape(spec);
  const response = await request(publish.url, {
    method: publish.method,
    headers: shape.headers,
    body: appMessage(spec, markerTag(markerId(randomBytes(8))), 1, nowNs(), shape.json),
    headersTimeout: PREFLIGHT_TIMEOUT_MS,
    bodyTimeout: PREFLIGHT_TIMEOUT_MS,
    signal: AbortSignal.timeout(PREFLIGHT_TIMEOUT_MS),
    ...(wire.insecure ? { dispatcher: insecureAgent() } : {}),
  });
  if (response.statusCode < 200 || response.statusCode > 299)
    throw new Error(await refusal(response.statusCode, response.body));
  await response.body.dump();
}

/** The publish as a line names it. */
export function publishName(spec: AppSpec): string {
  const { publish } = spec;
  if (publish.how === 'http') return `${publish.method} ${publish.url}`;
  return publish.how === 'ws' ? `ws ${publish.url}` : `socketio ${publish.url}#${publish.event}`;
}

/** Checks, before the run, that every lane answers and the app takes the tool's publish; one line otherwise. */
export async function checkApp(spec: AppSpec, wire: ClientWire): Promise<void> {
  const fail = (option: string, what: string, expected: string, error: unknown): never => {
    throw new TargetError(scrub(`${option} '${what}': ${whatCameBack(error)}; ${expected}`, spec.headers));
  };
  for (const receiver of spec.receivers) {
    await probeLane(receiver, wire).catch((error: unknown) =>
      fail('--receive', laneName(receiver), EXPECTED[receiver.transport], error),
    );
  }
  // Published last, so the lanes just tried are not the ones to tell of it: it carries a marker no phase counts.
  await publishOnce(spec, wire).catch((error: unknown) =>
    fail(
      '--publish',
      publishName(spec),
      spec.publish.how === 'http'
        ? 'expected a 2xx answer (check --publish-body and --publish-header)'
        : 'expected to connect',
      error,
    ),
  );
}
