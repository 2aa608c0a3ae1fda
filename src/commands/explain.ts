import type { Command } from 'commander';
import {
  NOMINAL_HEADER_BYTES,
  explainModel,
  isNominalHeaderProfile,
  modelParams,
  nominalEventBytes,
  nominalWireParams,
} from '../model/index.js';
import { renderExplain } from '../report/explain.js';
import { planPhase } from '../run/schedule.js';
import { UsageError } from '../shared/errors.js';
import { COMPARE_DEFAULTS, parseCompareOptions, type RawCompareOptions } from './compare-options.js';
import { colorWanted, widthFor, type CliIo, type CommandContext } from './io.js';
import { WIRE_OPTION_KEYS, addOptions, type RawWireOptions, type RunOptionKey } from './option-sets.js';

/** The run parameters the model reads, in the order `explain --help` lists them. */
const EXPLAIN_OPTION_KEYS = [
  'pollInterval',
  'rtt',
  'rate',
  'headers',
  'payload',
  'longPollTimeout',
  'duration',
] as const satisfies readonly RunOptionKey[];

const EXPLAIN_EXAMPLES = `
Examples:
  $ poll-vs-push explain                                  the default run's parameters
  $ poll-vs-push explain --rtt 100ms --headers browser    a browser 50 ms away
  $ poll-vs-push explain --rate 1 --poll-interval 1s --headers browser
  $ poll-vs-push explain --tls --http2 --headers browser   the same chart on today's HTTPS stack`;

/** `explain`: the chart and the model's predictions for the given parameters; nothing runs. Returns the exit code. */
export function explainAction(raw: RawCompareOptions & RawWireOptions, io: CliIo): number {
  if (!isNominalHeaderProfile(raw.headers)) {
    throw new UsageError(
      `--headers: '${raw.headers}' is not accepted by explain; use minimal or browser (a header file is weighed by ` +
        `a run)`,
    );
  }
  const options = parseCompareOptions(raw);
  const plan = planPhase(options);
  const wire = { tls: Boolean(raw.tls), http2: Boolean(raw.http2) };
  const params = {
    ...modelParams(options, {
      eventsPerPhase: plan.count,
      headerBytesPerPair: NOMINAL_HEADER_BYTES[raw.headers],
      eventBytes: nominalEventBytes(options.payloadBytes, plan.count),
    }),
    ...nominalWireParams(raw.headers, wire),
  };
  io.stdout.write(
    renderExplain(explainModel(params, raw.headers), {
      color: colorWanted(io.stdout, io.env),
      width: widthFor(io.stdout, io.env),
    }),
  );
  return 0;
}

/** Registers `explain` on `program`. */
export function registerExplain(program: Command, { io, setExit }: CommandContext): Command {
  const command = program
    .command('explain')
    .description('print the chart and what the model predicts for these parameters, without running anything');
  return addOptions(command, [...EXPLAIN_OPTION_KEYS, ...WIRE_OPTION_KEYS])
    .addHelpText('after', EXPLAIN_EXAMPLES)
    .action((raw: Partial<RawCompareOptions> & RawWireOptions) =>
      setExit(explainAction({ ...COMPARE_DEFAULTS, ...raw }, io)),
    );
}
