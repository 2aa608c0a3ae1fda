import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonResult, TransportResult } from '../../src/shared/result-types.js';
import { run } from '../blackbox/cli-runner.js';
import { stopChild, waitFor } from '../helpers.js';

// Debian's python3, where apt-get installs python3-websockets, python3-fastapi… (.ci/run does).
const PYTHON = process.env.PVP_PYTHON ?? '/usr/bin/python3';
const example = (name: string): string => fileURLToPath(new URL(`../../examples/python/${name}`, import.meta.url));

interface Peer {
  child: ChildProcess;
  port: number;
}

/** Starts one of the article's Python servers on a free port and waits for its `ready <port>` line. */
async function startPeer(script: string, extra: string[] = []): Promise<Peer> {
  const child = spawn(PYTHON, [example(script), '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  await waitFor(() => /ready \d+/.test(out) || child.exitCode !== null, `${script} to listen`);
  const port = Number(/ready (\d+)/.exec(out)?.[1]);
  if (!port) throw new Error(`${script} did not start: ${err.trim().split('\n').at(-1)}`);
  return { child, port };
}

/** Runs the built CLI against a target and returns its JSON result (exit 0 required). */
async function measure(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ComparisonResult> {
  const outcome = await run(['compare', ...args, '--json'], env);
  if (outcome.code !== 0) throw new Error(`compare ${args.join(' ')} exited ${outcome.code}: ${outcome.stderr.trim()}`);
  return JSON.parse(outcome.stdout) as ComparisonResult;
}

/** Every event delivered to every receiver, no fault, and bytes counted at the tool's sockets (the server's: not available). */
function expectComplete(t: TransportResult): void {
  expect(t.errors).toEqual({});
  expect(t.events.published).toBeGreaterThan(0);
  expect(t.events.delivered).toBe(t.events.expected);
  expect(t.events.lost).toBe(0);
  // Uncompressed, the wire carries the JSON and more; deflated, it may carry less than the JSON.
  expect(t.bytes.clientReceived).toBeGreaterThan(0);
  expect(t.bytes.serverSent).toBeNull();
  expect(t.server).toBeNull();
  expect(t.publisher?.requests).toBe(t.events.published);
}

const small = ['--clients', '20', '--rate', '10', '--duration', '3s'];

describe('the websockets broadcast chat', () => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await startPeer('websockets_chat.py');
  });
  afterAll(async () => {
    if (peer) await stopChild(peer.child);
  });

  it('delivers every event to every receiver, and costs fewer bytes per event with --deflate', async () => {
    const plain = (await measure(['--target', `ws://127.0.0.1:${peer.port}`, '--transports', 'ws', ...small]))
      .transports[0]!;
    const deflated = (
      await measure(['--target', `ws://127.0.0.1:${peer.port}`, '--transports', 'ws', '--deflate', ...small])
    ).transports[0]!;
    expectComplete(plain);
    expectComplete(deflated);
    expect(plain.bytes.clientReceived).toBeGreaterThan(plain.bytes.payload);
    expect(deflated.bytes.perEvent!).toBeLessThan(plain.bytes.perEvent!);
  });
});

describe('the FastAPI app', () => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await startPeer('fastapi_app.py');
  });
  afterAll(async () => {
    if (peer) await stopChild(peer.child);
  });

  it('is measured on all four transports through docs/protocol.md', async () => {
    const result = await measure(['--target', `http://127.0.0.1:${peer.port}`, ...small, '--poll-interval', '500ms']);
    expect(result.transports.map((t) => t.transport)).toEqual(['poll', 'long-poll', 'sse', 'ws']);
    for (const t of result.transports) {
      expectComplete(t);
      expect(t.bytes.clientReceived).toBeGreaterThan(t.bytes.payload);
    }
    expect(result.options.target).toEqual({ url: `http://127.0.0.1:${peer.port}`, kind: 'protocol' });
  });

  it('is refused in one line with --http2: uvicorn speaks no HTTP/2 in cleartext', async () => {
    const outcome = await run(['compare', '--target', `http://127.0.0.1:${peer.port}`, '--http2', ...small]);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(outcome.stderr).toContain('--http2: ');
    expect(outcome.stderr).toContain('does not answer HTTP/2 in cleartext');
  });

  it("delivers through the article's broadcast WebSocket, with and without --deflate", async () => {
    const target = ['--target', `ws://127.0.0.1:${peer.port}/ws/chat`, '--transports', 'ws', ...small];
    const plain = (await measure(target)).transports[0]!;
    const deflated = (await measure([...target, '--deflate'])).transports[0]!;
    expectComplete(plain);
    expectComplete(deflated);
    expect(deflated.bytes.perEvent!).toBeLessThan(plain.bytes.perEvent!);
  });
});

describe('the python-socketio broadcast server', () => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await startPeer('socketio_server.py');
  });
  afterAll(async () => {
    if (peer) await stopChild(peer.child);
  });

  it("delivers every event, and shows the Engine.IO handshake's polling requests before the upgrade", async () => {
    const [socketio] = (
      await measure(['--target', `http://127.0.0.1:${peer.port}`, '--transports', 'socketio', ...small])
    ).transports;
    expectComplete(socketio!);
    // Each client polls (the handshake, the namespace connect) before it upgrades once to WebSocket.
    expect(socketio!.requests.http).toBeGreaterThanOrEqual(2 * 20);
    expect(socketio!.requests.handshakes).toBe(20);
  });
});

/**
 * A certificate as a real site has one: a server certificate for localhost signed by a CA, the
 * CA trusted the way an operator adds one (NODE_EXTRA_CA_CERTS), so the tool verifies the chain
 * and the name with no --insecure.
 */
async function signedCertificate(folder: string): Promise<{ ca: string; cert: string; key: string }> {
  const now = Date.now();
  const ca = await generate([{ name: 'commonName', value: 'poll-vs-push test CA' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 3_600_000),
    notAfterDate: new Date(now + 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const leaf = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 3_600_000),
    notAfterDate: new Date(now + 86_400_000),
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const files = { ca: join(folder, 'ca.pem'), cert: join(folder, 'cert.pem'), key: join(folder, 'key.pem') };
  writeFileSync(files.ca, ca.cert);
  writeFileSync(files.cert, leaf.cert);
  writeFileSync(files.key, leaf.private);
  return files;
}

describe("the article's Python servers over TLS, with a certificate signed by a trusted CA", () => {
  const folder = mkdtempSync(join(tmpdir(), 'pvp-peers-tls-'));
  let files: { ca: string; cert: string; key: string };
  const peers: Peer[] = [];
  beforeAll(async () => {
    files = await signedCertificate(folder);
  });
  afterAll(async () => {
    await Promise.all(peers.map((peer) => stopChild(peer.child)));
    rmSync(folder, { recursive: true, force: true });
  });

  it("measures FastAPI over https:// on all four transports, the chain and the name checked, TLS's share counted", async () => {
    const peer = await startPeer('fastapi_app.py', ['--certfile', files.cert, '--keyfile', files.key]);
    peers.push(peer);
    const target = `https://localhost:${peer.port}`;
    // Not trusted yet: one line, naming --insecure.
    const refused = await run(['compare', '--target', target, ...small]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('add --insecure');
    const result = await measure(['--target', target, ...small, '--poll-interval', '500ms'], {
      NODE_EXTRA_CA_CERTS: files.ca,
    });
    for (const t of result.transports) {
      expectComplete(t);
      expect(t.wire!.tls!.cipher).toMatch(/^TLSv1\.[23] /);
      expect(t.wire!.tls!.connections).toBe(t.requests.connections);
      expect(t.wire!.tls!.handshakePerConnection).toBeGreaterThan(0);
      expect(t.wire!.tls!.plaintext).toBeLessThan(t.bytes.clientSent + t.bytes.clientReceived);
    }
  });

  it('measures the websockets chat over wss://', async () => {
    const peer = await startPeer('websockets_chat.py', ['--certfile', files.cert, '--keyfile', files.key]);
    peers.push(peer);
    const [ws] = (
      await measure(['--target', `wss://localhost:${peer.port}`, '--transports', 'ws', ...small], {
        NODE_EXTRA_CA_CERTS: files.ca,
      })
    ).transports;
    expectComplete(ws!);
    expect(ws!.wire!.protocols).toEqual({ 'http/1.1': ws!.requests.connections });
    expect(ws!.wire!.tls!.connections).toBe(20);
  });
});
