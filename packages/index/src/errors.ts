/** Why an index operation was refused. */
export type IndexErrorCode =
  | 'DIMENSION_MISMATCH'
  | 'METRIC_MISMATCH'
  | 'DUPLICATE_ID'
  | 'BAD_ARGUMENT'
  | 'BAD_FILE'
  | 'FAISS_UNAVAILABLE'
  | 'FAISS_ERROR';

/**
 * The one error type of `@twotower/index`. The message names the field, row or id at fault and
 * what to do; `code` is stable for programs to branch on.
 */
export class IndexError extends Error {
  readonly code: IndexErrorCode;

  constructor(code: IndexErrorCode, message: string) {
    super(message);
    this.name = 'IndexError';
    this.code = code;
  }
}
