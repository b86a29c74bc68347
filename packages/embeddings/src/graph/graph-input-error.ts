/**
 * A bad argument given to the graph builders, random walks or DeepWalk / node2vec trainers of
 * `@twotower/embeddings` (an id outside its range, columns of different lengths, an option that
 * is not a positive number). The message names the field, row or node at fault and what to do.
 * A `RangeError`, so generic code can catch it as one.
 */
export class GraphInputError extends RangeError {
  /** The argument at fault, e.g. `'log.items[17]'` or `'walkLength'`. */
  readonly field: string;
  /** What is wrong and what to do, without the field name. */
  readonly detail: string;

  constructor(field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.name = 'GraphInputError';
    this.field = field;
    this.detail = detail;
  }
}

/** @internal Throws unless `value` is an integer >= `min`; returns it. */
export function checkInteger(field: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new GraphInputError(field, `expected an integer >= ${min}, got ${value}`);
  }
  return value;
}

/** @internal Throws unless `value` is a finite number > 0; returns it. */
export function checkPositive(field: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new GraphInputError(field, `expected a finite number > 0, got ${value}`);
  }
  return value;
}
