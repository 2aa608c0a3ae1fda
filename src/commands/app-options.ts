// `--publish`, `--publish-body`, `--publish-header`, `--receive` and `--receive-send`: an app measured
// as it is. Read at the edge into an AppSpec; every mistake is one line naming the option, and
// nothing of a header's value is ever echoed.
import type { AppPublish, AppReceiver, AppSpec } from '../shared/app-types.js';
import { UsageError } from '../shared/errors.js';
import { MARKER_PLACEHOLDER } from '../shared/marker.js';
import { TRANSPORTS, type Transport } from '../shared/transports.js';
import { withoutCredentials } from '../run/target-url.js';
import { headerLine } from './option-values.js';

/** The app options as commander hands them over. */
export interface RawAppOptions {
  publish?: string;
  publishBody?: string;
  publishHeader?: string[];
  receive?: string[];
  receiveSend?: string;
}

const PUBLISH_FORMS = "METHOD URL ('POST http://127.0.0.1:3000/api/messages'), ws URL or socketio URL#event";
const RECEIVE_FORMS = `KIND URL, KIND one of ${TRANSPORTS.join(', ')} ('sse http://127.0.0.1:3000/api/stream')`;
/** Most headers a publish may set, and the longest body template. */
const MAX_PUBLISH_HEADERS = 100;
const MAX_BODY_CHARS = 64 * 1024;

/** Which URL schemes each kind of receiver and publisher speaks. */
const SCHEMES: Record<Transport | 'http' | 'socketio-publish', readonly string[]> = {
  poll: ['http:', 'https:'],
  'long-poll': ['http:', 'https:'],
  sse: ['http:', 'https:'],
  ws: ['ws:', 'wss:'],
  socketio: ['http:', 'https:', 'ws:', 'wss:'],
  http: ['http:', 'https:'],
  'socketio-publish': ['http:', 'https:', 'ws:', 'wss:'],
};

/** `KIND URL` split at its first run of spaces; the URL checked for `kind`, its fragment kept apart (Socket.IO's event). */
function splitKindUrl(option: string, text: string, forms: string): { kind: string; url: URL; shown: string } {
  const shown = withoutCredentials(text.trim().replace(/^(\S+\s+)/, '')).trim();
  const match = /^(\S+)\s+(\S.*)$/.exec(text.trim());
  if (!match) throw new UsageError(`${option}: '${withoutCredentials(text.trim())}' is not accepted; use ${forms}`);
  let url: URL;
  try {
    url = new URL(match[2]!);
  } catch {
    throw new UsageError(`${option}: '${shown}' is not a URL; use ${forms}`);
  }
  // As with --target: a credential sent on one route and not another would measure a half-authorised run.
  if (url.username !== '' || url.password !== '') {
    throw new UsageError(
      `${option}: '${shown}' has a user name or password, which the tool does not send; give the address without ` +
        `them (for a token, --publish-header 'Authorization: Bearer …'; the credential was not kept or printed)`,
    );
  }
  return { kind: match[1]!, url, shown };
}

/** The URL of `kind`, whole, without a fragment; refused in one line when its scheme is not the kind's. */
function urlFor(option: string, kind: keyof typeof SCHEMES, label: string, url: URL, shown: string): string {
  if (!SCHEMES[kind].includes(url.protocol)) {
    throw new UsageError(
      `${option}: '${label} ${shown}' has the scheme ${url.protocol}; ${label} takes ${SCHEMES[kind].join(' or ')}//`,
    );
  }
  const whole = new URL(url);
  whole.hash = '';
  return whole.toString();
}

/** A Socket.IO event from a URL's fragment (`#chat%20message` is "chat message"). */
const eventOf = (url: URL): string | undefined =>
  url.hash.length > 1 ? decodeURIComponent(url.hash.slice(1)) : undefined;

/** `--publish`: `METHOD URL`, `ws URL` or `socketio URL#event`. */
export function parsePublish(text: string): AppPublish {
  const { kind, url, shown } = splitKindUrl('--publish', text, PUBLISH_FORMS);
  const how = kind.toLowerCase();
  if (how === 'ws') return { how: 'ws', url: urlFor('--publish', 'ws', 'ws', url, shown) };
  if (how === 'socketio') {
    return {
      how: 'socketio',
      url: urlFor('--publish', 'socketio-publish', 'socketio', url, shown),
      event: eventOf(url) ?? 'message',
    };
  }
  if (!/^[A-Za-z]{1,20}$/.test(kind))
    throw new UsageError(`--publish: '${kind}' is not an HTTP method, ws or socketio; use ${PUBLISH_FORMS}`);
  const method = kind.toUpperCase();
  return { how: 'http', method, url: urlFor('--publish', 'http', method, url, shown) };
}

/** One `--receive`: `KIND URL` (`socketio URL#event`). */
export function parseReceive(text: string): AppReceiver {
  const { kind, url, shown } = splitKindUrl('--receive', text, RECEIVE_FORMS);
  const transport = TRANSPORTS.find((t) => t === kind.toLowerCase());
  if (!transport) throw new UsageError(`--receive: '${kind}' is not a kind of receiver; use ${RECEIVE_FORMS}`);
  const receiver: AppReceiver = { transport, url: urlFor('--receive', transport, transport, url, shown) };
  const event = transport === 'socketio' ? eventOf(url) : undefined;
  return event !== undefined ? { ...receiver, event } : receiver;
}

/** `--publish-header`s: `Name: value` each; a mistake is named by its place, never by its text. */
export function parsePublishHeaders(texts: readonly string[]): Record<string, string> {
  if (texts.length > MAX_PUBLISH_HEADERS)
    throw new UsageError(`--publish-header: given ${texts.length} times; give at most ${MAX_PUBLISH_HEADERS}`);
  const headers: Record<string, string> = {};
  texts.forEach((text, index) => {
    const header = headerLine(text.trim());
    if ('problem' in header)
      throw new UsageError(`--publish-header: header ${index + 1} (not shown: it may hold a secret) ${header.problem}`);
    headers[header.name] = header.value;
  });
  return headers;
}

/** `--publish-body`: a template holding `{{marker}}`, where the tool puts each event's marker. */
export function parsePublishBody(text: string): string {
  if (text.length > MAX_BODY_CHARS)
    throw new UsageError(`--publish-body: longer than ${MAX_BODY_CHARS / 1024}k characters; shorten it`);
  if (!text.includes(MARKER_PLACEHOLDER)) {
    throw new UsageError(
      `--publish-body: has no ${MARKER_PLACEHOLDER}, so the tool could never find its events in what the app sends; ` +
        `put it where the message's text goes, e.g. '{"text":"${MARKER_PLACEHOLDER}"}'`,
    );
  }
  return text;
}

/** The app a run measures (`--publish` and at least one `--receive`), or undefined when neither was given. */
export function parseAppOptions(raw: RawAppOptions): AppSpec | undefined {
  const receives = raw.receive ?? [];
  if (raw.publish === undefined) {
    const stray = receives.length > 0 ? '--receive' : appOnlyOption(raw);
    if (stray === undefined) return undefined;
    throw new UsageError(
      `${stray}: needs --publish, the way the tool sends its events into the app (e.g. --publish 'POST ` +
        `http://127.0.0.1:3000/api/messages')`,
    );
  }
  if (receives.length === 0) {
    throw new UsageError(
      `--publish: needs at least one --receive ${RECEIVE_FORMS.replace(/^KIND URL, /, '(')}) where the app's ` +
        'messages are read',
    );
  }
  const receivers = receives.map(parseReceive);
  const seen = new Set<Transport>();
  for (const receiver of receivers) {
    if (seen.has(receiver.transport))
      throw new UsageError(`--receive: ${receiver.transport} is given twice; give each kind once (one lane each)`);
    seen.add(receiver.transport);
  }
  if (raw.receiveSend !== undefined) {
    const ws = receivers.find((receiver) => receiver.transport === 'ws');
    if (!ws) throw new UsageError(`--receive-send: is sent on a ws lane's connection; add --receive 'ws URL'`);
    ws.send = raw.receiveSend;
  }
  const publish = parsePublish(raw.publish);
  if (publish.how !== 'http' && (raw.publishHeader ?? []).length > 0)
    throw new UsageError(
      `--publish-header: is sent with an HTTP publish ('POST URL'); a ${publish.how} publish has none`,
    );
  return {
    publish,
    body: raw.publishBody === undefined ? MARKER_PLACEHOLDER : parsePublishBody(raw.publishBody),
    headers: parsePublishHeaders(raw.publishHeader ?? []),
    receivers,
  };
}

/** The first app option given that only means something with --publish. */
function appOnlyOption(raw: RawAppOptions): string | undefined {
  if (raw.publishBody !== undefined) return '--publish-body';
  if ((raw.publishHeader ?? []).length > 0) return '--publish-header';
  return raw.receiveSend !== undefined ? '--receive-send' : undefined;
}
