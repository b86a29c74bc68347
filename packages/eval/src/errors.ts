/**
 * The one error type of `@twotower/eval`: bad arguments (wrong lengths, ids out of range, invalid
 * options). The message names the field, row or id at fault and says what to do.
 */
export class EvalInputError extends Error {
  /** The option or argument at fault, e.g. `'test.item'` or `'ks'`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'EvalInputError';
    this.field = field;
  }
}

/** @internal Throws unless `value` is an integer >= `min`. */
export function checkInteger(field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new EvalInputError(field, `expected an integer >= ${min}, got ${value}`);
  }
}

/** @internal Validates and normalises a list of cut-offs: positive integers, sorted ascending, unique. */
export function normaliseKs(field: string, ks: readonly number[]): number[] {
  if (ks.length === 0) throw new EvalInputError(field, 'is empty; give at least one cut-off such as [10]');
  for (const k of ks) {
    if (!Number.isInteger(k) || k < 1) {
      throw new EvalInputError(field, `contains ${k}; every cut-off must be a positive integer`);
    }
  }
  return [...new Set(ks)].sort((a, b) => a - b);
}
