import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { buildConnector, Client } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startDelayRelay, type DelayRelay, type DelayRelayOptions } from '../../src/server/delay-relay.js';
import { waitFor } from '../helpers.js';

const servers: Array<{ close(): unknown }> = [];
const sockets: Socket[] = [];
const relays: DelayRelay[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
  for (const server of servers.splice(0)) server.close();
});

/** Starts a raw TCP server on port 0 whose accepted sockets are handed to `onSocket`. */
async function tcpServer(onSocket: (socket: Socket) => void, allowHalfOpen = false): Promise<Server> {
  const server = createServer({ allowHalfOpen }, (socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    onSocket(socket);
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

async function relayTo(server: { address(): unknown }, options: Partial<DelayRelayOptions> = {}): Promise<DelayRelay> {
  const { port } = server.address() as AddressInfo;
  const relay = await startDelayRelay({
    listenHost: '127.0.0.1',
    targetHost: '127.0.0.1',
    targetPort: port,
    rttMs: 0,
    jitterMs: 0,
    seed: 1,
    ...options,
  });
  relays.push(relay);
  return relay;
}

async function dial(relay: DelayRelay, allowHalfOpen = false): Promise<Socket> {
  const socket = connect({ host: relay.host, port: relay.port, allowHalfOpen });
  sockets.push(socket);
  await once(socket, 'connect');
  return socket;
}

/** Collects everything `socket` reads; `bytes()` is the concatenation so far. */
function collect(socket: Socket): { bytes(): Buffer; length(): number } {
  const chunks: Buffer[] = [];
  let length = 0;
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
  });
  return { bytes: () => Buffer.concat(chunks), length: () => length };
}

const echo = (socket: Socket): void => void socket.pipe(socket);
const closed = (socket: Socket): Promise<unknown> => (socket.closed ? Promise.resolve() : once(socket, 'close'));
const msSince = (startNs: bigint): number => Number(process.hrtime.bigint() - startNs) / 1e6;

describe('delay relay', () => {
  it('delays a round trip by at least the RTT and echoes the same bytes', async () => {
    const relay = await relayTo(await tcpServer(echo), { rttMs: 100 });
    const client = await dial(relay);
    const received = collect(client);
    const sent = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

    const startNs = process.hrtime.bigint();
    client.write(sent);
    await waitFor(() => received.length() >= sent.length, 'the echo');
    expect(msSince(startNs)).toBeGreaterThanOrEqual(100);
    expect(received.bytes().equals(sent)).toBe(true);
    expect(relay.stats()).toMatchObject({ connections: 1, bytesForwardedUp: 256, bytesForwardedDown: 256, open: 1 });
  });

  it('forwards correctly with no delay, including more than the socket buffers hold', async () => {
    const relay = await relayTo(await tcpServer(echo), { rttMs: 0 });
    const client = await dial(relay);
    const received = collect(client);
    const sent = Buffer.alloc(8 * 1024 * 1024);
    for (let i = 0; i < sent.length; i++) sent[i] = (i * 7919) & 0xff;

    client.write(sent);
    await waitFor(() => received.length() >= sent.length, 'the echo of 8 MiB');
    expect(received.bytes().equals(sent)).toBe(true);
  });

  it('keeps 200 small writes in order and byte-identical under 40 ms jitter', async () => {
    let atServer: { bytes(): Buffer } | undefined;
    const server = await tcpServer((socket) => {
      atServer = collect(socket);
      echo(socket);
    });
    const relay = await relayTo(server, { rttMs: 40, jitterMs: 40, seed: 7 });
    const client = await dial(relay);
    const received = collect(client);
    const lines = Array.from({ length: 200 }, (_, i) => `message ${String(i).padStart(3, '0')}\n`);
    const expected = Buffer.from(lines.join(''));

    for (const line of lines) {
      client.write(line);
      // Separate turns of the event loop, so the relay sees separate chunks with separate delays.
      await delay(1);
    }
    await waitFor(() => received.length() >= expected.length, 'every echoed message');
    expect(received.bytes().equals(expected)).toBe(true);
    expect(atServer!.bytes().equals(expected)).toBe(true);
  });

  it('adds no bytes: client and server sockets of an HTTP exchange count the same', async () => {
    const serverSockets: Socket[] = [];
    const server = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => res.end(JSON.stringify({ path: req.url, pad: 'x'.repeat(3000) })));
    });
    server.on('connection', (socket: Socket) => serverSockets.push(socket));
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const relay = await relayTo(server, { rttMs: 20, jitterMs: 10 });

    const clientSockets: Socket[] = [];
    const connector = buildConnector({});
    const http = new Client(relay.url, {
      connect: (options, callback) =>
        connector(options, (error, socket) => {
          if (socket) clientSockets.push(socket as Socket);
          if (error) callback(error, null);
          else callback(null, socket!);
        }),
    });
    for (let i = 0; i < 3; i++) {
      const response = await http.request({ path: `/item/${i}`, method: 'POST', body: 'y'.repeat(500) });
      expect(response.statusCode).toBe(200);
      await response.body.text();
    }
    await http.close();
    expect(clientSockets).toHaveLength(1);
    expect(serverSockets).toHaveLength(1);
    const [client, upstream] = [clientSockets[0]!, serverSockets[0]!];
    await Promise.all([closed(client), closed(upstream)]);

    expect(client.bytesWritten).toBeGreaterThan(1500);
    expect(client.bytesWritten).toBe(upstream.bytesRead);
    expect(client.bytesRead).toBe(upstream.bytesWritten);
    expect(relay.stats()).toMatchObject({
      bytesForwardedUp: client.bytesWritten,
      bytesForwardedDown: client.bytesRead,
    });
    await waitFor(() => relay.stats().open === 0, 'the relayed pair to close');
  });

  it('relays a half-close in order: the FIN follows the data, and the reply still arrives', async () => {
    const request = Buffer.from('the whole request, then FIN');
    const reply = Buffer.from('a reply sent after the FIN arrived');
    let receivedAtEnd: Buffer | undefined;
    const server = await tcpServer((socket) => {
      const got = collect(socket);
      socket.on('end', () => {
        receivedAtEnd = got.bytes();
        socket.end(reply);
      });
    }, true);
    const relay = await relayTo(server, { rttMs: 30, jitterMs: 10 });
    const client = await dial(relay, true);
    const received = collect(client);
    const ended = once(client, 'end');

    client.end(request);
    await ended;
    expect(receivedAtEnd?.equals(request)).toBe(true);
    expect(received.bytes().equals(reply)).toBe(true);
    await closed(client);
    await waitFor(() => relay.stats().open === 0, 'the relayed pair to close');
  });

  it('relays a reset: the client sees its connection reset no sooner than RTT/2', async () => {
    let upstream: Socket | undefined;
    const relay = await relayTo(await tcpServer((socket) => (upstream = socket)), { rttMs: 60 });
    const client = await dial(relay);
    const errored = once(client, 'error');
    await waitFor(() => upstream !== undefined, 'the upstream connection');

    const startNs = process.hrtime.bigint();
    upstream!.resetAndDestroy();
    const [error] = (await errored) as [NodeJS.ErrnoException];
    expect(msSince(startNs)).toBeGreaterThanOrEqual(30);
    expect(error.code).toBe('ECONNRESET');
    await closed(client);
    await waitFor(() => relay.stats().open === 0, 'the relayed pair to close');
  });

  it('close() destroys open relayed connections and both ends see their sockets close', async () => {
    const upstreams: Socket[] = [];
    const relay = await relayTo(
      await tcpServer((socket) => {
        upstreams.push(socket);
        echo(socket);
      }),
      { rttMs: 20 },
    );
    const clients = await Promise.all([dial(relay), dial(relay)]);
    for (const client of clients) client.on('error', () => {});
    await waitFor(() => upstreams.length === 2, 'both upstream connections');
    expect(relay.stats()).toMatchObject({ connections: 2, open: 2 });

    await relay.close();
    await Promise.all([...clients, ...upstreams].map(closed));
    expect(relay.stats().open).toBe(0);
    await expect(dial(relay)).rejects.toThrow(/ECONNREFUSED/);
  });
});
