import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { renderSweep, SWEEP_FORMATS } from '../report/sweep.js';
import { runSweep } from '../run/sweep.js';
import { SWEEP_PARAMS, type SweepParam, type SweepResult } from '../shared/sweep-types.js';
import { UsageError } from '../shared/errors.js';
import { parseDuration, parsePositiveNumber, parseSize } from '../shared/units.js';
import { compareExtra, parseCompareOptions, withQuickPreset, type RawCompareOptions } from './compare-options.js';
import { withRestartRoom } from './restart-options.js';
import { colorWanted, type CliIo, type CommandContext } from './io.js';
import { EXIT_INTERRUPTED, listenForInterrupt } from './interrupt.js';
import {
  APP_OPTION_KEYS,
  RUN_OPTION_KEYS,
  WIRE_OPTION_KEYS,
  addOptions,
  documentOptions,
  type RawWireOptions,
} from './option-sets.js';
import type { RawAppOptions } from './app-options.js';
import { formatOption } from './options.js';
import { parseDocumentOptions, type RawDocumentOptions } from './output-options.js';
import { progressPrinter } from './progress-printer.js';

const PARAMS = Object.keys(SWEEP_PARAMS) as SweepParam[];
/** Most points a sweep runs: each is a whole comparison. */
const MAX_POINTS = 20;
/** The shared `--format`, naming a sweep's formats (no markdown: a sweep's figures are curves). */
const SWEEP_FORMAT = formatOption(SWEEP_FORMATS, 'a sweep format');

/** Each parameter's value as the option reads it back (a number in the param's unit → the option's text). */
const AS_OPTION: Record<SweepParam, (value: number) => string> = {
  rate: (v) => String(v),
  'poll-interval': (v) => `${v}ms`,
  clients: (v) => String(Math.round(v)),
  rtt: (v) => `${v}ms`,
  payload: (v) => String(Math.round(v)),
};
/** Each parameter's value from the text a user gives, in the param's unit. */
const FROM_TEXT: Record<SweepParam, (text: string) => number> = {
  rate: (t) => parsePositiveNumber('--vary', t, 10_000),
  'poll-interval': (t) => parseDuration('--vary', t),
  clients: (t) => parsePositiveNumber('--vary', t, 100_000),
  rtt: (t) => parseDuration('--vary', t),
  payload: (t) => parseSize('--vary', t),
};
/** Which raw option each parameter sets. */
const OPTION_OF: Record<SweepParam, keyof RawCompareOptions> = {
  rate: 'rate',
  'poll-interval': 'pollInterval',
  clients: 'clients',
  rtt: 'rtt',
  payload: 'payload',
};

/** `--vary PARAM=v1,v2,…` or `PARAM=LOW..HIGHxN` (N values, log-spaced): the parameter and its values, ascending. */
export function parseVary(text: string): { param: SweepParam; values: number[] } {
  const accepted = `use --vary PARAM=v1,v2,… or PARAM=LOW..HIGHxN, PARAM one of ${PARAMS.join(', ')}`;
  const match = /^\s*([a-z-]+)\s*=\s*(.+)$/.exec(text);
  const param = match?.[1] as SweepParam | undefined;
  if (!match || !param || !PARAMS.includes(param))
    throw new UsageError(`--vary: '${text}' is not accepted; ${accepted}`);
  const range = /^(.+)\.\.(.+)x(\d+)$/.exec(match[2]!.trim());
  let values: number[];
  if (range) {
    const [low, high, n] = [FROM_TEXT[param](range[1]!), FROM_TEXT[param](range[2]!), Number(range[3])];
    if (!(low > 0 && high > low && n >= 2))
      throw new UsageError(`--vary: '${text}' needs 0 < LOW < HIGH and N ≥ 2; ${accepted}`);
    values = Array.from({ length: n }, (_, i) => Number((low * (high / low) ** (i / (n - 1))).toPrecision(3)));
  } else {
    values = match[2]!.split(',').map((v) => FROM_TEXT[param](v.trim()));
  }
  // Whole-number parameters are rounded first, so each point is the value that really runs.
  if (param === 'clients' || param === 'payload') values = values.map((v) => Math.round(v));
  values = [...new Set(values)].sort((a, b) => a - b);
  if (values.length < 2 || values.length > MAX_POINTS)
    throw new UsageError(`--vary: '${text}' gives ${values.length} value(s); give 2 to ${MAX_POINTS}`);
  return { param, values };
}

/** `sweep`'s options as commander hands them over. */
type SweepRaw = RawCompareOptions &
  RawWireOptions &
  RawAppOptions &
  RawDocumentOptions & { vary?: string; quick?: boolean; restartAt?: string };

/** `sweep`: one comparison per value of a parameter, the curves and where transports cross; returns the exit code. */
export async function sweepAction(given: SweepRaw, io: CliIo, command?: Command): Promise<number> {
  // --quick: the compare preset for every option not given (and not the one varied).
  const explicit = (key: keyof RawCompareOptions): boolean => command?.getOptionValueSource(key) === 'cli';
  const preset = given.quick ? { ...given, ...withQuickPreset(given, explicit) } : given;
  const raw = { ...preset, ...withRestartRoom(preset, given.restartAt, explicit) };
  if (raw.vary === undefined) throw new UsageError(`--vary: required; e.g. --vary rate=0.5,2,10,50,100`);
  const { param, values } = parseVary(raw.vary);
  const optionsAt = (value: number) =>
    parseCompareOptions({ ...raw, [OPTION_OF[param]]: AS_OPTION[param](value) }, compareExtra(raw));
  values.forEach(optionsAt); // every point is checked before the first runs
  const { format, output, quiet } = parseDocumentOptions(raw, SWEEP_FORMAT);
  const progress = progressPrinter(io, quiet);
  const interrupt = listenForInterrupt(io, 'the sweep; the points done are kept', progress.done);
  let sweep: SweepResult;
  try {
    sweep = await runSweep(
      param,
      values,
      optionsAt,
      {
        onPoint: (i, n, value) => {
          if (!quiet) io.stderr.write(`poll-vs-push: sweep point ${i + 1}/${n}: --${param} ${value}\n`);
        },
        onProgress: progress.update,
      },
      interrupt.signal,
    );
  } finally {
    interrupt.dispose();
    progress.done();
  }
  if (output !== undefined) writeFileSync(output, renderSweep(sweep, format, { color: false }));
  if (!quiet)
    io.stdout.write(
      renderSweep(sweep, output !== undefined ? 'table' : format, { color: colorWanted(io.stdout, io.env) }),
    );
  return interrupt.signal.aborted ? EXIT_INTERRUPTED : 0;
}

/** Registers `sweep` on `program`. */
export function registerSweep(program: Command, { io, setExit }: CommandContext): Command {
  const command = program
    .command('sweep')
    .description('run the comparison once per value of one parameter and report the curves and where transports cross')
    .option(
      '--vary <param=values>',
      `the parameter and its values: ${PARAMS.join(', ')}; v1,v2,… or LOW..HIGHxN (log-spaced)`,
    );
  return addOptions(command, [
    ...RUN_OPTION_KEYS,
    ...WIRE_OPTION_KEYS,
    ...APP_OPTION_KEYS,
    'loss',
    'bandwidth',
    'network',
    'radio',
    'restartAt',
    'quick',
    ...documentOptions(SWEEP_FORMAT).filter((key) => key !== 'details'),
  ])
    .addHelpText(
      'after',
      `
Examples:
  $ poll-vs-push sweep --vary rate=0.5,2,10,50,100 --transports poll,sse,ws --clients 10 --duration 3s
  $ poll-vs-push sweep --vary poll-interval=100ms..5sx6 --transports poll,long-poll --json > sweep.json
  $ poll-vs-push sweep --vary rtt=0ms,50ms,200ms --output sweep.html`,
    )
    .action(async (raw: SweepRaw, self: Command) => setExit(await sweepAction(raw, io, self)));
}
