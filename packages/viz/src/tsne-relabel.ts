import type { SparseP } from './joint-probabilities';

/*
 * Barnes-Hut t-SNE renames the points into the quadtree order of the starting layout (see
 * `tsne`): P is renamed before the optimisation, the layout renamed back after it.
 */

/** The symmetric sparse P with point i renamed rank[i] (`order` is rank's inverse). */
export function relabel(p: SparseP, n: number, order: Int32Array, rank: Int32Array): SparseP {
  const indptr = new Int32Array(n + 1);
  const indices = new Int32Array(p.indices.length);
  const values = new Float64Array(p.values.length);
  let e = 0;
  for (let a = 0; a < n; a++) {
    const i = order[a]!;
    const from = p.indptr[i]!;
    const to = p.indptr[i + 1]!;
    const cols = Array.from({ length: to - from }, (_, t) => from + t).sort((u, v) => rank[p.indices[u]!]! - rank[p.indices[v]!]!);
    for (const src of cols) {
      indices[e] = rank[p.indices[src]!]!;
      values[e] = p.values[src]!;
      e++;
    }
    indptr[a + 1] = e;
  }
  return { indptr, indices, values };
}

/** `[n, 2]` layout back in the caller's row order. */
export function unrelabel(y: Float64Array, rank: Int32Array): Float32Array {
  const out = new Float32Array(y.length);
  for (let i = 0; i < rank.length; i++) {
    out[2 * i] = y[2 * rank[i]!]!;
    out[2 * i + 1] = y[2 * rank[i]! + 1]!;
  }
  return out;
}
