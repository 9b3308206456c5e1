import type { RowIssueCode } from './vms-event.js';

/**
 * Thrown inside the readers for a problem with the file as a whole (empty, binary, ZIP bomb…);
 * readVmsFile turns it into one error item, so callers never see it thrown.
 */
export class VmsFileError extends Error {
  readonly code: RowIssueCode;
  readonly line: number;
  readonly column: string | undefined;

  constructor(code: RowIssueCode, message: string, line = 1, column?: string) {
    super(message);
    this.name = 'VmsFileError';
    this.code = code;
    this.line = line;
    this.column = column;
  }
}
