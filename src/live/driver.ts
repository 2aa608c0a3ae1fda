import { emitKeypressEvents } from 'node:readline';
import type { ComparisonSession } from '../run/session.js';
import { nowNs } from '../shared/clock.js';
import type { ComparisonResult } from '../shared/result-types.js';
import type { Stretch } from '../shared/stretch-types.js';
import { renderFrame } from './frame.js';
import { actionFor, turn, type Key, type LiveAction } from './keys.js';
import { LiveSampler, type LiveConditions } from './state.js';

/** Frames drawn per second: the view samples counters at this rate, never once per event. */
export const FRAMES_PER_SECOND = 4;

/** The terminal the live view draws on and reads keys from. */
export interface LiveTerminal {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  color: boolean;
}

const ENTER = '\u001b[?1049h\u001b[?25l';
const LEAVE = '\u001b[?25h\u001b[?1049l';

/**
 * Runs `session` full-screen: every transport's lane redrawn at a fixed rate, keys turning its
 * knobs. Resolves with the session's result once `q` (a whole result) or Ctrl-C (a partial one)
 * ends it, with its stretches (one per set of conditions); the terminal is restored whatever happens.
 */
export async function runLive(
  session: ComparisonSession,
  terminal: LiveTerminal,
  start: LiveConditions,
  interrupt: AbortController,
): Promise<{ result: ComparisonResult; interrupted: boolean; stretches: readonly Stretch[] }> {
  const { stdin, stdout } = terminal;
  const sampler = new LiveSampler(nowNs());
  session.on('lane', (lane) => sampler.add(lane, nowNs()));
  let conditions = start;
  let showHelp = false;
  let message = 'connecting the clients…';
  let interrupted = false;
  let running = false;
  // A knob that fails (the server died) says so on the screen; it must not end the view unrestored.
  const attempt = (work: Promise<unknown>): void => {
    void work.catch((error: unknown) => {
      message = `could not: ${error instanceof Error ? error.message : String(error)}`;
    });
  };

  const draw = (): void => {
    const state = sampler.sample(nowNs(), conditions, { showHelp, message });
    const frame = renderFrame(state, { width: stdout.columns || 80, height: stdout.rows || 24, color: terminal.color });
    stdout.write(`\u001b[H${frame.split('\n').join('\u001b[K\n')}\u001b[K`);
  };

  const act = (action: LiveAction): void => {
    switch (action.kind) {
      case 'quit':
        message = 'stopping: the last events arrive, then the tables';
        session.finish();
        return;
      case 'interrupt':
        interrupted = true;
        interrupt.abort();
        return;
      case 'help':
        showHelp = !showHelp;
        return;
      case 'publishNow':
        message = 'one event published now: which lane gets it first?';
        attempt(session.publishNow());
        return;
      default: {
        // Before the phase runs there is no schedule to pause yet.
        if (action.kind === 'pause' && !running) {
          message = 'publishing has not started yet: press p once the lanes run';
          return;
        }
        const turned = turn(conditions, action);
        const before = conditions;
        conditions = turned.conditions;
        message = turned.message;
        if (conditions === before) return;
        // A turned knob ends a stretch: the summary gives each its own figures and model.
        sampler.closeStretch(nowNs(), before);
        if (conditions.paused !== before.paused) {
          if (conditions.paused) attempt(session.pause());
          else session.resume();
          return;
        }
        attempt(
          session.change({
            ...(conditions.rttMs !== before.rttMs ? { rttMs: conditions.rttMs } : {}),
            ...(conditions.pollIntervalMs !== before.pollIntervalMs
              ? { pollIntervalMs: conditions.pollIntervalMs }
              : {}),
            ...(conditions.ratePerSec !== before.ratePerSec ? { ratePerSec: conditions.ratePerSec } : {}),
            ...(conditions.headers !== before.headers ? { headers: conditions.headers as 'minimal' | 'browser' } : {}),
          }),
        );
      }
    }
  };
  const onKey = (_text: string | undefined, key: Key | undefined): void => {
    const action = actionFor(key ?? {});
    if (action) act(action);
  };

  emitKeypressEvents(stdin);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.on('keypress', onKey);
  stdout.write(`${ENTER}\u001b[2J`);
  session.on('snapshot', ({ progress }) => {
    if (progress.stage !== 'running') return;
    running = true;
    if (message === 'connecting the clients…') message = 'running: press ? for what to watch';
  });
  const timer = setInterval(draw, 1000 / FRAMES_PER_SECOND);
  stdout.on('resize', draw);
  try {
    const result = await session.run();
    sampler.closeStretch(nowNs(), conditions);
    return { result, interrupted, stretches: sampler.stretches() };
  } finally {
    clearInterval(timer);
    stdout.off('resize', draw);
    stdin.off('keypress', onKey);
    stdin.setRawMode(false);
    stdin.pause();
    stdout.write(LEAVE);
  }
}
