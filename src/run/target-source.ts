import { randomBytes } from 'node:crypto';
import type { Transport } from '../shared/transports.js';
import type { ClientWire } from '../shared/wire-types.js';
import type { EventSource } from './event-source.js';
import { publishedSource } from './published-source.js';
import { chatPublisher, httpPublisher, socketIoPublisher } from './target-publisher.js';
import { TARGET_PARTS, checkTarget, headOf } from './target-probes.js';
import type { Target } from './target-url.js';

/**
 * A server someone else runs that speaks docs/protocol.md or is a broadcast chat, as an event
 * source: the tool publishes (stamping each event on its own clock), its receivers read.
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
  /** The newest head the target said, for a phase whose GET /health it did not answer. */
  let lastHead = 0;
  return publishedSource(
    {
      url: target.url,
      wire,
      ...(target.kind === 'chat' ? { wsUrl: () => target.url } : {}),
      publisherKey: (transport) => (target.kind === 'chat' ? 'chat' : TARGET_PARTS[transport].publishes),
      openPublisher: (how, meter, timeoutMs) =>
        how === 'chat'
          ? chatPublisher(target.url, meter, options.deflate, wire)
          : how === 'socketio'
            ? socketIoPublisher(target.url, meter, options.deflate, options.socketIoEvent, wire)
            : Promise.resolve(httpPublisher(target.url, meter, timeoutMs, wire)),
      startPhase: async (transport) => {
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
    },
    transports,
  );
}
