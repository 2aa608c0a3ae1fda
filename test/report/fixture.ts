import { readFileSync } from 'node:fs';
import type { Checks, ComparisonResult, ModelParams, Transport, TransportResult } from '../../src/shared/types.js';

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** The recorded result every reporter test renders. */
export const fixture = readJson<ComparisonResult>('result.json');

/** Thresholds (4 pass, 2 fail) and a baseline (1 of 4 regressed, one note) to attach to the fixture. */
export const fixtureChecks = readJson<Checks>('checks.json');

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
};

/** A fresh copy of the fixture, so a variant never leaks into another test. */
export function clone(): ComparisonResult {
  return structuredClone(fixture);
}

/** A fresh copy of the fixture with the fixture's checks attached. */
export function withChecks(): ComparisonResult {
  return { ...clone(), checks: structuredClone(fixtureChecks) };
}

/** A fresh copy of the fixture interrupted during SSE: SSE partial, WebSocket never ran. */
export function interrupted(): ComparisonResult {
  const result = clone();
  result.partial = true;
  result.transports = result.transports.filter((t) => t.transport !== 'ws');
  transport(result, 'sse').partial = true;
  return result;
}

/** The named transport's figures in a result; throws when it did not run. */
export function transport(result: ComparisonResult, name: Transport): TransportResult {
  const found = result.transports.find((t) => t.transport === name);
  if (!found) throw new Error(`result has no ${name}`);
  return found;
}

/** The start of an ANSI escape sequence. */
export const ESC = '\u001b[';

/** Removes chalk's colour and style escapes. */
export function stripAnsi(text: string): string {
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
  return line.split('│').slice(2, -1).map((cell) => cell.trim());
}
