import { checkInteger, EmbeddingsInputError } from '../errors';

/** @internal Throws unless `vectors` holds `rows × dim` finite numbers; returns `rows`. */
export function checkVectors(vectors: Float32Array, dim: number): number {
  checkInteger('dim', dim, 1);
  if (!(vectors instanceof Float32Array)) {
    throw new EmbeddingsInputError('vectors', 'expected a Float32Array [rows × dim]; convert with Float32Array.from(...)');
  }
  if (vectors.length % dim !== 0) {
    throw new EmbeddingsInputError('vectors', `length ${vectors.length} is not a multiple of dim ${dim}; pass rows × dim values`);
  }
  for (let i = 0; i < vectors.length; i++) {
    if (!Number.isFinite(vectors[i]!)) {
      throw new EmbeddingsInputError(`vectors[row ${Math.floor(i / dim)}]`, `value ${vectors[i]} at column ${i % dim} is not finite; drop or repair the row`);
    }
  }
  return vectors.length / dim;
}

/** @internal Throws unless every assignment is an integer in `[0, k)`. */
export function checkAssignments(assignments: Int32Array, k: number, rows: number): void {
  checkInteger('k', k, 1);
  if (assignments.length !== rows) {
    throw new EmbeddingsInputError('assignments', `expected one per row (${rows}), got ${assignments.length}`);
  }
  for (let i = 0; i < rows; i++) {
    const a = assignments[i]!;
    if (a < 0 || a >= k) throw new EmbeddingsInputError(`assignments[${i}]`, `segment ${a} is outside [0, ${k}); pass the k the assignments were made with`);
  }
}
