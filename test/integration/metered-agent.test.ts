import { createServer, request, type ClientRequest, type IncomingMessage, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_DESTROYED, endpointOf, meteredAgent } from '../../src/clients/connector.js';
import { SocketMeter } from '../../src/metrics/socket-meter.js';
import { waitFor } from '../helpers.js';

const servers: Array<{ close: () => void; closeAllConnections: () => void }> = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** An HTTP server on 127.0.0.1 running `handler`, closed after the test; `connections()` counts what it accepted. */
async function loopbackServer(handler: RequestListener): Promise<{ url: string; connections: () => number }> {
  let accepted = 0;
  const server = createServer(handler);
  server.on('connection', () => {
    accepted += 1;
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => accepted };
}

describe('meteredAgent', () => {
  it('refuses requests after destroy(), so a retry on the reset socket opens nothing and fails', async () => {
    let held: (() => void) | undefined;
    const { url, connections } = await loopbackServer((req, res) => {
      // The first request is answered (its socket is kept alive); the second, on that socket, is held open.
      if (req.url === '/hold') held?.();
      else res.end('ok');
    });
    const meter = new SocketMeter();
    const seen: string[] = [];
    const agent = meteredAgent(endpointOf(url, {}), meter, (req) => seen.push(req.path));

    await new Promise<void>((resolve, reject) => {
      request(`${url}/first`, { agent }, (res: IncomingMessage) => res.resume().on('end', resolve))
        .on('error', reject)
        .end();
    });
    // The second request rides the kept-alive socket; once the server holds it, the agent is destroyed. As
    // socket.io-client's XMLHttpRequest does on a reused socket's ECONNRESET, the error handler sends it again,
    // and never ends the new request.
    let retry: ClientRequest | undefined;
    const refused = new Promise<NodeJS.ErrnoException>((resolve) => {
      const second = request(`${url}/hold`, { agent });
      second.on('error', (error: NodeJS.ErrnoException) => {
        expect(second.reusedSocket).toBe(true);
        expect(error.code).toBe('ECONNRESET');
        retry = request(`${url}/hold`, { agent }).on('error', resolve);
      });
      second.end();
    });
    await new Promise<void>((resolve) => {
      held = resolve;
    });
    agent.destroy();
    // The retry fails with an error of its own, not a reset (which XMLHttpRequest would retry again), and no socket.
    expect((await refused).code).toBe(AGENT_DESTROYED);
    expect(retry?.socket ?? null).toBeNull();
    expect(await meter.whenAllClosed(10_000)).toBe(true);
    expect(meter.connections).toBe(1);
    expect(connections()).toBe(1);
    expect(seen).toEqual(['/first', '/hold']);
  });

  it('refuses the requests queued behind its sockets at destroy(), so none is given a new socket', async () => {
    let held = 0;
    const { url, connections } = await loopbackServer(() => {
      held += 1;
    });
    const meter = new SocketMeter();
    const agent = meteredAgent(endpointOf(url, {}), meter);
    // Two requests hold the agent's two sockets; the third waits in its queue.
    const failures = ['/a', '/b', '/queued'].map(
      (path) =>
        new Promise<string | undefined>((resolve) => {
          request(`${url}${path}`, { agent })
            .on('error', (error: NodeJS.ErrnoException) => resolve(error.code))
            .end();
        }),
    );
    await waitFor(() => held === 2, 'the server to hold two requests');
    agent.destroy();

    expect(await failures[2]).toBe(AGENT_DESTROYED);
    expect(await meter.whenAllClosed(10_000)).toBe(true);
    expect(meter.connections).toBe(2);
    expect(connections()).toBe(2);
    expect(held).toBe(2);
  });
});
