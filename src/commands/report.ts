import type { Command } from 'commander';
import { loadResultFile } from '../run/result-file.js';
import { deliver } from './deliver.js';
import type { CliIo, CommandContext } from './io.js';
import { OUTPUT_OPTION_KEYS, addOptions } from './options.js';
import { parseOutputOptions, type RawOutputOptions } from './output-options.js';

const REPORT_EXAMPLES = `
Examples:
  $ poll-vs-push report result.json                        the tables again
  $ poll-vs-push report result.json --format markdown      for a job summary
  $ poll-vs-push report result.json --baseline baseline.json --max-regression 10`;

/** `report`: renders a saved result again, with the checks asked for now (or the saved ones); returns the exit code. */
export function reportAction(file: string, raw: RawOutputOptions, io: CliIo): number {
  const saved = loadResultFile(file, 'report');
  const output = parseOutputOptions(raw, saved.transports.map((t) => t.transport));
  // Checks asked for now replace the saved ones; without any, the saved ones are shown again.
  const asked = output.thresholds.length > 0 || output.baseline !== undefined;
  const { checks, ...plain } = saved;
  return deliver(plain, output, io, asked ? undefined : checks);
}

/** Registers `report` on `program`. */
export function registerReport(program: Command, { io, setExit }: CommandContext): Command {
  const command = program
    .command('report')
    .description('render a saved JSON result again, or compare it with a baseline, without running anything')
    .argument('<file>', 'a result saved with --format json');
  return addOptions(command, OUTPUT_OPTION_KEYS)
    .addHelpText('after', REPORT_EXAMPLES)
    .action((file: string, raw: RawOutputOptions) => setExit(reportAction(file, raw, io)));
}
