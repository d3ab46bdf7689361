import type { Location } from '../types.js';

/** Codes of the report's `error` (exit 2): the check could not be completed. */
export type ErrorCode =
  | 'usage'
  | 'no-input'
  | 'unreadable'
  | 'config'
  | 'data'
  | 'policy'
  | 'engine'
  | 'baseline'
  | 'signing'
  | 'output'
  | 'internal';

/** An error that ends a command with exit 2 and a clear message (never a stack trace). */
export class CliError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly location: Location | null = null,
  ) {
    super(message);
    this.name = 'CliError';
  }

  /** `file:line:col: message` when the error has a place. */
  describe(): string {
    const where = this.location ? `${this.location.file}:${this.location.line}:${this.location.column}: ` : '';
    return `${where}${this.message}`;
  }
}
