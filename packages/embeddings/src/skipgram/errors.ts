/**
 * A bad argument given to the skip-gram or item2vec trainers: the message names the field (or
 * row, or token) at fault and what to do. A `RangeError`, so generic code can catch it as one.
 */
export class SkipGramInputError extends RangeError {
  /** The argument at fault, e.g. `'options.dim'` or `'corpus.tokens[12]'`. */
  readonly field: string;

  constructor(field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.name = 'SkipGramInputError';
    this.field = field;
  }
}
