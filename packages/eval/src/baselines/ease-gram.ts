import type { UserItemCsr } from '../protocols/user-item-csr';

/** Multiply-adds {@link easeGramLower} counts: Σ over users of d(d+1)/2 for d training items. */
export function easeGramWork(csr: UserItemCsr): number {
  let work = 0;
  for (let u = 0; u + 1 < csr.offsets.length; u++) {
    const d = csr.offsets[u + 1]! - csr.offsets[u]!;
    work += (d * (d + 1)) / 2;
  }
  return work;
}

/**
 * Writes the lower triangle (diagonal included) of `XᵀX + λI` into `out` (`[numItems × numItems]`
 * row-major, zero on entry; the upper triangle is left as it is), X the binary user-item matrix
 * of `csr` (each user's items sorted, each once). Row by row: item i's row gets, for every user
 * who has i, one count per item j ≤ i of that user, so that each row is written while it is in
 * cache (user by user, the writes land on random rows of a matrix far larger than the caches).
 * `onRow(i, done)`, given, is called after row i with the counts done so far (of {@link easeGramWork}).
 */
export function easeGramLower(csr: UserItemCsr, numItems: number, lambda: number, out: Float32Array | Float64Array, onRow?: (row: number, done: number) => void): void {
  const n = numItems;
  const { offsets, items } = csr;
  const numUsers = offsets.length - 1;
  // item → (user's run start, position of the item in it) for each user who has the item
  const starts = new Int32Array(n + 1);
  for (let p = 0; p < items.length; p++) starts[items[p]! + 1]!++;
  for (let i = 0; i < n; i++) starts[i + 1]! += starts[i]!;
  const fill = starts.slice(0, n);
  const runStart = new Int32Array(items.length);
  const at = new Int32Array(items.length);
  for (let u = 0; u < numUsers; u++) {
    for (let p = offsets[u]!; p < offsets[u + 1]!; p++) {
      const slot = fill[items[p]!]!++;
      runStart[slot] = offsets[u]!;
      at[slot] = p;
    }
  }
  let done = 0;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let h = starts[i]!; h < starts[i + 1]!; h++) {
      const end = at[h]!; // the user's items before i (sorted), then i itself
      for (let q = runStart[h]!; q <= end; q++) out[row + items[q]!]! += 1;
      done += end - runStart[h]! + 1;
    }
    out[row + i]! += lambda;
    onRow?.(i, done);
  }
}
