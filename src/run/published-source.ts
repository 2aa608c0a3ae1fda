import { SocketMeter } from '../metrics/socket-meter.js';
import type { PvpError } from '../shared/errors.js';
import type { Transport } from '../shared/transports.js';
import type { PhaseStart } from '../shared/run-types.js';
import type { ClientWire } from '../shared/wire-types.js';
import type { EventSource } from './event-source.js';
import { publishToTarget, type PublisherTally, type TargetPublisher } from './target-publisher.js';

/** What differs between the servers the tool publishes to (a protocol target, a chat, an app). */
export interface PublishedSourceParts {
  url: string;
  wire: ClientWire;
  wsUrl?: (since: number) => string;
  /** The key of the publisher `transport`'s phase uses: phases that publish the same way share one. */
  publisherKey(transport: Transport): string;
  /** Opens the publisher of `key` on sockets `meter` counts; `timeoutMs` bounds each publish's answer. */
  openPublisher(key: string, meter: SocketMeter, timeoutMs: number): Promise<TargetPublisher>;
  /** Starts a phase of `transport`: where its readers start, and the tag that tells this phase's events. */
  startPhase(transport: Transport | undefined): Promise<PhaseStart>;
}

/**
 * A server someone else runs, as an event source: the tool publishes (stamping each event on its
 * own clock) and its receivers read; the server's own counts are not available. The publisher's
 * sockets are counted apart, each phase reporting its own share.
 */
export function publishedSource(parts: PublishedSourceParts, transports: readonly Transport[]): EventSource {
  const meter = new SocketMeter();
  const tally: PublisherTally = { published: 0, requests: 0, errors: new Map() };
  // One publisher per way of publishing, opened when a phase first needs it.
  const publishers = new Map<string, Promise<TargetPublisher>>();
  const publisherFor = (transport: Transport, timeoutMs: number): Promise<TargetPublisher> => {
    const key = parts.publisherKey(transport);
    let publisher = publishers.get(key);
    if (!publisher) {
      publisher = parts.openPublisher(key, meter, timeoutMs);
      publishers.set(key, publisher);
    }
    return publisher;
  };
  let phaseTransport: Transport | undefined;
  let tag: string | undefined;
  let publishing = new AbortController();
  // The publisher's sockets live across phases; each phase reports its own share.
  let base = { ...meter.totals(), connections: 0, requests: 0 };
  return {
    url: parts.url,
    wire: parts.wire,
    countsAtServer: false,
    ...(parts.wsUrl ? { wsUrl: parts.wsUrl } : {}),
    reset: async ([transport]) => {
      phaseTransport = transport;
      publishing.abort();
      publishing = new AbortController();
      tally.published = 0;
      tally.errors.clear();
      base = { ...meter.totals(), connections: meter.connections, requests: tally.requests };
      const start = await parts.startPhase(transport);
      tag = start.tag;
      return start;
    },
    publish: async (schedule, timeoutMs) => {
      const publisher = await publisherFor(phaseTransport ?? transports[0]!, timeoutMs);
      return publishToTarget(publisher, schedule, tag ?? '', tally, publishing.signal);
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
      await Promise.all(
        [...publishers.values()].map((publisher) =>
          publisher.then(
            (p) => p.close(),
            () => undefined,
          ),
        ),
      );
    },
  };
}
