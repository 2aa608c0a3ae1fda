// 4. Memory per simulated client on the client side at 10,000 WebSocket clients: the tool's
// runComparison alone in a child vs plain ws clients alone in a child, both sampling their
// own RSS every 100 ms; each side's server runs in yet another process.
import { childScript, forkChild } from '../lib/children.mjs';
import { compareOptions, deliveryNote } from '../lib/compare-options.mjs';
import { openFileLimit } from '../lib/machine.mjs';

const WANTED_CLIENTS = 10_000;
/** Descriptors a process needs besides its client sockets (stdio, IPC, libuv, modules). */
const FD_HEADROOM = 300;
const EVENTS = 3;
const PHASE_MS = 3000;
const LEAD_NS = 150_000_000n;

/** The largest client count up to 10,000 that the open-file limit lets one process hold. */
function clientCount() {
  const limit = openFileLimit() ?? Infinity;
  return Math.max(1, Math.min(WANTED_CLIENTS, limit - FD_HEADROOM));
}

const clients = clientCount();
const perClient = ({ baselineBytes, peakBytes }) => (peakBytes - baselineBytes) / clients;

export default {
  id: 'memory',
  title: `Memory per simulated client, client side, ${clients.toLocaleString('en-US')} WebSocket clients at 1 event/s for 3 s`,
  unit: 'B/client',
  digits: 0,
  subjectLabel: 'poll-vs-push (ws clients)',
  referenceLabel: 'plain ws clients',
  ratioLabel: 'tool / bare',
  target: null,
  notes:
    clients < WANTED_CLIENTS
      ? [
          `the open-file limit (${openFileLimit()}) holds only ${clients.toLocaleString('en-US')} clients per process, not ${WANTED_CLIENTS.toLocaleString('en-US')}; raise ulimit -n to ${(WANTED_CLIENTS + FD_HEADROOM).toLocaleString('en-US')} or more`,
        ]
      : [],

  async subject() {
    const options = compareOptions({
      transports: ['ws'],
      clients,
      ratePerSec: 1,
      durationMs: PHASE_MS,
      pollIntervalMs: 1000,
    });
    const child = forkChild(
      childScript('tool-compare.mjs'),
      { compare: options, timeoutMs: 60_000 },
      { execArgv: ['--expose-gc'] },
    );
    try {
      const { rss, partial, events, errors } = await child.next('result', 90_000);
      if (partial) throw new Error('the tool run did not finish within 60 s');
      return { value: perClient(rss), note: deliveryNote(events, errors) };
    } finally {
      await child.stop();
    }
  },

  async reference() {
    const server = forkChild(childScript('naive-broadcast.mjs'));
    let bare;
    try {
      const { port } = await server.next('ready', 10_000);
      bare = forkChild(
        childScript('ws-clients.mjs'),
        { url: `ws://127.0.0.1:${port}`, clients, sampleRss: true },
        { execArgv: ['--expose-gc'] },
      );
      await bare.next('ready', 60_000);
      // The tool's phase: first event 150 ms after the last client is ready, 1 event/s, 3 s.
      const startAtNs = process.hrtime.bigint() + LEAD_NS;
      bare.send({ type: 'await', total: clients * EVENTS, timeoutMs: PHASE_MS + 10_000 });
      server.send({ type: 'broadcast', startAtNs, count: EVENTS, intervalMs: 1000, payloadBytes: 64 });
      const done = await bare.next('done', PHASE_MS + 15_000);
      const holdMs = Number(startAtNs - process.hrtime.bigint()) / 1e6 + PHASE_MS;
      if (holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
      bare.send({ type: 'finish' });
      const { rss } = await bare.next('finished', 15_000);
      const note = done.timedOut ? `${done.received}/${clients * EVENTS} delivered` : undefined;
      return { value: perClient(rss), note };
    } finally {
      await bare?.stop();
      await server.stop();
    }
  },
};
