import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { registerCompare } from './commands/compare.js';
import { askWhatToDo, interactive } from './commands/ask.js';
import { registerExplain } from './commands/explain.js';
import { registerLive } from './commands/live.js';
import { defaultIo, type CliIo, type CommandContext } from './commands/io.js';
import { registerReport } from './commands/report.js';
import { registerReproduce } from './commands/reproduce.js';
import { registerServe } from './commands/serve.js';
import { registerSweep } from './commands/sweep.js';
import { PvpError } from './shared/errors.js';
import { exitCodeOf } from './shared/faults.js';

export type { CliIo } from './commands/io.js';

const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

/** The command modules, in the order `--help` lists them; each adds its options, help and action. */
const COMMANDS: ReadonlyArray<(program: Command, context: CommandContext) => Command> = [
  registerCompare,
  registerLive,
  registerSweep,
  registerReport,
  registerExplain,
  registerReproduce,
  registerServe,
];

function buildProgram(context: CommandContext): Command {
  const { io } = context;
  const program = new Command('poll-vs-push')
    .description(
      'Measure how HTTP short polling, long polling, Server-Sent Events and WebSocket push differ: latency from ' +
        'publish to receipt, bytes on the wire, requests and delivery, with real sockets.',
    )
    .version(pkg.version)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // One prefix for every usage error, commander's own included.
      outputError: (text, write) => write(text.replace(/^error: /, 'poll-vs-push: ')),
    });

  program.addHelpText(
    'after',
    `
Examples:
  $ poll-vs-push                     in a terminal: asks what to do; otherwise the default comparison
  $ poll-vs-push compare --help      every option of a run, with examples
  $ poll-vs-push live                every transport at once, full screen; keys steer RTT, polls, rate
  $ poll-vs-push compare --target ws://127.0.0.1:8765 --transports ws     measure your server
  $ poll-vs-push sweep --vary rate=0.5,2,10,50,100 --transports poll,sse  where the curves cross
  $ poll-vs-push report result.json --format html --output result.html
  $ poll-vs-push serve --port 8080`,
  );

  for (const register of COMMANDS) register(program, context);
  return program;
}

/** Edit distance between two words (insertions, deletions, substitutions), for "did you mean". */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The line for a first word that is no command (compare, the default, takes no arguments, so commander would say
 * only "too many arguments"), or undefined when it is one or an option.
 */
function unknownCommand(program: Command, word: string | undefined): string | undefined {
  if (word === undefined || word.startsWith('-')) return undefined;
  const names = program.commands.flatMap((command) => [command.name(), ...command.aliases()]);
  if (names.includes(word) || word === 'help') return undefined;
  const [closest] = names
    .map((name) => ({ name, off: distance(word.toLowerCase(), name) }))
    .sort((a, b) => a.off - b.off);
  const suggestion = closest && closest.off <= 2 ? `did you mean '${closest.name}'? ` : '';
  return `unknown command '${word}'; ${suggestion}the commands are ${names.join(', ')} (poll-vs-push --help)`;
}

/** Runs the CLI with `argv` (as process.argv) and returns the exit code; never throws. */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  let exitCode = 0;
  const program = buildProgram({
    io,
    setExit: (code) => {
      exitCode = code;
    },
  });
  try {
    // No command in a terminal: ask what to do. Without one (CI, a pipe), the comparison runs as always.
    if (argv.length <= 2 && interactive(io, process.stdin)) {
      const chosen = await askWhatToDo();
      if (!chosen) return 0;
      await program.parseAsync([...argv.slice(0, 2), ...chosen]);
      return exitCode;
    }
    const unknown = unknownCommand(program, argv[2]);
    if (unknown) {
      io.stderr.write(`poll-vs-push: ${unknown}\n`);
      return 2;
    }
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its one-line message (or the help / version).
      return error.exitCode === 0 ? 0 : 2;
    }
    // The catalog gives each setup error its exit code: 2 for what the user can correct.
    if (error instanceof PvpError && exitCodeOf(error.code) === 2) {
      io.stderr.write(`poll-vs-push: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`poll-vs-push: ${message}\n`);
    if (io.env.DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return 1;
  }
}
