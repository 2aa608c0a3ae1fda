// Which options each command takes, by name, and the one way they are added to a command:
// the sets several commands share (a run's parameters, the wire, the document) and commander's
// side of an option (its flags, help and default).
import { type Command, Option } from 'commander';
import { OPTIONS, type FormatOption, type OptionBase, type OptionKey } from './options.js';

/** The run parameters of a comparison, in the order `compare --help` lists them. */
export const RUN_OPTION_KEYS = [
  'transports',
  'clients',
  'rate',
  'duration',
  'pollInterval',
  'payload',
  'longPollTimeout',
  'host',
  'port',
  'seed',
  'rtt',
  'jitter',
  'headers',
] as const satisfies readonly OptionKey[];

/** One run parameter's key. */
export type RunOptionKey = (typeof RUN_OPTION_KEYS)[number];

/** An app measured as it is: how the tool publishes into it, and each lane it reads (compare and sweep). */
export const APP_OPTION_KEYS = [
  'publish',
  'publishBody',
  'publishHeader',
  'receive',
  'receiveSend',
] as const satisfies readonly OptionKey[];

/** The wire options: TLS and HTTP/2, for every command that starts the demo server. */
export const WIRE_OPTION_KEYS = ['tls', 'http2'] as const satisfies readonly OptionKey[];

/** The wire switches as commander hands them over. */
export interface RawWireOptions {
  tls?: boolean;
  http2?: boolean;
}

/** Where a command's document goes and in which format: compare, report and sweep. */
export const DOCUMENT_OPTION_KEYS = [
  'format',
  'json',
  'output',
  'quiet',
  'details',
] as const satisfies readonly OptionKey[];

/** The document options of a command that writes formats of its own (sweep): its `--format` in place of the shared. */
export function documentOptions(format: FormatOption<string>): (OptionKey | OptionBase)[] {
  return DOCUMENT_OPTION_KEYS.map((key) => (key === 'format' ? format : key));
}

/** The output and check options that `compare` and `report` share. */
export const OUTPUT_OPTION_KEYS = [
  ...DOCUMENT_OPTION_KEYS,
  'threshold',
  'baseline',
  'maxRegression',
] as const satisfies readonly OptionKey[];

/** Options as commander hands them over: each one's text, before parsing. */
export type RawOptions<K extends OptionKey> = { [P in K]: string };

const collect = (text: string, previous: string[] = []): string[] => [...previous, text];

/**
 * Adds the named options to `command` in the order given, each with its default unless `defaults` gives another; an
 * entry may be an option made for the command (a `formatOption` of its own formats) in place of a name.
 */
export function addOptions(
  command: Command,
  keys: readonly (OptionKey | OptionBase)[],
  defaults: Partial<Record<OptionKey, string>> = {},
): Command {
  for (const key of keys) {
    const base: OptionBase = typeof key === 'string' ? OPTIONS[key] : key;
    const fallback = (typeof key === 'string' ? defaults[key] : undefined) ?? base.default;
    const option = new Option(base.flags, base.description);
    if (base.repeatable) option.argParser(collect);
    // Shown as typed (`default: 50`), not as a JSON string.
    else if (fallback !== undefined) option.default(fallback, fallback);
    command.addOption(option);
  }
  return command;
}

/** Adds the options group by group, each under its heading in `--help`: the common ones first. */
export function addOptionGroups(
  command: Command,
  groups: ReadonlyArray<readonly [heading: string, keys: readonly (OptionKey | OptionBase)[]]>,
  defaults: Partial<Record<OptionKey, string>> = {},
): Command {
  for (const [heading, keys] of groups) addOptions(command.optionsGroup(heading), keys, defaults);
  return command;
}

/** The defaults of the named options, as a user would type them; every one must have a default. */
export function defaultsOf<K extends OptionKey>(keys: readonly K[]): RawOptions<K> {
  const defaults: Partial<RawOptions<K>> = {};
  for (const key of keys) {
    const option: OptionBase = OPTIONS[key];
    if (option.default === undefined) throw new Error(`${option.flags} has no default`);
    defaults[key] = option.default;
  }
  return defaults as RawOptions<K>;
}
