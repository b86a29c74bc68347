import { TopK } from '@twotower/utils';

/**
 * @internal Each row's `k` nearest other rows by cosine similarity, exact (O(rows² × dim)): for
 * tests and benches on a few thousand rows, not a search index. Rows whose vector is all zeros
 * (untrained) have no neighbours and are no one's neighbour; their slots hold -1.
 *
 * @param vectors `[rows × dim]`.
 * @returns `[rows × k]` row ids, nearest first (ties by lower row).
 */
export function cosineNeighbours(vectors: Float32Array, dim: number, k: number): Int32Array {
  const rows = vectors.length / dim;
  const unit = new Float32Array(vectors.length);
  const live = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += vectors[r * dim + d]! ** 2;
    if (norm === 0) continue;
    live[r] = 1;
    const inv = 1 / Math.sqrt(norm);
    for (let d = 0; d < dim; d++) unit[r * dim + d] = vectors[r * dim + d]! * inv;
  }
  const out = new Int32Array(rows * k).fill(-1);
  const heap = new TopK(k);
  for (let a = 0; a < rows; a++) {
    if (live[a] === 0) continue;
    for (let b = 0; b < rows; b++) {
      if (b === a || live[b] === 0) continue;
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += unit[a * dim + d]! * unit[b * dim + d]!;
      heap.push(b, dot);
    }
    heap.drainSorted(out, a * k);
  }
  return out;
}
