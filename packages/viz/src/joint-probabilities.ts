import type { KnnResult } from './knn';
import { perplexityRow } from './perplexity';
import type { Vectors } from './vectors';

/** Smallest probability kept, as in scikit-learn (`np.finfo(np.double).eps`). */
export const MACHINE_EPSILON = 2.220446049250313e-16;

/** Index of pair (i, j), i < j, in a condensed upper-triangle array of n rows. */
function condensedIndex(n: number, i: number, j: number): number {
  return i * n - (i * (i + 1)) / 2 + (j - i - 1);
}

/**
 * Dense joint probabilities of exact t-SNE: per-row conditional probabilities over all other
 * rows at the given perplexity, then `p_ij = (p_j|i + p_i|j) / Σ`, floored at
 * {@link MACHINE_EPSILON}.
 *
 * @param data `[n, dim]` row-major vectors.
 * @param rowsDone called after each row's conditional probabilities with the rows done.
 * @returns condensed `[n (n − 1) / 2]` upper triangle (see {@link condensedIndex}).
 */
export function jointProbabilitiesDense(data: Vectors, dim: number, n: number, perplexity: number, rowsDone?: (rows: number) => void): Float64Array {
  const cond = new Float64Array(n * n);
  const row = new Float64Array(n - 1);
  const prow = new Float64Array(n - 1);
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let d = 0;
      for (let c = 0; c < dim; c++) {
        const x = data[i * dim + c]! - data[j * dim + c]!;
        d += x * x;
      }
      row[t++] = d;
    }
    perplexityRow(row, 0, n - 1, perplexity, prow);
    t = 0;
    for (let j = 0; j < n; j++) if (j !== i) cond[i * n + j] = prow[t++]!;
    rowsDone?.(i + 1);
  }
  const p = new Float64Array((n * (n - 1)) / 2);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = cond[i * n + j]! + cond[j * n + i]!;
      p[condensedIndex(n, i, j)] = v;
      sum += 2 * v;
    }
  }
  sum = Math.max(sum, MACHINE_EPSILON);
  for (let t = 0; t < p.length; t++) p[t] = Math.max(p[t]! / sum, MACHINE_EPSILON);
  return p;
}

/** A symmetric sparse matrix in CSR form (both (i, j) and (j, i) stored). */
export interface SparseP {
  /** `[n + 1]` row start offsets into `indices` / `values`. */
  indptr: Int32Array;
  /** Column index of each stored entry, ascending within a row. */
  indices: Int32Array;
  /** Value of each stored entry. */
  values: Float64Array;
}

/**
 * Sparse joint probabilities of Barnes-Hut t-SNE: conditional probabilities over each row's k
 * nearest neighbours, then `P + Pᵀ` normalised to sum 1.
 */
export function jointProbabilitiesSparse(knn: KnnResult, n: number, perplexity: number): SparseP {
  const { k, indices: nbr, distances } = knn;
  const cond = new Float64Array(n * k);
  for (let i = 0; i < n; i++) perplexityRow(distances, i * k, k, perplexity, cond);
  // Transpose of the kNN graph (who lists i as a neighbour), as CSR.
  const revStart = new Int32Array(n + 1);
  for (let t = 0; t < n * k; t++) revStart[nbr[t]! + 1]! += 1;
  for (let i = 0; i < n; i++) revStart[i + 1]! += revStart[i]!;
  const revFill = revStart.slice(0, n);
  const revRow = new Int32Array(n * k);
  const revVal = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const j = nbr[i * k + t]!;
      const f = revFill[j]!;
      revRow[f] = i;
      revVal[f] = cond[i * k + t]!;
      revFill[j] = f + 1;
    }
  }
  // Row i of P + Pᵀ: its own neighbours plus the rows that list it, merged in a dense accumulator.
  const acc = new Float64Array(n);
  const seen = new Uint8Array(n);
  const indptr = new Int32Array(n + 1);
  let cols = new Int32Array(2 * n * k);
  let vals = new Float64Array(2 * n * k);
  let nnz = 0;
  let total = 0;
  const touched = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let m = 0;
    const add = (j: number, v: number): void => {
      if (seen[j] === 0) {
        seen[j] = 1;
        touched[m++] = j;
      }
      acc[j]! += v;
    };
    for (let t = 0; t < k; t++) add(nbr[i * k + t]!, cond[i * k + t]!);
    for (let f = revStart[i]!; f < revStart[i + 1]!; f++) add(revRow[f]!, revVal[f]!);
    const row = touched.subarray(0, m).sort();
    for (let t = 0; t < m; t++) {
      const j = row[t]!;
      cols[nnz] = j;
      vals[nnz] = acc[j]!;
      total += acc[j]!;
      nnz++;
      acc[j] = 0;
      seen[j] = 0;
    }
    indptr[i + 1] = nnz;
  }
  cols = cols.slice(0, nnz);
  vals = vals.slice(0, nnz);
  total = Math.max(total, MACHINE_EPSILON);
  for (let t = 0; t < nnz; t++) vals[t]! /= total;
  return { indptr, indices: cols, values: vals };
}

/** The entries of a symmetric {@link SparseP} above the diagonal (j > i), same layout. */
export function upperTriangle(p: SparseP, n: number): SparseP {
  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let e = p.indptr[i]!; e < p.indptr[i + 1]!; e++) {
      if (p.indices[e]! > i) {
        indices.push(p.indices[e]!);
        values.push(p.values[e]!);
      }
    }
    indptr[i + 1] = indices.length;
  }
  return { indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
}
