/**
 * A bad argument given to a function of `@twotower/embeddings` (an id outside its range, columns
 * of different lengths, vectors whose length is not `rows × dim`, an option that is not a
 * positive integer). The message is `` `${field}: ${detail}` ``: the field, row or node at fault
 * and what to do. A `RangeError`, so generic code can catch it as one.
 */
export class EmbeddingsInputError extends RangeError {
  /** The argument at fault, e.g. `'log.items[17]'`, `'options.walkLength'` or `'assignments[3]'`. */
  readonly field: string;
  /** What is wrong and what to do, without the field name. */
  readonly detail: string;

  constructor(field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.name = 'EmbeddingsInputError';
    this.field = field;
    this.detail = detail;
  }
}

/** @internal Throws unless `value` is an integer >= `min`; returns it. */
export function checkInteger(field: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new EmbeddingsInputError(field, `expected an integer >= ${min}, got ${value}`);
  }
  return value;
}

/** @internal Throws unless `value` is a finite number > 0; returns it. */
export function checkPositive(field: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new EmbeddingsInputError(field, `expected a finite number > 0, got ${value}`);
  }
  return value;
}
