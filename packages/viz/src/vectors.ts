import { VizInputError } from './errors';

/** Row-major vectors: `n × dim` numbers in one typed array. */
export type Vectors = Float32Array | Float64Array;

/**
 * Checks that `data` holds whole rows of `dim` finite numbers and returns the row count.
 * @param field the name used in error messages, e.g. `"data"`.
 */
export function countRows(data: Vectors, dim: number, field = 'data'): number {
  if (!(data instanceof Float32Array || data instanceof Float64Array)) {
    throw new VizInputError(field, 'expected a Float32Array or Float64Array of row-major vectors');
  }
  if (!Number.isInteger(dim) || dim < 1) {
    throw new VizInputError('dim', `must be a positive integer (got ${dim})`);
  }
  if (data.length % dim !== 0) {
    throw new VizInputError(
      field,
      `length ${data.length} is not a multiple of dim ${dim}: pass n × ${dim} numbers, row-major`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new VizInputError(
        field,
        `row ${Math.floor(i / dim)} column ${i % dim} is ${data[i]}: remove or repair non-finite values first`,
      );
    }
  }
  return data.length / dim;
}
