/** Where the CLI writes; tests pass their own. Commands write only through it, never to `process` directly. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** What a command module is registered with: where it writes, and where its action's exit code goes. */
export interface CommandContext {
  io: CliIo;
  setExit: (code: number) => void;
}

/** The process's own streams and environment. */
export const defaultIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

/**
 * The width to lay text out for, in columns: the terminal's own, else `COLUMNS` from the environment (a CI log, a
 * pipe), else 80.
 */
export function widthFor(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv): number {
  if (stream.isTTY && stream.columns !== undefined && stream.columns > 0) return stream.columns;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : 80;
}

/** True when `stream` is a terminal that wants colour (no `NO_COLOR`, not `TERM=dumb`). */
export function colorWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}
