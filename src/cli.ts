import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { failureLines, parseOutputOptions, runChecks, type OutputOptions, type RawOutputOptions } from './cli-checks.js';
import { COMPARE_DEFAULTS, MAX_CLIENTS, parseCompareOptions, parseServeOptions, withQuickPreset, type RawCompareOptions, type RawServeOptions } from './cli-options.js';
import { METRIC_NAMES } from './checks/metrics.js';
import { NOMINAL_HEADER_BYTES, explainModel } from './model/index.js';
import { renderExplain } from './report/explain.js';
import { planPhase } from './run/schedule.js';
import { render, REPORT_FORMATS } from './report/index.js';
import { renderProgress } from './report/progress.js';
import { runComparison } from './run/compare.js';
import { loadResultFile } from './run/result-file.js';
import { serveStandalone } from './run/serve.js';
import { ROUTES } from './server/demo-server.js';
import { DEFAULT_LOG_WINDOW } from './server/event-log.js';
import { exposureOf } from './shared/exposure.js';
import { PvpError, UsageError } from './shared/errors.js';
import { TRANSPORTS, type Checks, type ComparisonResult, type ModelParams, type PhaseProgress } from './shared/types.js';
import { formatSize } from './shared/units.js';

const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT). */
const EXIT_INTERRUPTED = 130;

const COMPARE_EXAMPLES = `
Examples:
  $ poll-vs-push                                   the default comparison (about 22 s)
  $ poll-vs-push compare --clients 20 --rate 20 --duration 3s
  $ poll-vs-push compare --transports poll,ws --poll-interval 500ms
  $ poll-vs-push compare --json > result.json      the result as JSON (schema in the README)
  $ poll-vs-push compare --quick --format markdown >> "$GITHUB_STEP_SUMMARY"
  $ poll-vs-push compare --quick --output result.json --threshold 'ws.latency.p99<50ms' \\
      --threshold '*.events.lost==0' --baseline baseline.json

Each transport runs in turn for --duration against the same schedule: events are
published for the duration less one poll interval (so every short poller's last poll
comes after the last event), then the phase ends and both sides' counts are read.

Thresholds: TRANSPORT.METRIC OP VALUE, TRANSPORT one of ${TRANSPORTS.join(', ')} or *,
OP one of < <= > >= == !=, VALUE with a unit where the metric has one (5ms, 1kb, 20%).
Metrics: ${METRIC_NAMES.join(', ')}.

Exit codes: 0 ok; 1 a threshold failed, a regression past its tolerance, or a transport
lost events or saw faults; 2 bad usage; 130 interrupted (the partial result is printed).`;

const REPORT_EXAMPLES = `
Examples:
  $ poll-vs-push report result.json                        the tables again
  $ poll-vs-push report result.json --format markdown      for a job summary
  $ poll-vs-push report result.json --baseline baseline.json --max-regression 10`;

const SERVE_EXAMPLES = `
Examples:
  $ poll-vs-push serve --port 8080 --rate 2
  $ curl -N http://127.0.0.1:8080/sse
  $ curl 'http://127.0.0.1:8080/poll?since=0'
  $ poll-vs-push serve --rate 0                    publish only on POST /publish
  $ poll-vs-push serve --host 0.0.0.0 --port 8080  for a class: prints a token that POST /publish needs

The server keeps a window of the newest events (--log-window, --log-window-bytes); a reader
asking for older ones gets the oldest held and the header pvp-oldest-seq. A subscriber that
leaves 8 MB unread is dropped (SLOW_CONSUMER in /stats).`;

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

/** Shows progress on stderr: one redrawn line on a terminal, two lines a phase otherwise. */
function progressPrinter(io: CliIo, quiet: boolean): { update: (p: PhaseProgress, index: number, total: number) => void; done: () => void } {
  const live = Boolean(io.stderr.isTTY) && io.env.TERM !== 'dumb';
  let lastPhase = -1;
  let drawn = false;
  return {
    update: (progress, index, total) => {
      if (quiet) return;
      const line = renderProgress(progress, index, total);
      if (live) {
        io.stderr.write(`\r\u001b[2K${line}`);
        drawn = true;
      } else if (progress.stage === 'done') {
        io.stderr.write(`${line}\n`);
      } else if (index !== lastPhase && progress.stage === 'connecting') {
        lastPhase = index;
        io.stderr.write(`${line}\n`);
      }
    },
    done: () => {
      if (drawn) io.stderr.write('\r\u001b[2K');
    },
  };
}

/** Writes the result where the options say, prints why it fails, and returns the exit code. */
function deliver(result: ComparisonResult, output: OutputOptions, io: CliIo, savedChecks?: Checks): number {
  const checks = runChecks(result, output) ?? savedChecks;
  const withChecks: ComparisonResult = checks ? { ...result, checks } : result;
  if (output.output !== undefined) {
    writeFileSync(output.output, render(withChecks, output.format, { color: false }));
  }
  if (!output.quiet) {
    // With --output the file gets the chosen format and the terminal still gets the tables.
    const format = output.output !== undefined ? 'table' : output.format;
    io.stdout.write(render(withChecks, format, { color: format === 'table' && colorWanted(io.stdout, io.env) }));
  }
  const failures = failureLines(withChecks);
  for (const line of failures) io.stderr.write(`poll-vs-push: ${line}\n`);
  return failures.length > 0 ? 1 : 0;
}

type CompareRaw = RawCompareOptions & RawOutputOptions & { quick?: boolean };

async function compareAction(raw: CompareRaw, command: Command, io: CliIo): Promise<number> {
  const explicit = (key: keyof RawCompareOptions): boolean => command.getOptionValueSource(key) === 'cli';
  const options = parseCompareOptions(raw.quick ? withQuickPreset(raw, explicit) : raw);
  const output = parseOutputOptions(raw, options.transports);
  const progress = progressPrinter(io, output.quiet);
  const interrupt = new AbortController();
  const onSigint = (): void => {
    if (interrupt.signal.aborted) process.exit(EXIT_INTERRUPTED);
    progress.done();
    io.stderr.write('poll-vs-push: interrupted; stopping the clients and the server (Ctrl-C again to quit at once)\n');
    interrupt.abort();
  };
  process.on('SIGINT', onSigint);
  let result: ComparisonResult;
  try {
    result = await runComparison(
      options,
      { onProgress: progress.update, onWarning: (line) => io.stderr.write(`poll-vs-push: warning: ${line}\n`) },
      interrupt.signal,
    );
  } finally {
    process.off('SIGINT', onSigint);
    progress.done();
  }
  const code = deliver(result, output, io);
  // Ctrl-C's exit code wins: the run did not finish, whatever its figures say.
  return interrupt.signal.aborted ? EXIT_INTERRUPTED : code;
}

/** `explain`: the chart and the model's predictions for the given parameters; nothing runs. */
function explainAction(raw: RawCompareOptions, io: CliIo): number {
  if (raw.headers !== 'minimal' && raw.headers !== 'browser') {
    throw new UsageError(`--headers: '${raw.headers}' is not accepted by explain; use minimal or browser (a header file is weighed by a run)`);
  }
  const options = parseCompareOptions(raw);
  const plan = planPhase(options);
  // p: the JSON of one event of this payload, as the server encodes it (a mid-phase seq, a 16-digit stamp).
  const eventBytes = Buffer.byteLength(JSON.stringify({ seq: Math.max(1, Math.ceil(plan.count / 2)), t: '1234567890123456', data: 'x'.repeat(options.payloadBytes) }));
  const params: ModelParams = {
    pollIntervalMs: options.pollIntervalMs,
    rttMs: options.rttMs,
    ratePerSec: options.ratePerSec,
    headerBytesPerPair: NOMINAL_HEADER_BYTES[raw.headers],
    eventBytes,
    longPollTimeoutMs: options.longPollTimeoutMs,
    durationMs: options.durationMs,
    eventsPerPhase: plan.count,
  };
  io.stdout.write(renderExplain(explainModel(params, raw.headers), { color: colorWanted(io.stdout, io.env) }));
  return 0;
}

function reportAction(file: string, raw: RawOutputOptions, io: CliIo): number {
  const saved = loadResultFile(file, 'report');
  const output = parseOutputOptions(raw, saved.transports.map((t) => t.transport));
  // Checks asked for now replace the saved ones; without any, the saved ones are shown again.
  const asked = output.thresholds.length > 0 || output.baseline !== undefined;
  const { checks, ...plain } = saved;
  return deliver(plain, output, io, asked ? undefined : checks);
}

async function serveAction(raw: RawServeOptions, io: CliIo): Promise<number> {
  const options = parseServeOptions(raw);
  const exposure = exposureOf(options.host, options.token);
  const running = await serveStandalone({
    ...options,
    ...(exposure.token !== undefined ? { publishToken: exposure.token } : {}),
  });
  if (exposure.warning) io.stderr.write(`poll-vs-push: warning: ${exposure.warning}\n`);
  const publishing = options.ratePerSec > 0 ? `publishing ${raw.rate} events/s` : 'publishing only on POST /publish';
  io.stdout.write(`poll-vs-push demo server on ${running.server.url}, ${publishing} (Ctrl-C stops)\n`);
  if (exposure.token !== undefined) io.stdout.write(`  publish token: ${exposure.token}  (POST /publish with 'Authorization: Bearer <token>')\n`);
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

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Every run parameter's flag and help, once; `compare`, `explain` and `serve` take the ones they use. */
const RUN_OPTIONS: Record<keyof RawCompareOptions, [flags: string, description: string]> = {
  transports: ['--transports <list>', 'comma list of poll, long-poll, sse, ws (or all); run in this order'],
  clients: ['--clients <n>', `simulated clients per transport (1 to ${MAX_CLIENTS}, within the open-file limit)`],
  rate: ['--rate <n>', 'events published per second (λ)'],
  duration: ['--duration <time>', "length of each transport's phase, e.g. 500ms, 5s"],
  pollInterval: ['--poll-interval <time>', 'short-poll interval (T)'],
  payload: ['--payload <size>', "size of each event's data, e.g. 64, 1kb (1 kb = 1024 bytes)"],
  longPollTimeout: ['--long-poll-timeout <time>', 'how long the server holds a long poll before answering empty'],
  host: ['--host <address>', 'address the demo server binds'],
  port: ['--port <n>', 'port the demo server binds (0 picks a free one)'],
  seed: ['--seed <n>', "seed for payloads and the pollers' start phases"],
  rtt: ['--rtt <time>', 'round trip to simulate: a relay holds every chunk RTT/2 each way (0ms: bare loopback)'],
  jitter: ['--jitter <time>', 'spread of the relay delay, up to --rtt'],
  headers: [
    '--headers <profile>',
    "header weight: minimal (undici's own), browser (a browser's request headers and a production app's response headers, " +
      "about 900 B per poll; explain uses the whitepaper's 871 B) or FILE of 'Name: value' lines",
  ],
};

/** Adds the named run parameters to `command`, with their defaults. */
function addRunOptions(command: Command, keys: Array<keyof RawCompareOptions>, defaults: RawCompareOptions = COMPARE_DEFAULTS): Command {
  for (const key of keys) command.option(RUN_OPTIONS[key][0], RUN_OPTIONS[key][1], defaults[key]);
  return command;
}

/** Adds the output and check options that `compare` and `report` share. */
function withOutputOptions(command: Command): Command {
  return command
    .option('--format <format>', `output format: ${REPORT_FORMATS.join(', ')} (default: table, or from --output's extension)`)
    .option('--json', 'shortcut for --format json')
    .option('--output <file>', 'also write the document to FILE (the tables still go to the terminal)')
    .option('--quiet', 'print nothing on stdout and no progress (with --output, only the file is written)')
    .option('--threshold <expr>', "fail (exit 1) unless the figure holds, e.g. 'ws.latency.p99<5ms'; repeatable", collect)
    .option('--baseline <file>', 'compare with a result saved with --format json; regressions exit 1')
    .option('--max-regression <pct>', 'tolerated worsening against the baseline, in percent, for every metric (default: 5% for bytes and requests per event, 100% and 5 ms for latency, none for losses and faults)');
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

  program.addHelpText('after', `
Examples:
  $ poll-vs-push                     run the default comparison (same as: poll-vs-push compare)
  $ poll-vs-push compare --help      every option of a run, with examples
  $ poll-vs-push report result.json --format markdown
  $ poll-vs-push serve --port 8080`);

  const d = COMPARE_DEFAULTS;
  const compare = addRunOptions(
    program
      .command('compare', { isDefault: true })
      .description('start the demo server, run clients of each transport against it, print the comparison'),
    Object.keys(RUN_OPTIONS) as Array<keyof RawCompareOptions>,
  )
    .option('--quick', 'CI preset: 10 clients, 10 events/s, 2s phases, 500ms polls (about 10 s); explicit options win');
  withOutputOptions(compare)
    .addHelpText('after', COMPARE_EXAMPLES)
    .action(async (raw: CompareRaw, command: Command) => setExit(await compareAction(raw, command, io)));

  withOutputOptions(
    program
      .command('report')
      .description('render a saved JSON result again, or compare it with a baseline, without running anything')
      .argument('<file>', 'a result saved with --format json'),
  )
    .addHelpText('after', REPORT_EXAMPLES)
    .action((file: string, raw: RawOutputOptions) => setExit(reportAction(file, raw, io)));

  addRunOptions(
    program
      .command('explain')
      .description('print the chart and what the model predicts for these parameters, without running anything'),
    ['pollInterval', 'rtt', 'rate', 'headers', 'payload', 'longPollTimeout', 'duration'],
  )
    .addHelpText('after', `
Examples:
  $ poll-vs-push explain                                  the default run's parameters
  $ poll-vs-push explain --rtt 100ms --headers browser    a browser 50 ms away
  $ poll-vs-push explain --rate 1 --poll-interval 1s --headers browser`)
    .action((raw: Partial<RawCompareOptions>) => setExit(explainAction({ ...d, ...raw }, io)));

  addRunOptions(
    program.command('serve').description('run the demo server alone and publish events until Ctrl-C'),
    ['host', 'port', 'rate', 'payload', 'longPollTimeout', 'seed'],
    { ...d, rate: '1' },
  )
    .option('--log-window <n>', 'events the server keeps for readers that fall behind or resume', String(DEFAULT_LOG_WINDOW.maxEvents))
    .option('--log-window-bytes <size>', "bytes of event JSON the server keeps (the newest event is always kept)", formatSize(DEFAULT_LOG_WINDOW.maxBytes))
    .option('--token <token>', 'the token POST /publish needs (Authorization: Bearer TOKEN); made up and printed when --host is not loopback')
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
    if (error instanceof UsageError || (error instanceof PvpError && (error.code === 'PVP_ERR_PORT_IN_USE' || error.code === 'PVP_ERR_BAD_HOST'))) {
      io.stderr.write(`poll-vs-push: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`poll-vs-push: ${message}\n`);
    if (io.env.DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return 1;
  }
}
