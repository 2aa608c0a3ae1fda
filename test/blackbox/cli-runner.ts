import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { waitFor } from '../helpers.js';

/** The built CLI, as `npx` would run it. */
export const BIN = fileURLToPath(new URL('../../bin/poll-vs-push.js', import.meta.url));

/** What one CLI run left behind. */
export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI the way a user does, with stdout and stderr piped (not a TTY). */
export function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A `serve` started as a user would, with what it has printed so far. */
export interface Served {
  child: ChildProcess;
  url: string;
  output: { stdout: string; stderr: string };
  /** Resolves with the exit code. */
  closed: Promise<number | null>;
}

/** Starts `poll-vs-push serve ARGS` and waits for the URL it prints. */
export async function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (output.stdout += chunk));
  child.stderr.on('data', (chunk) => (output.stderr += chunk));
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
  await waitFor(() => /on (https?:\/\/\S+),/.test(output.stdout), 'the server URL');
  return { child, url: /on (https?:\/\/\S+),/.exec(output.stdout)![1]!, output, closed };
}

/** Bad usage as a user should see it: exit 2, nothing on stdout, one line naming `named`, no stack trace. */
export function expectUsage(outcome: Outcome, named: string): void {
  expect(outcome.code).toBe(2);
  expect(outcome.stdout).toBe('');
  const lines = outcome.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^poll-vs-push: /);
  expect(lines[0]).toContain(named);
  expect(outcome.stderr).not.toMatch(/\n\s+at /);
}
