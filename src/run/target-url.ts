import { UsageError } from '../shared/errors.js';
import { transportFor, type Transport } from '../shared/transports.js';

/** A server someone else runs: one that speaks docs/protocol.md, or a broadcast chat server. */
export interface Target {
  url: string;
  kind: 'protocol' | 'chat';
}

/** The transports a chat server can be measured on: it only speaks WebSocket. */
export const CHAT_TRANSPORTS: readonly Transport[] = [transportFor('websocket')];

/**
 * `text` with any user name and password taken out (`http://alice:secret@host` → `http://host`),
 * for every line that names a target: a credential is never printed, logged or saved.
 */
export function withoutCredentials(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1');
}

/** Reads `--target`: an http:// or ws:// URL (TLS targets come with TLS support). */
export function parseTarget(text: string): Target {
  const shown = withoutCredentials(text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(
      `--target: '${shown}' is not a URL; use http://host:port[/base] (a protocol server) or ws://host:port/path ` +
        '(a broadcast chat)',
    );
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
    throw new UsageError(
      `--target: '${shown}' has the scheme ${url.protocol}; use http:// or https:// (a protocol server), ws:// or ` +
        `wss:// (a broadcast chat)`,
    );
  }
  // Sent on one route and not another, a credential would measure a half-authorised run: refused whole.
  if (url.username !== '' || url.password !== '') {
    throw new UsageError(
      `--target: '${shown}' was given with a user name or password, which the tool does not send; ` +
        'give the address without them (the credential was not kept or printed)',
    );
  }
  return {
    url: url.toString().replace(/\/$/, ''),
    kind: url.protocol === 'ws:' || url.protocol === 'wss:' ? 'chat' : 'protocol',
  };
}
