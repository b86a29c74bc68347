/** What went wrong, as a stable machine-readable code. */
export type DataErrorCode =
  /** A file or directory the reader needs does not exist. */
  | 'FILE_NOT_FOUND'
  /** A directory does not look like any MovieLens layout the reader knows. */
  | 'UNKNOWN_LAYOUT'
  /** A row could not be parsed and `onBadRow` is `'throw'`. */
  | 'BAD_ROW'
  /** A header lacks a column named in the options. */
  | 'MISSING_COLUMN'
  /** An option has a value the function cannot use. */
  | 'BAD_OPTION'
  /** Input data (not a row) cannot be used, e.g. an empty log or mismatched lengths. */
  | 'BAD_INPUT'
  /** A download was needed but the network is disabled. */
  | 'NETWORK_DISABLED'
  /** The HTTP request failed or returned a non-200 status. */
  | 'DOWNLOAD_FAILED'
  /** A downloaded file does not match its published checksum. */
  | 'CHECKSUM_MISMATCH'
  /** A zip archive is malformed or uses a feature the extractor does not support. */
  | 'BAD_ARCHIVE';

/** Where an error happened, when it is about a file, a row or a field. */
export interface DataErrorDetails {
  /** The file concerned. */
  file?: string;
  /** 1-based line number in `file`. */
  line?: number;
  /** The field, column or option at fault. */
  field?: string;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * The one error type of `@twotower/data`. Its message names what is at fault (file, line, field
 * or option) and what to do about it; `code` is stable for programs to branch on.
 */
export class DataError extends Error {
  override readonly name = 'DataError';
  readonly code: DataErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;

  constructor(code: DataErrorCode, message: string, details: DataErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.file = details.file;
    this.line = details.line;
    this.field = details.field;
  }
}

/** Throws a `BAD_OPTION` error unless `value` is an integer in [min, max]. */
export function checkInteger(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new DataError('BAD_OPTION', `${field} must be an integer ${range}; got ${String(value)}.`, { field });
  }
}

/** Throws a `BAD_OPTION` error unless `value` is a finite number in the open/closed range given. */
export function checkFraction(field: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0 && value < 1)) {
    throw new DataError('BAD_OPTION', `${field} must be a number strictly between 0 and 1; got ${String(value)}.`, {
      field,
    });
  }
}
