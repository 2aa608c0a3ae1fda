import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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
    // Said where it went: a report written to a file is otherwise looked for.
    if (!output.quiet) io.stderr.write(`poll-vs-push: wrote ${output.output} (${output.format})\n`);
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
  // The first baseline: a --baseline that did not exist is this run's result from now on.
  if (output.baseline && !output.baseline.result) {
    mkdirSync(dirname(output.baseline.file), { recursive: true });
    writeFileSync(output.baseline.file, render(result, 'json', { color: false }));
    io.stderr.write(
      `poll-vs-push: --baseline: ${output.baseline.file} did not exist; this run's result is written there as the ` +
        "baseline (keep it, as the README's CI job does, and later runs are compared with it)\n",
    );
  }
  // Not a failure: nothing was measured wrong, the baseline was made under other conditions.
  const notComparable = withChecks.checks?.baseline?.notComparable;
  if (notComparable)
    io.stderr.write(
      `poll-vs-push: warning: --baseline not comparable: ${notComparable.join('; ')}; no figure was held to it ` +
        '(make a baseline under these conditions)\n',
    );
  const failures = failureLines(withChecks);
  for (const line of failures) io.stderr.write(`poll-vs-push: ${line}\n`);
  return failures.length > 0 ? 1 : 0;
}
