import { cancel, intro, isCancel, select, text } from '@clack/prompts';
import { CHAT_TRANSPORTS, parseTarget } from '../run/target-url.js';
import { UsageError } from '../shared/errors.js';
import type { CliIo } from './io.js';

/** True when a person is at the keyboard: both ends are a terminal (never in CI or a pipe). */
export function interactive(io: CliIo, stdin: { isTTY?: boolean }): boolean {
  return Boolean(stdin.isTTY && io.stdout.isTTY) && io.env.CI === undefined;
}

/**
 * Asks what to do when `poll-vs-push` runs with no command in a terminal, and answers with the
 * command line that does it; undefined when the person cancels (Esc, Ctrl-C).
 */
export async function askWhatToDo(): Promise<string[] | undefined> {
  intro('poll-vs-push: how do polling, long polling, SSE and WebSocket differ?');
  const choice = await select({
    message: 'What would you like to do?',
    options: [
      { value: 'quick', label: 'A quick comparison', hint: 'every transport in turn, about 10 s, then the tables' },
      {
        value: 'live',
        label: 'The live view',
        hint: 'every transport at once; steer RTT, poll interval, rate with the keys',
      },
      { value: 'target', label: 'Measure a server', hint: 'yours, or one of examples/python (--target)' },
      { value: 'explain', label: 'What the model predicts', hint: 'the chart and the theory, nothing runs' },
    ],
  });
  if (isCancel(choice)) return quit();
  if (choice === 'quick') return ['compare', '--quick'];
  if (choice === 'live') return ['live'];
  if (choice === 'explain') return ['explain'];
  const url = await text({
    message: 'Its URL (http://host:port speaks docs/protocol.md; ws://host:port/path is a broadcast chat)',
    placeholder: 'http://127.0.0.1:8000',
    validate: (value) => {
      try {
        parseTarget(value ?? '');
        return undefined;
      } catch (error) {
        return error instanceof UsageError ? error.message : String(error);
      }
    },
  });
  if (isCancel(url)) return quit();
  const chat = parseTarget(url).kind === 'chat';
  return ['compare', '--target', url, ...(chat ? ['--transports', CHAT_TRANSPORTS.join(',')] : [])];
}

function quit(): undefined {
  cancel('Nothing run.');
  return undefined;
}
