import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { REPRODUCE_FORMATS, renderReproduce } from '../report/reproduce.js';
import { runReproduce } from '../run/reproduce.js';
import { UsageError } from '../shared/errors.js';
import { CLAIM_NAMES, type ClaimName, type ReproduceResult } from '../shared/reproduce-types.js';
import { colorWanted, widthFor, type CliIo, type CommandContext } from './io.js';
import { EXIT_INTERRUPTED, listenForInterrupt } from './interrupt.js';
import { addOptions, documentOptions } from './option-sets.js';
import { formatOption } from './options.js';
import { parseDocumentOptions, type RawDocumentOptions } from './output-options.js';
import { progressPrinter } from './progress-printer.js';

const REPRODUCE_FORMAT = formatOption(REPRODUCE_FORMATS, 'a reproduce format');

/** The claims asked for, in the order known; every one when none is named. */
export function parseClaimNames(names: readonly string[]): ClaimName[] {
  for (const name of names)
    if (!(CLAIM_NAMES as readonly string[]).includes(name))
      throw new UsageError(`reproduce: '${name}' is not a claim; name any of ${CLAIM_NAMES.join(', ')} (default: all)`);
  return names.length === 0 ? [...CLAIM_NAMES] : CLAIM_NAMES.filter((name) => names.includes(name));
}

type ReproduceRaw = RawDocumentOptions & { quick?: boolean };

/** `reproduce [NAME…]`: runs each claim's scenario and prints the published figures beside this machine's. */
export async function reproduceAction(names: string[], raw: ReproduceRaw, io: CliIo): Promise<number> {
  const claims = parseClaimNames(names);
  const { format, output, quiet } = parseDocumentOptions(raw, REPRODUCE_FORMAT);
  const progress = progressPrinter(io, quiet);
  const interrupt = listenForInterrupt(io, 'the reproduction; the figures measured so far are shown', progress.done);
  let result: ReproduceResult;
  try {
    result = await runReproduce(
      claims,
      Boolean(raw.quick),
      {
        onScenario: (name, i, n) => {
          if (!quiet) io.stderr.write(`poll-vs-push: reproduce run ${i + 1}/${n}: ${name}\n`);
        },
        onProgress: progress.update,
      },
      interrupt.signal,
    );
  } finally {
    interrupt.dispose();
    progress.done();
  }
  if (output !== undefined) writeFileSync(output, renderReproduce(result, format, { color: false }));
  if (!quiet)
    io.stdout.write(
      renderReproduce(result, output !== undefined ? 'table' : format, {
        color: colorWanted(io.stdout, io.env),
        width: widthFor(io.stdout, io.env),
      }),
    );
  return interrupt.signal.aborted ? EXIT_INTERRUPTED : 0;
}

/** Registers `reproduce` on `program`. */
export function registerReproduce(program: Command, { io, setExit }: CommandContext): Command {
  const command = program
    .command('reproduce')
    .argument('[name...]', `the claims to rerun: ${CLAIM_NAMES.join(', ')} (default: all)`)
    .description(
      "rerun the famous figures (the Kaazing whitepaper's 871 B and Mbps table, RFC 6202's transits, HTTP/2's " +
        'HPACK) on this machine, each beside its source',
    );
  return addOptions(command, [
    { flags: '--quick', description: 'scaled-down crowds and phases: every claim in under a minute' },
    ...documentOptions(REPRODUCE_FORMAT).filter((key) => key !== 'details'),
  ])
    .addHelpText(
      'after',
      `
Sources:
  whitepaper  Lubbers & Greco, "HTML5 Web Sockets: A Quantum Leap in Scalability for the Web", 2010
  rfc6202     Loreto et al., "Known Issues and Best Practices for the Use of Long Polling and Streaming
              in Bidirectional HTTP", RFC 6202, 2011
  hpack       Cloudflare, "HPACK: the silent killer (feature) of HTTP/2", The Cloudflare Blog, 2016

Examples:
  $ poll-vs-push reproduce --quick
  $ poll-vs-push reproduce whitepaper --output figures.html`,
    )
    .action(async (names: string[], raw: ReproduceRaw) => setExit(await reproduceAction(names, raw, io)));
}
