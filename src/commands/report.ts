import type { Command } from 'commander';
import { mergeResults } from '../run/merge.js';
import { loadResultFile } from '../run/result-file.js';
import { UsageError } from '../shared/errors.js';
import { deliver } from './deliver.js';
import type { CliIo, CommandContext } from './io.js';
import { OUTPUT_OPTION_KEYS, addOptions } from './option-sets.js';
import { parseOutputOptions, type RawOutputOptions } from './output-options.js';

const REPORT_EXAMPLES = `
Examples:
  $ poll-vs-push report result.json                        the tables again
  $ poll-vs-push report result.json --format markdown      for a job summary
  $ poll-vs-push report result.json --baseline baseline.json --max-regression 10
  $ poll-vs-push report machine-a.json machine-b.json --merge --json   one result of both, exactly`;

/** `report`: renders a saved result again, with the checks asked for now (or the saved ones); returns the exit code. */
export function reportAction(files: string[], raw: RawOutputOptions & { merge?: boolean }, io: CliIo): number {
  if (files.length > 1 && !raw.merge)
    throw new UsageError(
      `report: ${files.length} files given; add --merge to make one result of them, or give one file`,
    );
  const results = files.map((file) => loadResultFile(file, 'report'));
  const saved = raw.merge ? mergeResults(results, files) : results[0]!;
  const output = parseOutputOptions(
    raw,
    saved.transports.map((t) => t.transport),
  );
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
    .argument('<files...>', 'a result saved with --format json (several with --merge)');
  return addOptions(command, OUTPUT_OPTION_KEYS)
    .option(
      '--merge',
      'merge results of the same options measured apart (say, several machines against one --target): counts ' +
        'summed, latency histograms merged exactly',
    )
    .addHelpText('after', REPORT_EXAMPLES)
    .action((files: string[], raw: RawOutputOptions & { merge?: boolean }) => setExit(reportAction(files, raw, io)));
}
