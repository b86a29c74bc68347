import { deriveSeed, mulberry32, progressReporter } from '@twotower/utils';
import type { ProgressCallback } from '@twotower/utils';
import { checkVectors } from './checks';
import { checkInteger, EmbeddingsInputError } from '../errors';
import { lloyd } from './lloyd';
import type { LloydRun } from './lloyd';
import { kMeansPlusPlus } from './kmeans-plus-plus';
import { createPool } from './kmeans-pool';

/** How rows are compared: `'euclidean'` as given, or `'cosine'` (rows scaled to unit length first). */
export type ClusterMetric = 'euclidean' | 'cosine';

/** Options of {@link kMeans}. */
export interface KMeansOptions {
  /** Number of clusters (an integer in `[1, rows]`). Required. */
  k: number;
  /** Lloyd iterations per restart at most. Default 300 (scikit-learn's `max_iter`). */
  maxIterations?: number;
  /**
   * Convergence tolerance, relative to the data: a restart stops when the centres' total squared
   * shift Σ_j ||Δc_j||² is <= `tolerance ×` the mean per-column variance (or when no assignment
   * changes). Default 1e-4 (scikit-learn's `tol`). 0 runs until no assignment changes.
   */
  tolerance?: number;
  /** Independent k-means++ starts; the lowest inertia is kept (scikit-learn's `n_init`). Default 3. */
  restarts?: number;
  /** Seed of the k-means++ draws (restart `r` uses `deriveSeed(seed, r)`). Default 0. */
  seed?: number;
  /**
   * `'euclidean'` (default): squared Euclidean distance on the rows as given. `'cosine'`: every row
   * is scaled to unit length first (zero rows stay zero), then Euclidean k-means runs on those
   * (||a − b||² = 2 − 2·cos(a, b) for unit rows, so this clusters by cosine similarity); centroids
   * are means of unit rows (not re-normalised) and the inertia is measured on the unit rows.
   */
  metric?: ClusterMetric;
  /**
   * Threads: 2 splits the distance passes between this thread and a worker thread over shared
   * memory (same results as 1; only from the compiled package, with at least 20,000 rows).
   * Default: the `TWOTOWER_THREADS` environment variable, else min(2, available cores).
   */
  threads?: number;
  /** Progress in Lloyd iterations: `total` = restarts × maxIterations; a restart that converges early jumps ahead. */
  onProgress?: ProgressCallback;
}

/** The outcome of {@link kMeans} (plain data: typed arrays and numbers). */
export interface KMeansResult {
  /** Number of clusters. */
  k: number;
  /** Cluster centres `[k × dim]` (for `metric: 'cosine'`, means of the unit rows). */
  centroids: Float32Array;
  /** Cluster of each row `[rows]`, in `[0, k)`: the nearest centre (lowest index on ties). */
  assignments: Int32Array;
  /** Rows per cluster `[k]`. */
  sizes: Int32Array;
  /** Σ over rows of the squared distance to the assigned centre (of the kept restart). */
  inertia: number;
  /** Lloyd iterations of the kept restart. */
  iterations: number;
  /** Restarts run. */
  restarts: number;
}

/**
 * k-means clustering of `[rows × dim]` vectors, as scikit-learn's `KMeans` (`algorithm='lloyd'`):
 * greedy k-means++ seeding (`2 + ⌊ln k⌋` candidates per centre), Lloyd iterations (sped up by
 * Hamerly / Yinyang bounds, which skip the rows and groups of centres that cannot change a row's
 * cluster: the same iterations as plain Lloyd), a tolerance relative to the data's variance,
 * empty clusters re-seeded from the farthest rows, and the best of `restarts` seeded starts.
 * The distance passes run on two threads when the package is built (see `threads`).
 * Deterministic for a given seed, whatever the thread count. Cluster numbers carry no meaning
 * (centres are reordered into groups internally).
 *
 * ```ts
 * const { assignments, centroids, inertia } = kMeans(itemVectors, 32, { k: 20, seed: 7 });
 * ```
 *
 * @param vectors rows `[rows × dim]`, finite.
 * @param dim columns per row.
 * @throws EmbeddingsInputError for vectors not `rows × dim` finite values, a `k` outside `[1, rows]`,
 *   or a bad option.
 */
export function kMeans(vectors: Float32Array, dim: number, options: KMeansOptions): KMeansResult {
  const rows = checkVectors(vectors, dim);
  const k = checkInteger('k', options.k, 1);
  if (k > rows) throw new EmbeddingsInputError('k', `${k} clusters need at least ${k} rows, got ${rows}; lower k`);
  const maxIterations = checkInteger('maxIterations', options.maxIterations ?? 300, 1);
  const restarts = checkInteger('restarts', options.restarts ?? 3, 1);
  const tolerance = options.tolerance ?? 1e-4;
  if (!(Number.isFinite(tolerance) && tolerance >= 0)) throw new EmbeddingsInputError('tolerance', `expected a finite number >= 0, got ${tolerance}`);
  const metric = options.metric ?? 'euclidean';
  if (metric !== 'euclidean' && metric !== 'cosine') throw new EmbeddingsInputError('metric', `expected 'euclidean' or 'cosine', got '${String(metric)}'`);
  const seed = options.seed ?? 0;
  if (options.threads !== undefined) checkInteger('threads', options.threads, 1);
  const pool = createPool(vectors, rows, dim, k, metric === 'cosine', options.threads);
  const tol = tolerance * meanColumnVariance(pool.state.x, rows, dim);

  const tick = progressReporter(options.onProgress, restarts * maxIterations);
  let best: LloydRun | undefined;
  try {
    for (let r = 0; r < restarts; r++) {
      kMeansPlusPlus(pool, mulberry32(deriveSeed(seed, r)));
      const run = lloyd(pool, maxIterations, tol, (it) => tick(r * maxIterations + it));
      tick((r + 1) * maxIterations);
      if (best === undefined || run.inertia < best.inertia) best = run;
    }
  } finally {
    pool.close();
  }
  const kept = best!;
  const sizes = new Int32Array(k);
  for (let i = 0; i < rows; i++) {
    const a = kept.assignments[i]!;
    sizes[a] = sizes[a]! + 1;
  }
  return { k, centroids: Float32Array.from(kept.centroids), assignments: kept.assignments, sizes, inertia: kept.inertia, iterations: kept.iterations, restarts };
}

/** Mean over columns of each column's (population) variance, in double. */
function meanColumnVariance(x: Float64Array, rows: number, dim: number): number {
  const mean = new Float64Array(dim);
  const sq = new Float64Array(dim);
  for (let i = 0, o = 0; i < rows; i++, o += dim) {
    for (let d = 0; d < dim; d++) mean[d] = mean[d]! + x[o + d]!;
  }
  for (let d = 0; d < dim; d++) mean[d] = mean[d]! / rows;
  for (let i = 0, o = 0; i < rows; i++, o += dim) {
    for (let d = 0; d < dim; d++) {
      const t = x[o + d]! - mean[d]!;
      sq[d] = sq[d]! + t * t;
    }
  }
  let total = 0;
  for (let d = 0; d < dim; d++) total += sq[d]! / rows;
  return total / dim;
}
