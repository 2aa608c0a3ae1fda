import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { Command } from 'commander';
import { serveRestarting, serveStandalone } from '../run/serve.js';
import { ROUTES } from '../server/demo-server.js';
import { exposureOf } from '../shared/exposure.js';
import type { CliIo, CommandContext } from './io.js';
import { addOptions } from './option-sets.js';
import { formatDurationMs } from '../shared/units.js';
import {
  SERVE_DEFAULTS,
  SERVE_OPTION_KEYS,
  parseServeOptions,
  type RawServeOptions,
  type ServeOptions,
} from './serve-options.js';

const SERVE_EXAMPLES = `
Examples:
  $ poll-vs-push serve --port 8080 --rate 2
  $ curl -N http://127.0.0.1:8080/sse
  $ curl 'http://127.0.0.1:8080/poll?since=0'
  $ poll-vs-push serve --rate 0                    publish only on POST /publish
  $ poll-vs-push serve --host 0.0.0.0 --port 8080  for a class: prints a token that POST /publish needs
  $ poll-vs-push serve --tls --http2               HTTPS and h2 with a certificate made for the run
  $ curl -k --http2 https://127.0.0.1:PORT/poll?since=0
  $ poll-vs-push serve --port 8080 --restart-at 20s  a deploy 20 s in: measure it with compare --target

The server keeps a window of the newest events (--log-window, --log-window-bytes); a reader
asking for older ones gets the oldest held and the header pvp-oldest-seq. A subscriber that
leaves 8 MB unread is dropped (SLOW_CONSUMER in /stats).`;

/**
 * The machine's addresses others on its networks can reach, for a server bound to `host` (all of them for 0.0.0.0 or
 * ::).
 */
function lanAddresses(host: string): string[] {
  const wildcard = host === '0.0.0.0' || host === '::';
  return Object.values(networkInterfaces())
    .flat()
    .filter(
      (a): a is NetworkInterfaceInfo =>
        a !== undefined && !a.internal && (wildcard ? a.family === 'IPv4' : a.address === host),
    )
    .map((a) => a.address);
}

/** Resolves at SIGINT or SIGTERM, or when `gone` does first. */
function untilStopped(gone: Promise<unknown> = new Promise(() => {})): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    void gone.then(stop);
  });
}

/**
 * `serve --restart-at`: the demo server in a process of its own, killed and started again once, as a deploy does;
 * clients measured against it (`compare --target`) show how they came back. Returns the exit code.
 */
async function serveRestartingAction(options: ServeOptions, restartAtMs: number, io: CliIo): Promise<number> {
  const exposure = exposureOf(options.host, options.token);
  let failed = false;
  let gone: () => void = () => {};
  const ended = new Promise<void>((resolve) => (gone = resolve));
  const running = await serveRestarting(
    {
      host: options.host,
      port: options.port,
      defaultLongPollTimeoutMs: options.defaultLongPollTimeoutMs,
      payloadBytes: options.payloadBytes,
      logWindow: options.logWindow,
      ...(options.http2 ? { http2: true } : {}),
      ...(exposure.token !== undefined ? { publishToken: exposure.token } : {}),
      ratePerSec: options.ratePerSec,
      seed: options.seed,
      restartAtMs,
    },
    (t) =>
      io.stdout.write(
        `restarted: the server process was killed (SIGKILL) ${formatDurationMs(restartAtMs)} in and listened again ` +
          `on the same port ${formatDurationMs(Math.round(Number(t.listeningAtNs - t.killedAtNs) / 1e6))} later, ` +
          `serving the ${t.handedOver} events of its log\n`,
      ),
    (reason) => {
      failed = true;
      io.stderr.write(`poll-vs-push: ${reason.message}\n`);
      gone();
    },
  );
  if (exposure.warning) io.stderr.write(`poll-vs-push: warning: ${exposure.warning}\n`);
  const publishing =
    options.ratePerSec > 0 ? `publishing ${options.ratePerSec} events/s` : 'publishing only on POST /publish';
  io.stdout.write(`poll-vs-push demo server on ${running.url}, ${publishing} (Ctrl-C stops)\n`);
  io.stdout.write(
    `  restarts once, ${formatDurationMs(restartAtMs)} from now: its process killed and started again on the same ` +
      `port with its event log (the rate stays as given; POST /rate has no publisher to steer)\n`,
  );
  if (exposure.token !== undefined) io.stdout.write(`  publish token: ${exposure.token}\n`);
  for (const route of ROUTES) io.stdout.write(`  ${route}\n`);
  await untilStopped(ended);
  if (failed) return 1;
  const head = await running.head().catch(() => undefined);
  await running.stop();
  io.stdout.write(`stopped${head === undefined ? '' : ` after publishing ${head} events`}\n`);
  return 0;
}

/** `serve`: runs the demo server alone until SIGINT or SIGTERM; returns the exit code. */
export async function serveAction(raw: RawServeOptions, io: CliIo): Promise<number> {
  const options = parseServeOptions(raw);
  if (options.restartAtMs !== undefined) return serveRestartingAction(options, options.restartAtMs, io);
  const exposure = exposureOf(options.host, options.token);
  const running = await serveStandalone({
    ...options,
    ...(exposure.token !== undefined ? { publishToken: exposure.token } : {}),
  });
  if (exposure.warning) io.stderr.write(`poll-vs-push: warning: ${exposure.warning}\n`);
  const publishing = options.ratePerSec > 0 ? `publishing ${raw.rate} events/s` : 'publishing only on POST /publish';
  io.stdout.write(`poll-vs-push demo server on ${running.server.url}, ${publishing} (Ctrl-C stops)\n`);
  io.stdout.write(`  the classroom page: ${running.server.url}/\n`);
  if (running.certificate) {
    io.stdout.write(
      `  TLS: a certificate made for this run (self-signed, held in memory), SHA-256 ` +
        `${running.certificate.fingerprint256}\n`,
    );
    io.stdout.write(
      `    a browser warns once; curl needs -k; poll-vs-push compare --target ${running.server.url} --insecure\n`,
    );
  }
  if (options.http2)
    io.stdout.write(
      `  HTTP/2: ${running.certificate ? 'h2 by ALPN' : 'h2c by prior knowledge (curl --http2-prior-knowledge)'} ` +
        `beside HTTP/1.1; WebSocket keeps its HTTP/1.1 upgrade\n`,
    );
  // On every address, the ones students on the same network can open.
  for (const address of exposure.warning ? lanAddresses(running.server.host) : []) {
    const host = address.includes(':') ? `[${address}]` : address;
    io.stdout.write(`  students open: ${running.certificate ? 'https' : 'http'}://${host}:${running.server.port}/\n`);
  }
  if (exposure.token !== undefined)
    io.stdout.write(
      `  publish token: ${exposure.token}  (POST /publish with 'Authorization: Bearer <token>'; the page's teacher ` +
        `controls ask for it)\n`,
    );
  for (const route of ROUTES) io.stdout.write(`  ${route}\n`);
  await untilStopped();
  await running.stop();
  io.stdout.write(`stopped after publishing ${running.server.log.head} events\n`);
  return 0;
}

/** Registers `serve` on `program`. */
export function registerServe(program: Command, { io, setExit }: CommandContext): Command {
  const command = program.command('serve').description('run the demo server alone and publish events until Ctrl-C');
  return addOptions(command, SERVE_OPTION_KEYS, SERVE_DEFAULTS)
    .addHelpText('after', SERVE_EXAMPLES)
    .action(async (raw: RawServeOptions) => setExit(await serveAction(raw, io)));
}
