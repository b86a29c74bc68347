/** Why a publish, a listing or a drop was refused. */
export type PublishErrorCode =
  /** An input array of the wrong length, a value that is not finite, a repeated id, a bad name or version. */
  | 'BAD_INPUT'
  /** `CREATE EXTENSION vector` failed: pgvector is not installed on the server (or not allowed). */
  | 'NO_PGVECTOR'
  /** The version (or model name) is not published. */
  | 'NOT_PUBLISHED'
  /** Dropping the version `current` points at. */
  | 'IS_CURRENT'
  /** The database holds something publishing did not write (a schema `tt_<version>` no published model lists). */
  | 'CONFLICT';

/**
 * The one error of `publishModel`, `listPublished`, `currentPublished` and `dropPublished` (errors of
 * PostgreSQL itself, such as a refused connection, pass through as `pg` raises them). The message
 * names the field, row, id or version at fault and what to do; `code` is stable for programs.
 */
export class PublishError extends Error {
  readonly code: PublishErrorCode;
  /** The input field at fault (`items.vectors`, `sets[1].ids[7]`, ...), for `BAD_INPUT`. */
  readonly field?: string;

  constructor(code: PublishErrorCode, message: string, field?: string) {
    super(field === undefined ? message : `${field}: ${message}`);
    this.name = 'PublishError';
    this.code = code;
    if (field !== undefined) this.field = field;
  }
}
