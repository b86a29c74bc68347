import { topKIndices } from '@twotower/utils';
import { nearestTwo, rowSquaredNorms, squaredDistance } from './distances';

/** @internal One k-means run's outcome (centres in double). */
export interface LloydRun {
  centroids: Float64Array;
  assignments: Int32Array;
  inertia: number;
  iterations: number;
  /** Rows that needed a distance to every centre, over all E-steps (a measure of the work). */
  scans: number;
}

/**
 * @internal Lloyd's k-means from given centres, with Hamerly's bounds (one upper bound on the
 * distance to the assigned centre, one lower bound on the distance to any other) so that rows
 * whose assignment provably cannot change skip the distance computations. Gives the same
 * iterations as plain Lloyd: each E-step assigns every row to its nearest centre (lowest index
 * on ties), each M-step moves the centres to their rows' means. Stops as scikit-learn 1.2's
 * `_kmeans_single_lloyd`: when no assignment changed, or when Σ_j ||c_j(new) − c_j(old)||² <= tol;
 * then (unless no assignment changed) assigns the rows to the final centres. An empty cluster is
 * re-seeded, as scikit-learn, with the row farthest from its centre.
 *
 * @param x data `[rows × dim]`.
 * @param centroids starting centres `[k × dim]`; updated in place.
 * @param tick called with the iteration number after each iteration.
 */
export function lloydHamerly(x: Float64Array, rows: number, dim: number, centroids: Float64Array, k: number, maxIterations: number, tol: number, tick: (iteration: number) => void): LloydRun {
  const xNorms = rowSquaredNorms(x, rows, dim);
  const assign = new Int32Array(rows).fill(-1);
  const upper = new Float64Array(rows).fill(Infinity);
  const lower = new Float64Array(rows); // 0: forces a full scan on the first E-step
  const sums = new Float64Array(k * dim);
  const counts = new Int32Array(k);
  const cNorms = new Float64Array(k);
  const half = new Float64Array(k);
  const shift = new Float64Array(k);
  const old = new Float64Array(k * dim);
  const two = new Float64Array(3);
  let scans = 0;

  const eStep = (): number => {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += centroids[j * dim + d]! * centroids[j * dim + d]!;
      cNorms[j] = s;
    }
    for (let j = 0; j < k; j++) {
      let m = Infinity;
      for (let q = 0; q < k; q++) {
        if (q !== j) {
          const d2 = squaredDistance2(centroids, j * dim, q * dim, dim);
          if (d2 < m) m = d2;
        }
      }
      half[j] = 0.5 * Math.sqrt(m);
    }
    let changed = 0;
    for (let i = 0; i < rows; i++) {
      const a = assign[i]!;
      const bound = a >= 0 && half[a]! > lower[i]! ? half[a]! : lower[i]!;
      if (upper[i]! <= bound) continue;
      const xo = i * dim;
      if (a >= 0) {
        upper[i] = Math.sqrt(squaredDistance(x, xo, centroids, a * dim, dim));
        if (upper[i]! <= bound) continue;
      }
      // Full scan: nearest and second nearest centre.
      nearestTwo(x, xo, xNorms[i]!, centroids, cNorms, k, dim, two);
      const j1 = two[0]!;
      const b2 = two[2]!;
      scans++;
      if (j1 !== a) {
        // The norm trick may be off by rounding; the exact distance keeps the upper bound sound.
        upper[i] = Math.sqrt(squaredDistance(x, xo, centroids, j1 * dim, dim));
        changed++;
        if (a >= 0) {
          counts[a] = counts[a]! - 1;
          for (let d = 0; d < dim; d++) sums[a * dim + d] = sums[a * dim + d]! - x[xo + d]!;
        }
        counts[j1] = counts[j1]! + 1;
        for (let d = 0; d < dim; d++) sums[j1 * dim + d] = sums[j1 * dim + d]! + x[xo + d]!;
        assign[i] = j1;
      }
      lower[i] = Math.sqrt(b2);
    }
    return changed;
  };

  let iterations = 0;
  let strict = false;
  for (let it = 0; it < maxIterations; it++) {
    const changed = eStep();
    iterations = it + 1;
    old.set(centroids);
    const forced = relocateEmpty(x, dim, rows, centroids, k, assign, counts, sums);
    for (let j = 0; j < k; j++) {
      const n = counts[j]!;
      if (n > 0) for (let d = 0; d < dim; d++) centroids[j * dim + d] = sums[j * dim + d]! / n;
    }
    let total = 0;
    let max1 = 0;
    let max2 = 0;
    let jMax = -1;
    for (let j = 0; j < k; j++) {
      const s2 = squaredDistance2Pair(centroids, old, j * dim, dim);
      total += s2;
      const s = Math.sqrt(s2);
      shift[j] = s;
      if (s > max1) {
        max2 = max1;
        max1 = s;
        jMax = j;
      } else if (s > max2) max2 = s;
    }
    for (let i = 0; i < rows; i++) {
      const a = assign[i]!;
      upper[i] = upper[i]! + shift[a]!;
      lower[i] = lower[i]! - (a === jMax ? max2 : max1);
    }
    for (const i of forced) {
      upper[i] = Infinity;
      lower[i] = 0;
    }
    tick(iterations);
    if (changed === 0 && forced.length === 0) {
      strict = true;
      break;
    }
    if (total <= tol) break;
  }
  if (!strict) eStep();
  let inertia = 0;
  for (let i = 0; i < rows; i++) inertia += squaredDistance(x, i * dim, centroids, assign[i]! * dim, dim);
  return { centroids, assignments: assign, inertia, iterations, scans };
}

function squaredDistance2(c: Float64Array, ao: number, bo: number, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) {
    const t = c[ao + d]! - c[bo + d]!;
    s += t * t;
  }
  return s;
}

function squaredDistance2Pair(a: Float64Array, b: Float64Array, o: number, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) {
    const t = a[o + d]! - b[o + d]!;
    s += t * t;
  }
  return s;
}

/**
 * Moves each empty cluster onto one of the rows farthest from their centre (scikit-learn's
 * `_relocate_empty_clusters`), taking the row out of its old cluster's sums. Rows in clusters of
 * one are not taken (that would empty their cluster). Returns the rows moved.
 */
function relocateEmpty(x: Float64Array, dim: number, rows: number, centroids: Float64Array, k: number, assign: Int32Array, counts: Int32Array, sums: Float64Array): number[] {
  const empty: number[] = [];
  for (let j = 0; j < k; j++) if (counts[j] === 0) empty.push(j);
  if (empty.length === 0) return [];
  const far = new Float64Array(rows);
  for (let i = 0; i < rows; i++) far[i] = squaredDistance(x, i * dim, centroids, assign[i]! * dim, dim);
  // Rows skipped below are in clusters of one (at most k of them, plus those emptied here).
  const order = topKIndices(far, Math.min(rows, 2 * k + empty.length));
  const moved: number[] = [];
  let next = 0;
  for (const j of empty) {
    while (next < order.length && counts[assign[order[next]!]!]! < 2) next++;
    if (next >= order.length) break;
    const i = order[next++]!;
    const from = assign[i]!;
    counts[from] = counts[from]! - 1;
    for (let d = 0; d < dim; d++) sums[from * dim + d] = sums[from * dim + d]! - x[i * dim + d]!;
    counts[j] = 1;
    for (let d = 0; d < dim; d++) sums[j * dim + d] = x[i * dim + d]!;
    assign[i] = j;
    moved.push(i);
  }
  return moved;
}
