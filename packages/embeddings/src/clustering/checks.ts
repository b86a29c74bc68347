/**
 * A bad argument given to the k-means, silhouette or segment functions of `@twotower/embeddings`
 * (a `k` larger than the rows, vectors whose length is not `rows × dim`, an assignment outside
 * `[0, k)`, ids of the wrong length). The message names the field or row at fault and what to do.
 * A `RangeError`, so generic code can catch it as one.
 */
export class ClusterInputError extends RangeError {
  /** The argument at fault, e.g. `'k'` or `'assignments[17]'`. */
  readonly field: string;
  /** What is wrong and what to do, without the field name. */
  readonly detail: string;

  constructor(field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.name = 'ClusterInputError';
    this.field = field;
    this.detail = detail;
  }
}

/** @internal Throws unless `value` is an integer >= `min`; returns it. */
export function checkInt(field: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new ClusterInputError(field, `expected an integer >= ${min}, got ${value}`);
  }
  return value;
}

/** @internal Throws unless `vectors` holds `rows × dim` finite numbers; returns `rows`. */
export function checkVectors(vectors: Float32Array, dim: number): number {
  checkInt('dim', dim, 1);
  if (!(vectors instanceof Float32Array)) {
    throw new ClusterInputError('vectors', 'expected a Float32Array [rows × dim]; convert with Float32Array.from(...)');
  }
  if (vectors.length % dim !== 0) {
    throw new ClusterInputError('vectors', `length ${vectors.length} is not a multiple of dim ${dim}; pass rows × dim values`);
  }
  for (let i = 0; i < vectors.length; i++) {
    if (!Number.isFinite(vectors[i]!)) {
      throw new ClusterInputError(`vectors[row ${Math.floor(i / dim)}]`, `value ${vectors[i]} at column ${i % dim} is not finite; drop or repair the row`);
    }
  }
  return vectors.length / dim;
}

/** @internal Throws unless every assignment is an integer in `[0, k)`. */
export function checkAssignments(assignments: Int32Array, k: number, rows: number): void {
  checkInt('k', k, 1);
  if (assignments.length !== rows) {
    throw new ClusterInputError('assignments', `expected one per row (${rows}), got ${assignments.length}`);
  }
  for (let i = 0; i < rows; i++) {
    const a = assignments[i]!;
    if (a < 0 || a >= k) throw new ClusterInputError(`assignments[${i}]`, `segment ${a} is outside [0, ${k}); pass the k the assignments were made with`);
  }
}
