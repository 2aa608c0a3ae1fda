import { createRequire } from 'node:module';
import { Command, CommanderError, Option } from 'commander';
import { COMPARE_DEFAULTS, MAX_CLIENTS, parseCompareOptions, type RawCompareOptions } from './cli-options.js';
import { render } from './report/index.js';
import { renderProgress } from './report/progress.js';
import { runComparison } from './run/compare.js';
import { serveStandalone } from './run/serve.js';
import { ROUTES } from './server/demo-server.js';
import { PvpError, UsageError } from './shared/errors.js';
import type { ComparisonResult, PhaseProgress } from './shared/types.js';
import { checkDurationRange, parseDuration, parseInteger, parsePositiveNumber, parseSize } from './shared/units.js';

const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

const COMPARE_EXAMPLES = `
Examples:
  $ poll-vs-push                                   the default comparison (about 25 s)
  $ poll-vs-push compare --clients 20 --rate 20 --duration 3s
  $ poll-vs-push compare --transports poll,ws --poll-interval 500ms
  $ poll-vs-push compare --json > result.json      the result as JSON (schema in the README)

Each transport runs in turn for --duration against the same schedule: events are
published for the duration less one poll interval (so every short poller's last poll
comes after the last event), then the phase ends and both sides' counts are read.
Exit codes: 0 ok, 1 a transport lost events or saw errors, 2 bad usage.`;

const SERVE_EXAMPLES = `
Examples:
  $ poll-vs-push serve --port 8080 --rate 2
  $ curl -N http://127.0.0.1:8080/sse
  $ curl 'http://127.0.0.1:8080/poll?since=0'`;

/** Where the CLI writes; tests pass their own. Only this module writes to stdout. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

const defaultIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

function colorWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

/** Shows progress on stderr: one redrawn line on a terminal, a line per phase otherwise. */
function progressPrinter(io: CliIo): { update: (p: PhaseProgress, index: number, total: number) => void; done: () => void } {
  const live = Boolean(io.stderr.isTTY) && io.env.TERM !== 'dumb';
  let lastPhase = -1;
  let drawn = false;
  return {
    update: (progress, index, total) => {
      const line = renderProgress(progress, index, total);
      if (live) {
        io.stderr.write(`\r\u001b[2K${line}`);
        drawn = true;
      } else if (progress.stage === 'done') {
        io.stderr.write(`${line}\n`);
      } else if (index !== lastPhase && progress.stage === 'connecting') {
        // Logs get two lines a phase: when it starts and when it is done.
        lastPhase = index;
        io.stderr.write(`${line}\n`);
      }
    },
    done: () => {
      if (drawn) io.stderr.write('\r\u001b[2K');
    },
  };
}

/** Why a finished run should exit 1: a transport lost events or saw faults. */
function runProblems(result: ComparisonResult): string[] {
  return result.transports.flatMap((t) => {
    const faults = Object.values(t.errors).reduce((sum, count) => sum + count, 0);
    const problems: string[] = [];
    if (t.events.lost > 0) problems.push(`${t.transport} lost ${t.events.lost} of ${t.events.expected} deliveries`);
    if (faults > 0) problems.push(`${t.transport} saw ${faults} fault(s): ${Object.entries(t.errors).map(([code, n]) => `${code}×${n}`).join(', ')}`);
    return problems;
  });
}

async function compareAction(raw: RawCompareOptions & { json?: boolean }, io: CliIo): Promise<number> {
  const options = parseCompareOptions(raw);
  const progress = progressPrinter(io);
  let result: ComparisonResult;
  try {
    result = await runComparison(options, { onProgress: progress.update });
  } finally {
    progress.done();
  }
  io.stdout.write(render(result, raw.json ? 'json' : 'table', { color: colorWanted(io.stdout, io.env) }));
  const problems = runProblems(result);
  for (const problem of problems) io.stderr.write(`poll-vs-push: ${problem}\n`);
  return problems.length > 0 ? 1 : 0;
}

async function serveAction(raw: { host: string; port: string; rate: string; payload: string; longPollTimeout: string; seed: string }, io: CliIo): Promise<number> {
  const longPollTimeoutMs = checkDurationRange('--long-poll-timeout', raw.longPollTimeout, parseDuration('--long-poll-timeout', raw.longPollTimeout), 100, 3_600_000);
  const running = await serveStandalone({
    host: raw.host,
    port: parseInteger('--port', raw.port, 0, 65_535),
    ratePerSec: parsePositiveNumber('--rate', raw.rate, 10_000),
    payloadBytes: parseSize('--payload', raw.payload),
    defaultLongPollTimeoutMs: longPollTimeoutMs,
    seed: parseInteger('--seed', raw.seed, 0, 4_294_967_295),
  });
  io.stdout.write(`poll-vs-push demo server on ${running.server.url}, publishing ${raw.rate} events/s (Ctrl-C stops)\n`);
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

function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('poll-vs-push')
    .description('Measure how HTTP short polling, long polling, Server-Sent Events and WebSocket push differ: latency from publish to receipt, bytes on the wire, requests and delivery, with real sockets.')
    .version(pkg.version)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // One prefix for every usage error, commander's own included.
      outputError: (text, write) => write(text.replace(/^error: /, 'poll-vs-push: ')),
    });

  const d = COMPARE_DEFAULTS;
  program
    .command('compare', { isDefault: true })
    .description('start the demo server, run clients of each transport against it, print the comparison')
    .option('--transports <list>', 'comma list of poll, long-poll, sse, ws (or all); run in this order', d.transports)
    .option('--clients <n>', `simulated clients per transport (1 to ${MAX_CLIENTS})`, d.clients)
    .option('--rate <n>', 'events published per second', d.rate)
    .option('--duration <time>', 'length of each transport\'s phase, e.g. 500ms, 5s', d.duration)
    .option('--poll-interval <time>', 'short-poll interval', d.pollInterval)
    .option('--payload <size>', 'size of each event\'s data, e.g. 64, 1kb (1 kb = 1024 bytes)', d.payload)
    .option('--long-poll-timeout <time>', 'how long the server holds a long poll before answering empty', d.longPollTimeout)
    .option('--host <address>', 'address the demo server binds', d.host)
    .option('--port <n>', 'port the demo server binds (0 picks a free one)', d.port)
    .option('--seed <n>', 'seed for payloads and the pollers\' start phases', d.seed)
    .option('--json', 'print only the JSON result (progress still goes to stderr)')
    .addHelpText('after', COMPARE_EXAMPLES)
    .action(async (raw: RawCompareOptions & { json?: boolean }) => setExit(await compareAction(raw, io)));

  program
    .command('serve')
    .description('run the demo server alone and publish events until Ctrl-C')
    .option('--host <address>', 'address to bind', d.host)
    .option('--port <n>', 'port to bind (0 picks a free one)', d.port)
    .option('--rate <n>', 'events published per second', '1')
    .option('--payload <size>', 'size of each event\'s data', d.payload)
    .addOption(new Option('--long-poll-timeout <time>', 'hold for long polls that name no timeout').default(d.longPollTimeout))
    .option('--seed <n>', 'seed for payloads', d.seed)
    .addHelpText('after', SERVE_EXAMPLES)
    .action(async (raw) => setExit(await serveAction(raw, io)));

  return program;
}

/** Runs the CLI with `argv` (as process.argv) and returns the exit code; never throws. */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its one-line message (or the help / version).
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError || (error instanceof PvpError && error.code === 'PVP_ERR_PORT_IN_USE')) {
      io.stderr.write(`poll-vs-push: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`poll-vs-push: ${message}\n`);
    if (io.env.DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return 1;
  }
}
