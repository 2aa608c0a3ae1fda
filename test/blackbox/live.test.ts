import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers.js';
import { BIN, expectUsage, run } from './cli-runner.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escapes start with ESC
const ESCAPES = /\u001b\[[0-9;?]*[A-Za-z]/g;
const UP = '\u001b[A';

/** `live` in a real pseudo-terminal of 80×24 (util-linux's script), the smallest a class may have: keys in, frames out. */
function liveInTerminal(args: string[]) {
  const command = `stty cols 80 rows 24; exec ${process.execPath} ${BIN} live ${args.join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, TERM: 'xterm-256color' },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
  return {
    press: (keys: string) => child.stdin.write(keys),
    /** The frames drawn completely so far (the last may still be arriving), colour and cursor codes removed. */
    frames: () =>
      output
        .split('\u001b[H')
        .slice(1, -1)
        .map((frame) => frame.replace(ESCAPES, '')),
    text: () => output.replace(ESCAPES, ''),
    closed,
    kill: () => child.kill('SIGKILL'),
  };
}

/** The number in `column` of the row of `label` in the last frame's "last 10 s" table. */
function windowFigure(frame: string, label: string, column: number): number {
  const at = frame.indexOf('last 10 s     requests');
  const row =
    at < 0
      ? undefined
      : frame
          .slice(at)
          .split('\n')
          .find((line) => line.startsWith(label));
  return Number(row?.slice(12).trim().split(/\s+/)[column]?.replace(/,/g, '') ?? Number.NaN);
}

describe('poll-vs-push live, in a terminal', () => {
  it('draws a lane per transport, follows ↑ with the RTT and the latency, shows space reach every lane, and q prints the tables', async () => {
    const live = liveInTerminal(['--clients', '3']);
    try {
      const last = (): string => live.frames().at(-1) ?? '';
      await waitFor(
        () =>
          ['Short poll', 'Long poll', 'SSE', 'WebSocket', 'Socket.IO'].every((label) =>
            new RegExp(`^${label}\\s+[·●]`, 'm').test(last()),
          ),
        'a lane for every transport',
        20_000,
      );
      live.press(UP);
      live.press(UP);
      live.press(UP);
      await waitFor(() => last().includes('RTT 150 ms'), 'the larger RTT on the status line');
      // Push events now cross the relay one way: the window's latest latencies are at least RTT/2.
      await waitFor(
        () => windowFigure(last(), 'SSE', 5) >= 75 && windowFigure(last(), 'WebSocket', 5) >= 75,
        'higher SSE and WebSocket latency',
        20_000,
      );
      live.press('p');
      await waitFor(() => last().includes('(PAUSED)'), 'the pause');
      const before = windowFigure(last(), 'WebSocket', 2);
      live.press(' ');
      await waitFor(() => last().includes('one event published now'), 'the race message');
      await waitFor(
        () => windowFigure(last(), 'WebSocket', 2) > before && windowFigure(last(), 'SSE', 2) > 0,
        'the event in the lanes',
      );
      // Every frame fits 80×24, with quit and help on its last line.
      for (const frame of live.frames().slice(1)) {
        const lines = frame.split(/\r?\n/);
        expect(lines.length).toBeLessThanOrEqual(24);
        for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
        expect(lines.at(-1)).toMatch(/^q quit {2}\? help/);
      }
      live.press('q');
      expect(await live.closed).toBe(0);
      const after = live.text().slice(live.text().lastIndexOf('Verdict'));
      expect(after).toContain('At a glance');
      expect(after).toContain('HTTP vs WebSocket, checked by this run');
      expect(after).not.toContain('PARTIAL RESULT');
      // The summary is the session's: each stretch of conditions on its own, the whole session's model left out.
      expect(after).not.toContain('÷ model');
      expect(after).toContain('The session, stretch by stretch');
      expect(after).toContain('RTT 150 ms · polls every 1s · paused · minimal headers');
    } finally {
      live.kill();
    }
  });

  it('without a terminal, exits 2 with one line', async () => {
    expectUsage(await run(['live']), 'live: needs a terminal');
  });
});

describe('poll-vs-push with no command', () => {
  it('in a terminal, asks what to do, and runs what was chosen', async () => {
    const command = `stty cols 100 rows 30; exec ${process.execPath} ${BIN}`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, CI: undefined, TERM: 'xterm-256color' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    try {
      await waitFor(
        () =>
          output.includes('What would you like to do?') &&
          output.includes('The live view') &&
          output.includes('Measure a server'),
        'the question',
      );
      // Down three times to "What the model predicts", then Enter.
      child.stdin.write(`${'\u001b[B'.repeat(3)}\r`);
      expect(await closed).toBe(0);
      expect(output.replace(ESCAPES, '')).toContain('The model: what theory predicts (nothing is run)');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
