import { createServer, type Server } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TransportClientFactory } from '../../src/clients/client-context.js';
import { createLongPollClient } from '../../src/clients/long-poll.js';
import { readLimitsFor } from '../../src/clients/read-limits.js';
import { createPollClient } from '../../src/clients/poll.js';
import { BUSY_PORT_RETRIES, nextSourcePort } from '../../src/clients/source-ports.js';
import { createSseClient } from '../../src/clients/sse.js';
import { createWsClient } from '../../src/clients/ws.js';
import { PhaseRecorder } from '../../src/metrics/recorder.js';
import { SocketMeter } from '../../src/metrics/socket-meter.js';
import { startDemoServer, type DemoServer } from '../../src/server/demo-server.js';
import { nowNs } from '../../src/shared/clock.js';
import type { Transport } from '../../src/shared/transports.js';
import { waitFor } from '../helpers.js';

// Clients of a client process connect from an address of their own and name their source
// ports; a port something else holds is skipped, not counted as the run's fault.
const FACTORIES: Array<[Transport, TransportClientFactory, number]> = [
  ['poll', createPollClient, 2],
  ['long-poll', createLongPollClient, 3],
  ['sse', createSseClient, 4],
  ['ws', createWsClient, 5],
];

let server: DemoServer;
let squatters: Server[] = [];

beforeEach(async () => {
  server = await startDemoServer({ host: '127.0.0.1', port: 0, defaultLongPollTimeoutMs: 30_000, payloadBytes: 32 });
});

afterEach(async () => {
  for (const squatter of squatters) squatter.close();
  squatters = [];
  await server.close();
});

/** Holds `port` on every address, as another program's listener would (already held is as good). */
async function squat(port: number): Promise<void> {
  const squatter = createServer();
  squatters.push(squatter);
  await new Promise<void>((resolve) => {
    squatter.once('error', () => resolve());
    squatter.listen(port, '0.0.0.0', () => resolve());
  });
}

/** The next port `localAddress` hands out, away from the top of the range (where the ports wrap around to its bottom). */
function nextPortBelowTop(localAddress: string): number {
  let taken = nextSourcePort(localAddress);
  while (taken > 32_000) taken = nextSourcePort(localAddress);
  return taken;
}

/** One client from `localAddress` receives one event and stops; what it recorded and counted. */
async function deliverOne(
  factory: TransportClientFactory,
  localAddress: string,
): Promise<{ phase: PhaseRecorder; meter: SocketMeter }> {
  const phase = new PhaseRecorder();
  const meter = new SocketMeter();
  const client = factory({
    url: server.url,
    recorder: phase.forClient(),
    meter,
    wire: { localAddress },
    conditions: { pollIntervalMs: 50 },
    longPollTimeoutMs: 30_000,
    phaseMs: 0,
    limits: readLimitsFor(64),
  });
  await client.connect();
  client.begin(nowNs());
  server.log.publish('payload');
  await waitFor(() => phase.delivered === 1, 'the event');
  await client.stop();
  return { phase, meter };
}

describe.runIf(process.platform === 'linux').each(FACTORIES)(
  'a %s client with a source address of its own',
  (_transport, factory, host) => {
    it('skips a busy source port and takes the next one', async () => {
      const localAddress = `127.77.0.${host}`;
      const taken = nextPortBelowTop(localAddress);
      await squat(taken + 1);
      const { phase, meter } = await deliverOne(factory, localAddress);
      expect(phase.errorCounts()).toEqual({});
      // The squatted port was tried and skipped: the client connected from the one after it.
      expect(nextSourcePort(localAddress)).toBe(taken + 3);
      expect(meter.connections).toBe(1);
    });
  },
);

describe
  .runIf(process.platform === 'linux')
  .each(FACTORIES.filter(([transport]) => transport === 'sse' || transport === 'ws'))(
  'a %s client whose next source ports are all busy',
  (_transport, factory, host) => {
    it('leaves the port to the kernel after skipping as many as it may, and still connects', async () => {
      const localAddress = `127.78.0.${host}`;
      const taken = nextPortBelowTop(localAddress);
      for (let port = taken + 1; port <= taken + BUSY_PORT_RETRIES; port++) await squat(port);
      const { phase, meter } = await deliverOne(factory, localAddress);
      expect(phase.errorCounts()).toEqual({});
      // Every named port it tried was busy; the one it connected from was none of the address's next ones.
      expect(nextSourcePort(localAddress)).toBe(taken + BUSY_PORT_RETRIES + 1);
      expect(meter.connections).toBe(1);
    });
  },
);
