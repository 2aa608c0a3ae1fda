/**
 * Entry of a client process: one share of a transport's clients, when a run has more than one
 * process may hold sockets for. Its clients record and count here exactly as they would in the
 * run's own process; at the end it hands the run its tallies, which add up client by client.
 */
import { PhaseRecorder } from '../metrics/recorder.js';
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
      ticker ??= setInterval(
        () => send({ type: 'progress', delivered: recorder!.delivered, highestSeq: recorder!.highestSeq }),
        PROGRESS_EVERY_MS,
      );
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
      const [cost] = crowd!.costs();
      send({ type: 'stopped', recorder: recorder!.snapshot(), meter: meter!.snapshot(), ...(cost ? { cost } : {}) });
      return;
    }
  }
}
