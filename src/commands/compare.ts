import type { Command } from 'commander';
import { METRIC_NAMES } from '../checks/metrics.js';
import { runComparison } from '../run/compare.js';
import type { ComparisonResult } from '../shared/result-types.js';
import { TRANSPORTS } from '../shared/transports.js';
import {
  compareExtra,
  parseCompareOptions,
  withQuickPreset,
  type CompareExtra,
  type RawCompareOptions,
} from './compare-options.js';
import { withRestartRoom } from './restart-options.js';
import { deliver } from './deliver.js';
import type { CliIo, CommandContext } from './io.js';
import { APP_OPTION_KEYS, OUTPUT_OPTION_KEYS, addOptionGroups } from './option-sets.js';
import { parseOutputOptions, type RawOutputOptions } from './output-options.js';
import { EXIT_INTERRUPTED, listenForInterrupt } from './interrupt.js';
import { progressPrinter } from './progress-printer.js';

const COMPARE_EXAMPLES = `
Examples:
  $ poll-vs-push                                   the default comparison (about 22 s)
  $ poll-vs-push compare --clients 20 --rate 20 --duration 3s
  $ poll-vs-push compare --transports poll,ws --poll-interval 500ms
  $ poll-vs-push compare --json > result.json      the result as JSON (schema in the README)
  $ poll-vs-push compare --quick --format markdown >> "$GITHUB_STEP_SUMMARY"
  $ poll-vs-push compare --quick --output result.json --threshold 'ws.latency.p99<50ms' \\
      --threshold '*.events.lost==0' --baseline baseline.json
  $ poll-vs-push compare --publish 'POST http://127.0.0.1:3000/api/messages' \\
      --publish-body '{"text":"{{marker}}"}' --receive 'sse http://127.0.0.1:3000/api/stream' \\
      --receive 'poll http://127.0.0.1:3000/api/messages'     an app as it is, no protocol

Each transport runs in turn for --duration against the same schedule: events are
published for the duration less one poll interval (so every short poller's last poll
comes after the last event), then the phase ends and both sides' counts are read.

Thresholds: TRANSPORT.METRIC OP VALUE, TRANSPORT one of ${TRANSPORTS.join(', ')} or *,
OP one of < <= > >= == !=, VALUE with a unit where the metric has one (5ms, 1kb, 20%).
Metrics: ${METRIC_NAMES.join(', ')}.

Exit codes: 0 ok; 1 a threshold failed, a regression past its tolerance, or a transport
lost events or saw faults; 2 bad usage; 130 interrupted (the partial result is printed).`;

/** `compare`'s options as commander hands them over. */
export type CompareRaw = RawCompareOptions & RawOutputOptions & CompareExtra & { quick?: boolean };

/** `compare`: runs every transport against the demo server and delivers the result; returns the exit code. */
export async function compareAction(raw: CompareRaw, command: Command, io: CliIo): Promise<number> {
  const explicit = (key: keyof RawCompareOptions): boolean => command.getOptionValueSource(key) === 'cli';
  const preset = raw.quick ? withQuickPreset(raw, explicit) : raw;
  const options = parseCompareOptions(withRestartRoom(preset, raw.restartAt, explicit), compareExtra(raw));
  const output = parseOutputOptions(raw, options.transports);
  const progress = progressPrinter(io, output.quiet);
  if (options.startAtMs !== undefined && !output.quiet) {
    const who = options.runId !== undefined ? `machine ${options.machine} of run ${options.runId}` : 'the run';
    io.stderr.write(`poll-vs-push: ${who} starts its phases at ${new Date(options.startAtMs).toISOString()}\n`);
  }
  // Until the first phase starts (a target's preflight may take seconds), Ctrl-C quits at once.
  let measuring = false;
  const interrupt = listenForInterrupt(io, 'the clients and the server', progress.done, () => measuring);
  let result: ComparisonResult;
  try {
    result = await runComparison(
      options,
      {
        onProgress: (update, index, total) => {
          measuring = true;
          progress.update(update, index, total);
        },
        onWarning: (line) => io.stderr.write(`poll-vs-push: warning: ${line}\n`),
      },
      interrupt.signal,
    );
  } finally {
    interrupt.dispose();
    progress.done();
  }
  const code = deliver(result, output, io);
  // Ctrl-C's exit code wins: the run did not finish, whatever its figures say.
  return interrupt.signal.aborted ? EXIT_INTERRUPTED : code;
}

/** Registers `compare` (the default command) on `program`. */
export function registerCompare(program: Command, { io, setExit }: CommandContext): Command {
  const command = program
    .command('compare', { isDefault: true })
    .description('start the demo server, run clients of each transport against it, print the comparison');
  return addOptionGroups(command, [
    [
      'Run:',
      ['transports', 'clients', 'rate', 'duration', 'pollInterval', 'payload', 'longPollTimeout', 'quick', 'parallel'],
    ],
    ['Output and checks:', OUTPUT_OPTION_KEYS],
    [
      'Network and wire:',
      [
        'rtt',
        'jitter',
        'loss',
        'bandwidth',
        'network',
        'radio',
        'restartAt',
        'headers',
        'tls',
        'http2',
        'deflate',
        'host',
        'port',
        'seed',
        'processes',
      ],
    ],
    [
      'Your server (--target) or any app (--publish, --receive):',
      ['target', 'insecure', 'socketioEvent', ...APP_OPTION_KEYS],
    ],
    ['Several machines, one measurement:', ['runId', 'machine', 'startAt']],
  ])
    .addHelpText('after', COMPARE_EXAMPLES)
    .action(async (raw: CompareRaw, self: Command) => setExit(await compareAction(raw, self, io)));
}
