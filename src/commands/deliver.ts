import { writeFileSync } from 'node:fs';
import { render } from '../report/index.js';
import { buildVerdict } from '../report/verdict.js';
import type { Checks } from '../shared/check-types.js';
import type { ComparisonResult } from '../shared/result-types.js';
import { colorWanted, widthFor, type CliIo } from './io.js';
import { failureLines, runChecks, type OutputOptions } from './output-options.js';

/** Writes the result where the options say, prints why it fails, and returns the exit code. */
export function deliver(measured: ComparisonResult, output: OutputOptions, io: CliIo, savedChecks?: Checks): number {
  // The verdict is said from the figures as they are delivered: a saved or merged result gets one too.
  const { transports, ...head } = measured;
  const result: ComparisonResult = { ...head, verdict: buildVerdict(measured), transports };
  const checks = runChecks(result, output) ?? savedChecks;
  const withChecks: ComparisonResult = checks ? { ...result, checks } : result;
  if (output.output !== undefined) {
    writeFileSync(output.output, render(withChecks, output.format, { color: false }));
  }
  if (!output.quiet) {
    // With --output the file gets the chosen format and the terminal still gets the tables.
    const format = output.output !== undefined ? 'table' : output.format;
    io.stdout.write(
      render(withChecks, format, {
        color: format === 'table' && colorWanted(io.stdout, io.env),
        details: output.details,
        width: widthFor(io.stdout, io.env),
      }),
    );
  }
  const failures = failureLines(withChecks);
  for (const line of failures) io.stderr.write(`poll-vs-push: ${line}\n`);
  return failures.length > 0 ? 1 : 0;
}
