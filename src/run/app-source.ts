import { randomBytes } from 'node:crypto';
import type { AppSpec } from '../shared/app-types.js';
import { markerId, markerTag } from '../shared/marker.js';
import type { ClientWire } from '../shared/wire-types.js';
import { appPublisher } from './app-publisher.js';
import { checkApp } from './app-probes.js';
import type { EventSource } from './event-source.js';
import { publishedSource } from './published-source.js';

/**
 * An app measured as it is (`--publish`, `--receive`), as an event source: the tool publishes the
 * app's own message with a marker in it, stamped on the tool's clock; each lane's clients find the
 * markers in whatever the app sends them. Every phase has a tag of its own, so an app that keeps
 * its messages (a list polled without a cursor) never hands one phase another's events.
 */
export async function appSource(spec: AppSpec, options: { deflate: boolean; wire: ClientWire }): Promise<EventSource> {
  const { wire } = options;
  await checkApp(spec, wire);
  let tag = '';
  return publishedSource(
    {
      // Each lane connects to its own URL; this one names the app.
      url: new URL(spec.receivers[0]!.url).origin,
      wire,
      // One publisher for every phase: the app is sent its messages one way.
      publisherKey: () => 'app',
      openPublisher: (_key, meter, timeoutMs) =>
        appPublisher(spec, meter, timeoutMs, { wire, deflate: options.deflate, tagOf: () => tag }),
      startPhase: async () => {
        tag = markerTag(markerId(randomBytes(8)));
        return { since: 0, tag, sharedSeqs: false };
      },
    },
    spec.receivers.map((receiver) => receiver.transport),
  );
}
