import { TopK, progressReporter, type ProgressCallback } from '@twotower/utils';
import { VizInputError } from './errors';
import { countRows, type Vectors } from './vectors';

/** The k nearest neighbours of every row (the row itself excluded). */
export interface KnnResult {
  /** Neighbours per row. */
  k: number;
  /** `[n, k]` neighbour row indices, nearest first (ties: lower index first). */
  indices: Int32Array;
  /** `[n, k]` squared euclidean distances, ascending within each row. */
  distances: Float64Array;
}

/** Options of {@link exactKnn}. */
export interface KnnOptions {
  /**
   * Called as rows are done (`done` of `n` rows; row i pairs with every later row, so early rows
   * take longer), about 100 times, the last with `done === n`.
   */
  onProgress?: ProgressCallback;
}

/**
 * Exact k-nearest neighbours by squared euclidean distance, every pair computed once
 * (O(n² · dim) time, O(n · k) memory). Fast enough for tens of thousands of rows of
 * embedding width; deterministic.
 *
 * @param data `[n, dim]` row-major vectors.
 */
export function exactKnn(data: Vectors, dim: number, k: number, options: KnnOptions = {}): KnnResult {
  const n = countRows(data, dim);
  if (!Number.isInteger(k) || k < 1 || k > n - 1) {
    throw new VizInputError('k', `must be an integer in [1, ${n - 1}] (rows − 1); got ${k}`);
  }
  // One bounded heap per row; scores are negated distances, so ties go to the lower index.
  const heaps = Array.from({ length: n }, () => new TopK(k, { ties: 'lower-index' }));
  // Float64 copy: the inner loop reads one array type (monomorphic, faster in V8).
  const x = data instanceof Float64Array ? data : Float64Array.from(data);
  const tick = progressReporter(options.onProgress, n);
  for (let i = 0; i < n; i++) {
    const oi = i * dim;
    const hi = heaps[i]!;
    for (let j = i + 1; j < n; j++) {
      const s = -squaredDistanceUnrolled(x, oi, j * dim, dim);
      const hj = heaps[j]!;
      // most pairs are farther than both rows' current k-th neighbour: skip the calls
      if (s < hi.threshold && s < hj.threshold) continue;
      hi.push(j, s);
      hj.push(i, s);
    }
    tick(i + 1);
  }
  const indices = new Int32Array(n * k);
  const distances = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    heaps[i]!.drainSorted(indices, i * k, distances);
    for (let t = i * k; t < i * k + k; t++) distances[t] = -distances[t]!;
  }
  return { k, indices, distances };
}

/** Squared euclidean distance of rows at offsets `oi`, `oj` (4-way unrolled; symmetric bit for bit). */
function squaredDistanceUnrolled(x: Float64Array, oi: number, oj: number, dim: number): number {
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  let c = 0;
  for (; c + 3 < dim; c += 4) {
    const t0 = x[oi + c]! - x[oj + c]!;
    const t1 = x[oi + c + 1]! - x[oj + c + 1]!;
    const t2 = x[oi + c + 2]! - x[oj + c + 2]!;
    const t3 = x[oi + c + 3]! - x[oj + c + 3]!;
    d0 += t0 * t0;
    d1 += t1 * t1;
    d2 += t2 * t2;
    d3 += t3 * t3;
  }
  for (; c < dim; c++) {
    const t = x[oi + c]! - x[oj + c]!;
    d0 += t * t;
  }
  return d0 + d1 + (d2 + d3);
}
