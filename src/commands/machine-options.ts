// The options that tie the parts of one measurement made on several machines: a run id, this
// machine's name, and the wall-clock time they all start at.
import { hostname } from 'node:os';
import { UsageError } from '../shared/errors.js';
import { parseDuration } from '../shared/units.js';

/** Letters, digits and `_ . -`, starting with a letter or digit: safe in an event's tag and a file name. */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

/** Furthest ahead `--start-at` may be: a day. */
const MAX_AHEAD_MS = 86_400_000;

/** `--run-id`: the id every machine of one measurement is given. */
export function parseRunId(text: string): string {
  if (!ID.test(text))
    throw new UsageError(
      `--run-id: '${text}' is not an id; use 1 to 32 letters, digits, _ . or -, starting with a letter or digit`,
    );
  return text;
}

/** `--machine`: this machine's name among the run's. */
export function parseMachine(text: string): string {
  if (!ID.test(text))
    throw new UsageError(
      `--machine: '${text}' is not a name; use 1 to 32 letters, digits, _ . or -, starting with a letter or digit`,
    );
  return text;
}

/** This machine's name when none is given: the host name, cut to what an id may hold. */
export function defaultMachine(): string {
  const name = hostname()
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 32);
  return ID.test(name) ? name : 'machine';
}

/**
 * `--start-at`: a wall-clock time, ISO 8601 with its zone (`2026-11-30T21:00:00Z`) or from now
 * (`+30s`), within the next day; as milliseconds since the epoch. `now` is the clock to read.
 */
export function parseStartAt(text: string, now = Date.now()): number {
  const at = text.startsWith('+') ? now + parseDuration('--start-at', text.slice(1)) : Date.parse(text);
  if (!text.startsWith('+') && (!/(Z|[+-]\d\d:?\d\d)$/i.test(text) || Number.isNaN(at))) {
    throw new UsageError(
      `--start-at: '${text}' is not a time; use ISO 8601 with its zone (2026-11-30T21:00:00Z) or +DURATION (+30s)`,
    );
  }
  if (at < now) throw new UsageError(`--start-at: '${text}' is already past (now is ${new Date(now).toISOString()})`);
  if (at - now > MAX_AHEAD_MS)
    throw new UsageError(`--start-at: '${text}' is more than a day ahead; give a time within the next 24 h`);
  return at;
}
