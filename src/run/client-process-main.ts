/**
 * Entry of a client process: one share of a transport's clients, when a run has more than one
 * process may hold sockets for. Its clients record and count here exactly as they would in the
 * run's own process; at the end it hands the run its tallies, which add up client by client.
 */
import { PhaseRecorder } from '../metrics/recorder.js';
import type { LatencyWindow } from '../metrics/latency.js';
import { SocketMeter } from '../metrics/socket-meter.js';
import type { ClientMessage, ClientProcessInit, ClientRequest } from './client-protocol.js';
import { createCrowd, type Crowd } from './crowd.js';

/** How often the run hears how many events this process's clients have. */
const PROGRESS_EVERY_MS = 100;

function send(message: ClientMessage): void {
  // Once the run has let go of this process, there is no one left to tell.
  if (process.connected) process.send?.(message, undefined, undefined, () => {});
}

let init: ClientProcessInit | undefined;
let crowd: Crowd | undefined;
let recorder: PhaseRecorder | undefined;
let meter: SocketMeter | undefined;
let ticker: NodeJS.Timeout | undefined;
/** For a live view: the latencies since the last tally, and the sampled client's arrivals. */
let latencies: LatencyWindow | undefined;
let arrivals: Array<[number, bigint, bigint]> = [];

/** At most this many arrivals wait for a tally: a stalled run drops the oldest, never grows. */
const MAX_ARRIVALS = 10_000;

/** The running tallies a live view mirrors (only in a steerable run). */
function sendTally(): void {
  if (!latencies) return;
  const { bytesRead, bytesWritten } = meter!.totals();
  const r = recorder!;
  send({
    type: 'tally',
    tally: {
      httpRequests: r.httpRequests,
      emptyResponses: r.emptyResponses,
      handshakes: r.handshakes,
      delivered: r.delivered,
      payloadBytes: r.payloadBytes,
      highestSeq: r.highestSeq,
      bytesRead,
      bytesWritten,
      latency: latencies.takeDistribution(),
      arrivals,
    },
  });
  arrivals = [];
}

process.on('message', (request: ClientRequest) => {
  void answer(request);
});
// Ctrl-C reaches the whole process group; the run decides when its clients stop.
process.on('SIGINT', () => {});
// The run went away: never outlive it.
process.on('disconnect', () => process.exit(0));
// A send that races the run's disconnect fails in its callback, not as a crash.
process.on('error', () => {});
send({ type: 'hello' });

async function answer(request: ClientRequest): Promise<void> {
  switch (request.op) {
    case 'init': {
      init = request.init;
      recorder = new PhaseRecorder(init.start);
      meter = new SocketMeter();
      if (init.options.steerable) {
        latencies = recorder.latencyWindow();
        if (init.sampled)
          recorder.sampleListener = (seq, publishedNs, receivedNs) => {
            if (arrivals.length >= MAX_ARRIVALS) arrivals.shift();
            arrivals.push([seq, publishedNs, receivedNs]);
          };
      }
      const chatUrl = init.chatUrl;
      crowd = createCrowd(
        init.transport,
        init.options,
        { url: init.url, wire: init.wire, ...(chatUrl ? { wsUrl: () => chatUrl } : {}) },
        recorder,
        meter,
      );
      return;
    }
    case 'connect':
      await crowd!.connect((connected) => send({ type: 'connected', connected, done: false }), undefined, request.upTo);
      send({ type: 'connected', connected: Math.min(request.upTo, init!.options.clients), done: true });
      ticker ??= setInterval(() => {
        send({ type: 'progress', delivered: recorder!.delivered, highestSeq: recorder!.highestSeq });
        sendTally();
      }, PROGRESS_EVERY_MS);
      return;
    case 'begin':
      crowd!.begin(request.startAtNs);
      return;
    case 'change':
      crowd!.change(request.changed);
      return;
    case 'stop': {
      clearInterval(ticker);
      await crowd!.stop();
      sendTally();
      const [cost] = crowd!.costs();
      send({ type: 'stopped', recorder: recorder!.snapshot(), meter: meter!.snapshot(), ...(cost ? { cost } : {}) });
      return;
    }
  }
}
