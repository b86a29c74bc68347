import { TopK } from '@twotower/utils';
import { EmbeddingsInputError } from './errors';

/**
 * Each row's `k` nearest other rows by cosine similarity, best first (ties by lower index).
 * Rows whose norm is 0 (untrained tokens) are neither queried nor returned: their lists are
 * filled with -1.
 *
 * @param vectors `[rows × dim]`.
 * @param dim vector size.
 * @param k neighbours per row.
 * @returns neighbour ids `[rows × k]`, -1 where fewer than `k` exist.
 */
export function cosineNeighbours(vectors: Float32Array, dim: number, k: number): Int32Array {
  if (!Number.isInteger(dim) || dim < 1 || vectors.length % dim !== 0) {
    throw new EmbeddingsInputError('dim', `${dim} must be a positive integer dividing vectors.length (${vectors.length})`);
  }
  if (!Number.isInteger(k) || k < 0) throw new EmbeddingsInputError('k', `${k} must be a non-negative integer`);
  const rows = vectors.length / dim;
  const unit = new Float32Array(vectors.length);
  const live = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += vectors[r * dim + d]! * vectors[r * dim + d]!;
    if (s <= 0) continue;
    live[r] = 1;
    const inv = 1 / Math.sqrt(s);
    for (let d = 0; d < dim; d++) unit[r * dim + d] = vectors[r * dim + d]! * inv;
  }
  const out = new Int32Array(rows * k).fill(-1);
  const heap = new TopK(k);
  for (let r = 0; r < rows; r++) {
    if (live[r] === 0) continue;
    heap.reset(k);
    for (let c = 0; c < rows; c++) {
      if (c === r || live[c] === 0) continue;
      let s = 0;
      for (let d = 0; d < dim; d++) s += unit[r * dim + d]! * unit[c * dim + d]!;
      heap.push(c, s);
    }
    heap.drainSorted(out, r * k);
  }
  return out;
}
