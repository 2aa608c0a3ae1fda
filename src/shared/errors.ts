import type { SetupCode } from './faults.js';

/** A setup failure with a stable `code` from the fault catalog, which also gives its exit code. */
export class PvpError extends Error {
  /** Stable: tests and scripts match on it, never on the message. */
  readonly code: SetupCode;

  constructor(code: SetupCode, message: string) {
    super(message);
    this.name = 'PvpError';
    this.code = code;
  }
}

/** Bad command-line input: the CLI prints the message as one line and exits 2. */
export class UsageError extends PvpError {
  constructor(message: string) {
    super('PVP_ERR_BAD_OPTION', message);
    this.name = 'UsageError';
  }
}

/** A target that did not pass the preflight: the CLI prints the message as one line and exits 2. */
export class TargetError extends PvpError {
  constructor(message: string) {
    super('PVP_ERR_TARGET', message);
    this.name = 'TargetError';
  }
}
