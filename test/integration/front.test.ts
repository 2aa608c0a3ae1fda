import { request as http1Request, type IncomingMessage } from 'node:http';
import { connect as http2Connect, type ClientHttp2Session, type SecureClientSessionOptions } from 'node:http2';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCertificate, type RunCertificate } from '../../src/server/certificate.js';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../src/server/demo-server.js';
import { H2_PREFACE } from '../../src/server/h2-tap.js';
import type { WireEvent } from '../../src/shared/protocol.js';
import { waitFor } from '../helpers.js';

/**
 * The demo server's front: one TCP port that takes HTTP/1.1 and HTTP/2 (h2c by its preface in
 * cleartext, h2 by ALPN under TLS), counts every socket before any protocol reads it, and keeps
 * serving whatever a broken or hostile client sends first.
 */

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(options: Partial<DemoServerOptions>): Promise<DemoServer> {
  const server = await startDemoServer({
    host: '127.0.0.1',
    port: 0,
    defaultLongPollTimeoutMs: 30_000,
    payloadBytes: 16,
    ...options,
  });
  cleanups.push(() => server.close());
  return server;
}

/** A TCP connection to the server whose byte counters the test reads; destroyed after the test. */
function rawConnection(server: DemoServer): Socket {
  const socket = connect({ host: '127.0.0.1', port: server.port });
  cleanups.push(() => socket.destroy());
  return socket;
}

/** Resolves once `socket` has closed (bounded, so a server that never lets go fails the test). */
async function closed(socket: Socket, what: string): Promise<void> {
  await waitFor(() => socket.closed, what);
}

/** Reads a whole HTTP/1.1 (or HTTPS) response. */
function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (body += chunk));
    res.once('end', () => resolve(body));
    res.once('error', reject);
  });
}

/** One HTTP/2 request on `session`: its status and body. */
function h2Get(session: ClientHttp2Session, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':path': path });
    let status = 0;
    let body = '';
    stream.setEncoding('utf8');
    stream.once('response', (headers) => (status = Number(headers[':status'])));
    stream.on('data', (chunk: string) => (body += chunk));
    stream.once('end', () => resolve({ status, body }));
    stream.once('error', reject);
  });
}

/** An HTTP/2 session, closed after the test. */
function h2Session(url: string, options: SecureClientSessionOptions = {}): ClientHttp2Session {
  const session = http2Connect(url, options);
  session.on('error', () => {}); // a failure shows in the request that needed the session
  cleanups.push(() => session.destroy());
  return session;
}

/** An HTTPS GET on a connection of its own: the status and body, or the error's code. */
function httpsGet(
  server: DemoServer,
  path: string,
  options: RequestOptions,
): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = httpsRequest(`${server.url}${path}`, { agent: false, ...options }, (res) => {
      readBody(res).then(
        (body) => resolve({ status: res.statusCode!, body }),
        (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? 'ERROR' }),
      );
    });
    req.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? 'ERROR' }));
    req.end();
  });
}

const faultCount = (errors: Record<string, number>): number =>
  Object.values(errors).reduce((sum, count) => sum + count, 0);
const seqs = (body: string): number[] => (JSON.parse(body) as WireEvent[]).map((event) => event.seq);

describe('one cleartext port with HTTP/2 on: HTTP/1.1 and h2c side by side', () => {
  it('answers an HTTP/1.1 GET and h2c requests, attributes each connection to its route, and counts the bytes each client saw', async () => {
    const server = await started({ http2: true });
    server.log.publish('first');

    const http1Socket = rawConnection(server);
    const http1 = await new Promise<{ version: string; status: number; body: string }>((resolve, reject) => {
      const req = http1Request(
        { createConnection: () => http1Socket, path: '/poll?since=0', headers: { connection: 'close' } },
        (res) => {
          readBody(res).then((body) => resolve({ version: res.httpVersion, status: res.statusCode!, body }), reject);
        },
      );
      req.once('error', reject);
      req.end();
    });
    expect(http1).toMatchObject({ version: '1.1', status: 200 });
    expect(seqs(http1.body)).toEqual([1]);

    const h2Socket = rawConnection(server);
    const session = h2Session(server.url, { createConnection: () => h2Socket });
    // Two streams on one connection: an answer at once (the event is there), then an empty poll.
    const longPoll = await h2Get(session, '/long-poll?since=0&timeout=30000');
    const again = await h2Get(session, '/poll?since=1');
    expect(session.alpnProtocol).toBe('h2c');
    expect(longPoll.status).toBe(200);
    expect(seqs(longPoll.body)).toEqual([1]);
    expect(again).toEqual({ status: 200, body: '[]' });
    session.close();

    await closed(http1Socket, 'the HTTP/1.1 connection to close');
    await closed(h2Socket, 'the h2c connection to close');
    await waitFor(
      () => server.accounting.stats('poll').openSockets === 0 && server.accounting.stats('long-poll').openSockets === 0,
      'the server to see both close',
    );

    // The HTTP/1.1 connection is the poll route's; the h2c one the long poll's (its first request named it).
    const poll = server.accounting.stats('poll');
    expect(poll).toMatchObject({ connections: 1, requests: 1, eventsWritten: 1, firstExchanges: 1, controlBytes: 0 });
    expect(poll.headerBytes).toBeGreaterThan(0);
    expect(poll.bytesRead).toBe(http1Socket.bytesWritten);
    expect(poll.bytesWritten).toBe(http1Socket.bytesRead);

    const h2 = server.accounting.stats('long-poll');
    expect(h2).toMatchObject({ connections: 1, requests: 2, firstExchanges: 1 });
    // The preface and SETTINGS are upkeep; the first stream's HEADERS are the first exchange, the second's after HPACK.
    expect(h2.controlBytes).toBeGreaterThanOrEqual(H2_PREFACE.length + 9 * 2);
    expect(h2.firstHeaderBytes).toBeGreaterThan(0);
    expect(h2.headerBytes).toBeGreaterThan(h2.firstHeaderBytes);
    expect(h2.bytesRead).toBe(h2Socket.bytesWritten);
    expect(h2.bytesWritten).toBe(h2Socket.bytesRead);

    expect(server.accounting.stats('unattributed')).toMatchObject({ openSockets: 0, errors: {} });
    expect(poll.errors).toEqual({});
    expect(h2.errors).toEqual({});
  });

  it('waits for an h2c preface that arrives in pieces before it decides', async () => {
    const server = await started({ http2: true });
    const socket = rawConnection(server);
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    // The first bytes match HTTP/1.1's "P…" methods too: only the whole preface says h2c.
    for (const piece of [H2_PREFACE.subarray(0, 1), H2_PREFACE.subarray(1, 10), H2_PREFACE.subarray(10)]) {
      await new Promise<void>((resolve) => socket.write(piece, () => resolve()));
      await new Promise((resolve) => setImmediate(resolve));
    }
    // An empty SETTINGS frame: the client's half of the connection's start.
    socket.write(Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]));
    await waitFor(() => Buffer.concat(received).length >= 9, "the server's first frame");
    const answer = Buffer.concat(received);
    // HTTP/2's SETTINGS frame on stream 0, not an HTTP/1.1 status line.
    expect(answer.subarray(0, 4).toString('latin1')).not.toBe('HTTP');
    expect(answer[3]).toBe(4);
    expect(answer.readUInt32BE(5)).toBe(0);
  });
});

describe('one TLS port: HTTPS and h2 by ALPN, and what a failed handshake leaves', () => {
  let certificate: RunCertificate;
  const withCertificate = async (): Promise<DemoServer> => {
    certificate ??= await runCertificate('127.0.0.1');
    return started({ certificate, http2: true });
  };

  it("answers an HTTPS GET from a client that trusts the run's certificate, and an h2 request by ALPN", async () => {
    const server = await withCertificate();
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const https = await httpsGet(server, '/health', { ca: certificate.cert });
    expect(https).toEqual({ status: 200, body: JSON.stringify({ ok: true, head: 0 }) });

    const session = h2Session(server.url, { ca: certificate.cert });
    const h2 = await h2Get(session, '/health');
    expect(session.alpnProtocol).toBe('h2');
    expect(h2).toEqual({ status: 200, body: JSON.stringify({ ok: true, head: 0 }) });
    session.close();
    await waitFor(() => server.accounting.stats('control').openSockets === 0, 'both connections to close');
    expect(server.accounting.stats('control')).toMatchObject({ connections: 2, requests: 2, errors: {} });
  });

  it('refuses a client that does not trust the certificate with a certificate error, counts the fault, and keeps serving', async () => {
    const server = await withCertificate();
    const refused = await httpsGet(server, '/health', {});
    // Node names a self-signed certificate it was not told to trust so.
    expect(refused).toEqual({ error: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    await waitFor(
      () => server.accounting.stats('unattributed').openSockets === 0,
      'the refused connection to close at the server',
    );
    const unattributed = server.accounting.stats('unattributed');
    // The connection carried no request: it stays unattributed, with its one fault.
    expect(faultCount(unattributed.errors)).toBe(1);
    expect(unattributed.bytesRead).toBeGreaterThan(0);
    expect(server.accounting.stats('control').requests).toBe(0);

    const after = await httpsGet(server, '/health', { ca: certificate.cert });
    expect(after).toEqual({ status: 200, body: JSON.stringify({ ok: true, head: 0 }) });
    expect(server.accounting.stats('control').requests).toBe(1);
  });

  it('drops a client that sends garbage instead of a ClientHello, counts the fault, and keeps serving', async () => {
    const server = await withCertificate();
    const socket = rawConnection(server);
    socket.on('error', () => {}); // the server may reset it
    socket.write('this is not a TLS ClientHello\r\n\r\n');
    await closed(socket, 'the server to drop the garbage sender');
    await waitFor(() => faultCount(server.accounting.stats('unattributed').errors) > 0, 'the fault to be counted');
    const unattributed = server.accounting.stats('unattributed');
    expect(faultCount(unattributed.errors)).toBe(1);
    expect(Object.keys(unattributed.errors)[0]).toMatch(/^ERR_SSL_/);
    expect(unattributed.bytesRead).toBe(socket.bytesWritten);

    const after = await httpsGet(server, '/health', { ca: certificate.cert });
    expect(after).toEqual({ status: 200, body: JSON.stringify({ ok: true, head: 0 }) });
  });
});
