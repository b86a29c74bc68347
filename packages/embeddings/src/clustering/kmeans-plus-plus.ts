import { squaredDistance } from './distances';
import { Task } from './kmeans-kernels';
import type { KMeansPool } from './kmeans-pool';

/**
 * @internal Greedy k-means++ seeding, as scikit-learn's `_kmeans_plusplus`, into the pool's
 * `centroids` `[k × dim]`: the first centre is a uniformly drawn row; each next one is the best
 * (lowest resulting potential Σ_x min distance²) of `2 + ⌊ln k⌋` rows drawn with probability
 * proportional to their squared distance to the nearest centre so far. Exact; the distance
 * passes run on both parts of the rows (see `seedPart`).
 *
 * @param random seeded uniform source on [0, 1).
 */
export function kMeansPlusPlus(pool: KMeansPool, random: () => number): void {
  const s = pool.state;
  const { rows, dim, k, trials, x, xNorms, centroids, closest, nearest, cand, candNorms, toCentres, trialDist, potsPart } = s;
  const first = Math.min(rows - 1, Math.floor(random() * rows));
  centroids.set(x.subarray(first * dim, first * dim + dim), 0);
  nearest.fill(0);
  for (let i = 0; i < rows; i++) closest[i] = squaredDistance(x, i * dim, centroids, 0, dim);
  const cumulative = new Float64Array(rows);
  const ids = new Int32Array(trials);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < rows; i++) {
      acc += closest[i]!;
      cumulative[i] = acc;
    }
    for (let t = 0; t < trials; t++) {
      const id = searchSorted(cumulative, random() * acc);
      ids[t] = id;
      cand.set(x.subarray(id * dim, id * dim + dim), t * dim);
      candNorms[t] = xNorms[id]!;
      for (let j = 0; j < c; j++) toCentres[t * k + j] = squaredDistance(x, id * dim, centroids, j * dim, dim);
    }
    pool.run(Task.Seed);
    let best = 0;
    let bestPot = Infinity;
    for (let t = 0; t < trials; t++) {
      const pot = potsPart[t]! + potsPart[trials + t]!;
      if (pot < bestPot) {
        bestPot = pot;
        best = t;
      }
    }
    const id = ids[best]!;
    centroids.set(x.subarray(id * dim, id * dim + dim), c * dim);
    const base = best * rows;
    for (let i = 0; i < rows; i++) {
      const v = trialDist[base + i]!;
      if (v < closest[i]!) {
        closest[i] = v;
        nearest[i] = c;
      }
    }
  }
}

/** First index whose cumulative value is >= `value` (numpy's `searchsorted`, side left), clipped to the last row. */
function searchSorted(cumulative: Float64Array, value: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
