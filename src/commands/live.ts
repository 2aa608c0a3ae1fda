import type { Command } from 'commander';
import { runLive } from '../live/driver.js';
import { render } from '../report/index.js';
import { renderStretches } from '../report/stretches.js';
import { wrapText } from '../report/terminal.js';
import { buildVerdict } from '../report/verdict.js';
import { ComparisonSession } from '../run/session.js';
import { UsageError } from '../shared/errors.js';
import { TRANSPORTS } from '../shared/transports.js';
import { COMPARE_DEFAULTS, compareExtra, parseCompareOptions, type RawCompareOptions } from './compare-options.js';
import { EXIT_INTERRUPTED } from './interrupt.js';
import { colorWanted, widthFor, type CliIo, type CommandContext } from './io.js';
import { WIRE_OPTION_KEYS, addOptions, type RawWireOptions, type RunOptionKey } from './option-sets.js';

/** The run parameters `live` takes, as `compare` does. */
const LIVE_OPTION_KEYS = [
  'transports',
  'clients',
  'rate',
  'pollInterval',
  'rtt',
  'headers',
  'payload',
  'seed',
] as const satisfies readonly RunOptionKey[];

/** Defaults for a projector: a handful of clients, events slow enough to follow by eye. */
const LIVE_DEFAULTS = { transports: TRANSPORTS.join(','), clients: '5', rate: '2', pollInterval: '1s' } as const;

/** From this many clients per transport, each transport's clients run in a process of their own. */
export const LIVE_APART_CLIENTS = 50;

/** How long a live session may run at most, if nobody presses q. */
const LIVE_LIMIT = '60m';

const LIVE_EXAMPLES = `
Examples:
  $ poll-vs-push live                               every transport at once, 5 clients each, 2 events/s
  $ poll-vs-push live --rtt 100ms --headers browser a browser 50 ms away
  $ poll-vs-push live --transports poll,ws --rate 5

Keys: ↑/↓ RTT ±50 ms · ←/→ poll interval ÷2/×2 · [/] rate ÷2/×2 · b headers minimal/browser
      space publish one event now · p pause · ? help · q quit (prints the tables) · Ctrl-C
It needs a terminal; in CI or a pipe use: poll-vs-push compare --parallel`;

/** `live`: every transport at once in a full-screen view a class can watch and steer; returns the exit code. */
export async function liveAction(raw: RawCompareOptions & RawWireOptions, io: CliIo): Promise<number> {
  const stdin = process.stdin;
  if (!stdin.isTTY || !io.stdout.isTTY) {
    throw new UsageError(
      'live: needs a terminal (stdin and stdout); in CI or a pipe use: poll-vs-push compare --parallel',
    );
  }
  const parsed = parseCompareOptions({ ...raw, duration: LIVE_LIMIT }, compareExtra(raw));
  const options = {
    ...parsed,
    parallel: true,
    steerable: true,
    // A large crowd's clients work in processes of their own, so the view's frames never wait behind them.
    clientsApart: parsed.clients >= LIVE_APART_CLIENTS,
  };
  // The view steers the RTT through a relay in one server process, and samples its lanes in this one.
  if ((options.processes ?? 1) > 1) {
    throw new UsageError(
      `--clients: live runs in one process; ${options.clients} clients need ${options.processes} here, so use ` +
        `compare for a crowd that size`,
    );
  }
  // Ctrl-C in raw mode is a key, not a signal: the view turns it into this.
  const interrupt = new AbortController();
  const session = new ComparisonSession(options, interrupt.signal);
  const { result, interrupted, stretches } = await runLive(
    session,
    { stdin, stdout: io.stdout as NodeJS.WriteStream, color: colorWanted(io.stdout, io.env) },
    {
      clients: options.clients,
      ratePerSec: options.ratePerSec,
      pollIntervalMs: options.pollIntervalMs,
      rttMs: options.rttMs,
      headers: options.headers,
      paused: false,
    },
    interrupt,
  );
  // A session's model holds only for one set of conditions over a planned phase: it is given stretch by stretch,
  // for each stretch's conditions, not once for the whole session.
  // Its length is the session's, not the limit it would have stopped at.
  const lengthMs = stretches.at(-1)?.endMs;
  const whole = {
    ...result,
    options: { ...result.options, ...(lengthMs ? { durationMs: Math.round(lengthMs / 1000) * 1000 } : {}) },
    transports: result.transports.map(({ model: _model, ...t }) => t),
  };
  const changed = stretches.length > 1;
  const look = { color: colorWanted(io.stdout, io.env), width: widthFor(io.stdout, io.env) };
  io.stdout.write(render({ ...whole, verdict: buildVerdict(whole, { conditionsChanged: changed }) }, 'table', look));
  if (stretches.length === 0) return interrupted ? EXIT_INTERRUPTED : 0;
  io.stdout.write(
    `\n${wrapText(
      changed
        ? `The tables above add up the whole session, ${stretches.length} stretches under different conditions ` +
            '(its header gives the ones it started with); each stretch on its own:'
        : 'The conditions never changed: the whole session was one stretch.',
      look.width,
    )}\n\n${renderStretches(stretches, { ...look, longPollTimeoutMs: options.longPollTimeoutMs })}\n`,
  );
  return interrupted ? EXIT_INTERRUPTED : 0;
}

/** Registers `live` on `program`. */
export function registerLive(program: Command, { io, setExit }: CommandContext): Command {
  const command = program
    .command('live')
    .description(
      'watch and steer every transport at once, full screen: lanes, counters, latency; keys change RTT, poll ' +
        'interval, rate and headers',
    );
  return addOptions(command, [...LIVE_OPTION_KEYS, ...WIRE_OPTION_KEYS], LIVE_DEFAULTS)
    .addHelpText('after', LIVE_EXAMPLES)
    .action(async (raw: Partial<RawCompareOptions> & RawWireOptions) =>
      setExit(await liveAction({ ...COMPARE_DEFAULTS, ...raw }, io)),
    );
}
