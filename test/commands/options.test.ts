import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCompare } from '../../src/commands/compare.js';
import { registerExplain } from '../../src/commands/explain.js';
import type { CliIo } from '../../src/commands/io.js';
import { registerLive } from '../../src/commands/live.js';
import { OPTIONS, formatOption } from '../../src/commands/options.js';
import { registerReport } from '../../src/commands/report.js';
import { registerServe } from '../../src/commands/serve.js';
import { registerSweep } from '../../src/commands/sweep.js';
import { SWEEP_FORMATS } from '../../src/report/sweep.js';

const io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: {} };

/** Every command as the CLI registers it (nothing runs: no action is called). */
function commands(): readonly Command[] {
  const program = new Command('poll-vs-push');
  const context = { io, setExit: () => {} };
  for (const register of [registerCompare, registerLive, registerSweep, registerReport, registerExplain, registerServe])
    register(program, context);
  return program.commands;
}

describe('one definition per option', () => {
  const shared = new Map<string, string>(Object.values(OPTIONS).map((option) => [option.flags, option.description]));

  it("gives a shared option the same help in every command that takes it (--format: the command's formats)", () => {
    for (const command of commands()) {
      for (const option of command.options) {
        const description = shared.get(option.flags);
        if (description === undefined) continue;
        const expected =
          option.long === '--format' && command.name() === 'sweep'
            ? formatOption(SWEEP_FORMATS).description
            : description;
        expect(`${command.name()} ${option.flags}: ${option.description}`).toBe(
          `${command.name()} ${option.flags}: ${expected}`,
        );
      }
    }
  });

  it('leaves outside the registry only options a single command takes', () => {
    const own = new Map<string, string[]>();
    for (const command of commands())
      for (const option of command.options.filter((o) => !shared.has(o.flags)))
        own.set(option.flags, [...(own.get(option.flags) ?? []), command.name()]);
    expect(Object.fromEntries(own)).toEqual({ '--vary <param=values>': ['sweep'], '--merge': ['report'] });
  });

  it("lists each command's own formats under --format: markdown for compare and report, not for sweep", () => {
    const help = (name: string): string | undefined =>
      commands()
        .find((command) => command.name() === name)
        ?.options.find((option) => option.long === '--format')?.description;
    expect(help('compare')).toBe(
      "output format: table, json, markdown, csv, html (default: table, or from --output's extension)",
    );
    expect(help('report')).toBe(help('compare'));
    expect(help('sweep')).toBe("output format: table, json, csv, html (default: table, or from --output's extension)");
  });
});
