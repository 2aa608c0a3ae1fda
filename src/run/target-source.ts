import { randomBytes } from 'node:crypto';
import { SocketMeter } from '../metrics/socket-meter.js';
import type { PvpError } from '../shared/errors.js';
import type { Transport } from '../shared/transports.js';
import type { ClientWire } from '../shared/wire-types.js';
import type { EventSource } from './event-source.js';
import {
  chatPublisher,
  httpPublisher,
  publishToTarget,
  socketIoPublisher,
  type PublisherTally,
  type TargetPublisher,
} from './target-publisher.js';
import { TARGET_PARTS, checkTarget, headOf } from './target-probes.js';
import type { Target } from './target-url.js';

/**
 * A server someone else runs, as an event source: the tool publishes (stamping each event on
 * its own clock), its receivers read; the server's own counts are not available.
 */
export async function targetSource(
  target: Target,
  transports: readonly Transport[],
  options: { deflate: boolean; socketIoEvent: string; wire: ClientWire; machine?: { runId: string; name: string } },
): Promise<EventSource> {
  const { wire } = options;
  await checkTarget(target, transports, wire);
  // Each machine of a run tags its own events (so its receivers time only those); a run alone tags them at random.
  const tag = options.machine
    ? `pvp:${options.machine.runId}.${options.machine.name}:`
    : `pvp:${randomBytes(6).toString('base64url')}:`;
  const meter = new SocketMeter();
  const tally: PublisherTally = { published: 0, requests: 0, errors: new Map() };
  // One publisher per way of publishing, opened when a phase first needs it.
  const publishers = new Map<string, Promise<TargetPublisher>>();
  const publisherFor = (transport: Transport, timeoutMs: number): Promise<TargetPublisher> => {
    const how = target.kind === 'chat' ? 'chat' : TARGET_PARTS[transport].publishes;
    let publisher = publishers.get(how);
    if (!publisher) {
      publisher =
        how === 'chat'
          ? chatPublisher(target.url, meter, options.deflate, wire)
          : how === 'socketio'
            ? socketIoPublisher(target.url, meter, options.deflate, options.socketIoEvent, wire)
            : Promise.resolve(httpPublisher(target.url, meter, timeoutMs, wire));
      publishers.set(how, publisher);
    }
    return publisher;
  };
  let phaseTransport: Transport | undefined;
  /** The newest head the target said, for a phase whose GET /health it did not answer. */
  let lastHead = 0;
  let publishing = new AbortController();
  // The publisher's sockets live across phases; each phase reports its own share.
  let base = { ...meter.totals(), connections: 0, requests: 0 };
  return {
    url: target.url,
    wire,
    countsAtServer: false,
    ...(target.kind === 'chat' ? { wsUrl: () => target.url } : {}),
    reset: async ([transport]) => {
      phaseTransport = transport;
      publishing.abort();
      publishing = new AbortController();
      tally.published = 0;
      tally.errors.clear();
      base = { ...meter.totals(), connections: meter.connections, requests: tally.requests };
      // Where the server numbers events, readers start at its head; where the tool does, at 0.
      const numberedByServer =
        target.kind === 'protocol' && transport !== undefined && TARGET_PARTS[transport].publishes === 'protocol';
      if (!numberedByServer) return { since: 0, tag, sharedSeqs: false };
      // A target that stopped answering is this phase's fault, not the end of the run: what it measures still prints.
      try {
        lastHead = await headOf(target, wire);
        return { since: lastHead, tag, sharedSeqs: true };
      } catch {
        return { since: lastHead, tag, sharedSeqs: true, fault: 'HEAD_UNANSWERED' };
      }
    },
    publish: async (schedule, timeoutMs) => {
      const publisher = await publisherFor(phaseTransport ?? transports[0]!, timeoutMs);
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
