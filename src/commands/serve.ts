import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { Command } from 'commander';
import { serveStandalone } from '../run/serve.js';
import { ROUTES } from '../server/demo-server.js';
import { exposureOf } from '../shared/exposure.js';
import type { CliIo, CommandContext } from './io.js';
import { addOptions } from './option-sets.js';
import { SERVE_DEFAULTS, SERVE_OPTION_KEYS, parseServeOptions, type RawServeOptions } from './serve-options.js';

const SERVE_EXAMPLES = `
Examples:
  $ poll-vs-push serve --port 8080 --rate 2
  $ curl -N http://127.0.0.1:8080/sse
  $ curl 'http://127.0.0.1:8080/poll?since=0'
  $ poll-vs-push serve --rate 0                    publish only on POST /publish
  $ poll-vs-push serve --host 0.0.0.0 --port 8080  for a class: prints a token that POST /publish needs
  $ poll-vs-push serve --tls --http2               HTTPS and h2 with a certificate made for the run
  $ curl -k --http2 https://127.0.0.1:PORT/poll?since=0

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

/** `serve`: runs the demo server alone until SIGINT or SIGTERM; returns the exit code. */
export async function serveAction(raw: RawServeOptions, io: CliIo): Promise<number> {
  const options = parseServeOptions(raw);
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
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
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
