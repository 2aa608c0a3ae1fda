/** An app measured as it is (`--publish`, `--receive`): how the tool sends its events in, and where it reads them. */

import type { Transport } from './transports.js';

/** How the tool puts its events into the app: an HTTP request, a WebSocket text frame, or a Socket.IO emit. */
export type AppPublish =
  | { how: 'http'; method: string; url: string }
  | { how: 'ws'; url: string }
  | { how: 'socketio'; url: string; event: string };

/** One lane of the tables: a kind of receiver (a transport's id) and the app's URL it reads. */
export interface AppReceiver {
  transport: Transport;
  /** The URL as the app serves it, whole: its path and query are requested exactly (no fragment). */
  url: string;
  /** Socket.IO: the event listened on; every event when absent. */
  event?: string;
  /** WebSocket: a text frame sent once the connection opens (`--receive-send`, a subscribe message). */
  send?: string;
}

/** Everything about the app a run needs; header values are sent, never printed or saved. */
export interface AppSpec {
  publish: AppPublish;
  /** The publish body's template: `{{marker}}` becomes the event's marker (the marker alone when not given). */
  body: string;
  /** Headers sent with every HTTP publish (`--publish-header`), values included: kept out of every output. */
  headers: Record<string, string>;
  receivers: AppReceiver[];
}

/** The app as a result keeps it: the header names, never their values. */
export interface AppSummary {
  /** How the tool published, flat: `method` for HTTP, `event` for Socket.IO. */
  publish: { how: AppPublish['how']; url: string; method?: string; event?: string };
  body: string;
  headerNames: string[];
  receivers: AppReceiver[];
}
