import type { ModelParams } from '../../src/shared/model-types.js';

export { clone, fixture, fixtureChecks, interrupted, transport, withChecks } from '../fixtures/index.js';

/** Model parameters with hand-computed predictions: T 1 s, RTT 100 ms, λ 1/s, browser H (871 B), p 100 B, timeout 30 s, a 5 s phase with 4 events. */
export const MODEL_PARAMS: Readonly<ModelParams> = {
  pollIntervalMs: 1000,
  rttMs: 100,
  ratePerSec: 1,
  headerBytesPerPair: 871,
  eventBytes: 100,
  longPollTimeoutMs: 30_000,
  durationMs: 5000,
  eventsPerPhase: 4,
  tlsRecordBytes: 0,
  connectionBytes: 0,
  http2: false,
};

/** The start of an ANSI escape sequence. */
export const ESC = '\u001b[';

/** Removes chalk's colour and style escapes. */
export function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes start with ESC
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/** The text of one titled section of a text report: from its title line to the blank line that ends it. */
export function section(output: string, title: string): string {
  const found = output.split('\n\n').find((block) => block.startsWith(`${title}\n`));
  if (found === undefined) throw new Error(`no section '${title}' in:\n${output}`);
  return found;
}

/** The trimmed value cells (after the label) of the cli-table3 row whose first cell is `label`. */
export function row(block: string, label: string): string[] {
  const line = block.split('\n').find((l) => l.startsWith(`│ ${label} `));
  if (line === undefined) throw new Error(`no row '${label}' in:\n${block}`);
  return line
    .split('│')
    .slice(2, -1)
    .map((cell) => cell.trim());
}
