import { topKIndices } from '@twotower/utils';
import { squaredDistance } from './distances';
import { Task } from './kmeans-kernels';
import type { KMeansPool } from './kmeans-pool';

/** @internal One k-means run's outcome (centres in double; copies, not the pool's arrays). */
export interface LloydRun {
  centroids: Float64Array;
  assignments: Int32Array;
  inertia: number;
  iterations: number;
  /** Distances computed in E-steps, in units of k (full rows' worth): a measure of the work. */
  scans: number;
}

/**
 * @internal Lloyd's k-means from the pool's `centroids`, with Hamerly's bounds extended to
 * groups of centres as in Yinyang k-means (one upper bound on the distance to the assigned
 * centre; per group of about ten nearby centres, one lower bound on the distance to its other
 * centres) so that rows and groups that provably cannot change a row's cluster are skipped.
 * The centres are reordered by group first, so cluster numbers follow that order. Gives the same
 * iterations as plain Lloyd: each E-step assigns every row to its nearest centre (lowest index
 * on ties), each M-step moves the centres to their rows' means. Stops as scikit-learn 1.2's
 * `_kmeans_single_lloyd`: when no assignment changed, or when Σ_j ||c_j(new) − c_j(old)||² <= tol;
 * then (unless no assignment changed) assigns the rows to the final centres. An empty cluster is
 * re-seeded, as scikit-learn, with the row farthest from its centre.
 *
 * @param tick called with the iteration number after each iteration.
 */
export function lloyd(pool: KMeansPool, maxIterations: number, tol: number, tick: (iteration: number) => void): LloydRun {
  const { rows, dim, k, groups, x, centroids, cNorms, half, assign, upper, lower, groupStart, dSums, dCounts, stats } = pool.state;
  groupCentres(pool);
  const groupShift = new Float64Array(groups);
  assign.fill(-1);
  upper.fill(Infinity);
  lower.fill(0); // forces a full scan on the first E-step
  const sums = new Float64Array(k * dim);
  const counts = new Int32Array(k);
  const shift = new Float64Array(k);
  const old = new Float64Array(k * dim);
  let scans = 0;

  const eStep = (): number => {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += centroids[j * dim + d]! * centroids[j * dim + d]!;
      cNorms[j] = s;
    }
    half.fill(Infinity);
    for (let j = 0; j < k; j++) {
      for (let q = j + 1; q < k; q++) {
        const h = 0.5 * Math.sqrt(squaredDistance(centroids, j * dim, centroids, q * dim, dim));
        if (h < half[j]!) half[j] = h;
        if (h < half[q]!) half[q] = h;
      }
    }
    pool.run(Task.Assign);
    for (let p = 0; p < 2; p++) {
      for (let j = 0; j < k; j++) counts[j] = counts[j]! + dCounts[p * k + j]!;
      for (let e = 0; e < k * dim; e++) sums[e] = sums[e]! + dSums[p * k * dim + e]!;
    }
    scans += stats[1]! + stats[3]!;
    return stats[0]! + stats[2]!;
  };

  let iterations = 0;
  let strict = false;
  for (let it = 0; it < maxIterations; it++) {
    const changed = eStep();
    iterations = it + 1;
    old.set(centroids);
    const forced = relocateEmpty(pool, counts, sums);
    for (let j = 0; j < k; j++) {
      const n = counts[j]!;
      if (n > 0) for (let d = 0; d < dim; d++) centroids[j * dim + d] = sums[j * dim + d]! / n;
    }
    let total = 0;
    groupShift.fill(0);
    for (let g = 0; g < groups; g++) {
      for (let j = groupStart[g]!; j < groupStart[g + 1]!; j++) {
        const s2 = squaredDistance(centroids, j * dim, old, j * dim, dim);
        total += s2;
        shift[j] = Math.sqrt(s2);
        if (shift[j]! > groupShift[g]!) groupShift[g] = shift[j]!;
      }
    }
    for (let i = 0; i < rows; i++) {
      upper[i] = upper[i]! + shift[assign[i]!]!;
      for (let g = 0, o = i * groups; g < groups; g++) lower[o + g] = lower[o + g]! - groupShift[g]!;
    }
    for (const i of forced) {
      upper[i] = Infinity;
      lower.fill(0, i * groups, (i + 1) * groups);
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
  return { centroids: centroids.slice(), assignments: assign.slice(), inertia, iterations, scans };
}

/**
 * Sorts the centres into `groups` groups of nearby centres (five Lloyd iterations on the centres
 * themselves, from the first `groups` of them: k-means++ spreads those) and reorders them so that
 * each group is contiguous, as `groupStart` says. One group: nothing moves.
 */
function groupCentres(pool: KMeansPool): void {
  const { k, dim, groups, centroids, groupStart } = pool.state;
  groupStart[0] = 0;
  groupStart[groups] = k;
  if (groups === 1) return;
  const seeds = centroids.slice(0, groups * dim);
  const of = new Int32Array(k);
  for (let it = 0; it < 5; it++) {
    for (let j = 0; j < k; j++) {
      let best = 0;
      let bestD = Infinity;
      for (let g = 0; g < groups; g++) {
        const d = squaredDistance(centroids, j * dim, seeds, g * dim, dim);
        if (d < bestD) {
          bestD = d;
          best = g;
        }
      }
      of[j] = best;
    }
    const n = new Int32Array(groups);
    const sum = new Float64Array(groups * dim);
    for (let j = 0; j < k; j++) {
      n[of[j]!] = n[of[j]!]! + 1;
      for (let d = 0; d < dim; d++) sum[of[j]! * dim + d] = sum[of[j]! * dim + d]! + centroids[j * dim + d]!;
    }
    for (let g = 0; g < groups; g++) if (n[g]! > 0) for (let d = 0; d < dim; d++) seeds[g * dim + d] = sum[g * dim + d]! / n[g]!;
  }
  const order = Array.from({ length: k }, (_, j) => j).sort((p, q) => of[p]! - of[q]! || p - q);
  const copy = centroids.slice();
  order.forEach((j, pos) => centroids.set(copy.subarray(j * dim, j * dim + dim), pos * dim));
  for (let g = 0, pos = 0; g < groups; g++) {
    groupStart[g] = pos;
    while (pos < k && of[order[pos]!] === g) pos++;
  }
}

/**
 * Moves each empty cluster onto one of the rows farthest from their centre (scikit-learn's
 * `_relocate_empty_clusters`), taking the row out of its old cluster's sums. Rows in clusters of
 * one are not taken (that would empty their cluster). Returns the rows moved.
 */
function relocateEmpty(pool: KMeansPool, counts: Int32Array, sums: Float64Array): number[] {
  const { rows, dim, k, x, centroids, assign } = pool.state;
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
