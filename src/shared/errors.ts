/** Stable error codes; tests and scripts match on these, never on messages. */
export type ErrorCode =
  | 'PVP_ERR_BAD_OPTION'
  | 'PVP_ERR_PORT_IN_USE'
  | 'PVP_ERR_SERVER_START'
  | 'PVP_ERR_SERVER_EXIT'
  | 'PVP_ERR_SERVER_TIMEOUT'
  | 'PVP_ERR_BAD_HOST';

/** A setup failure with a stable `code`. */
export class PvpError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
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

/** A stable code for a fault seen during a run (a reset, a refused request, a bad status). */
export function faultCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  if (error instanceof Error && error.name) return error.name;
  return 'UNKNOWN';
}
