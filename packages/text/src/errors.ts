/**
 * A bad argument given to `@twotower/text` (an empty text, a batch size that is not a positive
 * integer, catalogue columns of different lengths, model files that are missing). A `RangeError`,
 * so generic code can catch it as one; {@link field} names the argument or row at fault and
 * {@link detail} says what is wrong and what to do.
 */
export class TextInputError extends RangeError {
  /** The argument at fault, e.g. `'texts[3]'` or `'options.batchSize'`. */
  readonly field: string;
  /** What is wrong and what to do, without the field name. */
  readonly detail: string;

  constructor(field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.name = 'TextInputError';
    this.field = field;
    this.detail = detail;
  }
}
