/**
 * A bad argument given to `@twotower/utils` (a capacity that is not a non-negative integer, an
 * excluded index outside the scores, an output buffer too short). A `RangeError`, so generic code
 * can catch it as one; packages with their own error type rethrow it with {@link field} and
 * {@link detail}.
 */
export class UtilsInputError extends RangeError {
  /** The argument at fault, e.g. `'k'` or `'exclude[3]'`. */
  readonly field: string;
  /** What is wrong and what to do, without the field name. */
  readonly detail: string;

  constructor(field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.name = 'UtilsInputError';
    this.field = field;
    this.detail = detail;
  }
}
