import { dot, rowSquaredNorms, squaredDistance } from './distances';

/**
 * @internal Greedy k-means++ seeding, as scikit-learn's `_kmeans_plusplus`: the first centre is a
 * uniformly drawn row; each next one is the best (lowest resulting potential Σ_x min distance²)
 * of `2 + ⌊ln k⌋` rows drawn with probability proportional to their squared distance to the
 * nearest centre so far. Exact, but a row skips a candidate when its nearest centre is provably
 * closer (`||cand − c_near||² >= 4·D(x)`, the triangle inequality); distances to up to four
 * candidates are computed together.
 *
 * @param x data `[rows × dim]`.
 * @param random seeded uniform source on [0, 1).
 * @returns centres `[k × dim]` (double).
 */
export function kMeansPlusPlus(x: Float64Array, rows: number, dim: number, k: number, random: () => number): Float64Array {
  const centroids = new Float64Array(k * dim);
  const nearest = new Int32Array(rows);
  const closest = new Float64Array(rows);
  const xNorms = rowSquaredNorms(x, rows, dim);
  const trials = 2 + Math.floor(Math.log(k));
  const first = Math.min(rows - 1, Math.floor(random() * rows));
  centroids.set(x.subarray(first * dim, first * dim + dim), 0);
  for (let i = 0; i < rows; i++) closest[i] = squaredDistance(x, i * dim, centroids, 0, dim);
  const cumulative = new Float64Array(rows);
  const trialDist = new Float64Array(trials * rows);
  const ids = new Int32Array(trials);
  const cand = new Float64Array(trials * dim);
  const candNorms = new Float64Array(trials);
  // toCentres[t * k + j]: squared distance from candidate t to centre j.
  const toCentres = new Float64Array(trials * k);
  const pots = new Float64Array(trials);
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
    pots.fill(0);
    for (let t0 = 0; t0 < trials; t0 += 4) {
      const n = Math.min(4, trials - t0);
      if (n === 4) fourCandidates(x, xNorms, rows, dim, k, t0, cand, candNorms, toCentres, nearest, closest, trialDist, pots);
      else for (let t = t0; t < t0 + n; t++) oneCandidate(x, xNorms, rows, dim, k, t, cand, candNorms, toCentres, nearest, closest, trialDist, pots);
    }
    let best = 0;
    for (let t = 1; t < trials; t++) if (pots[t]! < pots[best]!) best = t;
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
  return centroids;
}

/** min(D(x), d²(x, candidate t)) for every row, into `trialDist[t]`, summed into `pots[t]`. */
function oneCandidate(x: Float64Array, xNorms: Float64Array, rows: number, dim: number, k: number, t: number, cand: Float64Array, candNorms: Float64Array, toCentres: Float64Array, nearest: Int32Array, closest: Float64Array, trialDist: Float64Array, pots: Float64Array): void {
  const base = t * rows;
  let pot = 0;
  for (let i = 0; i < rows; i++) {
    const di = closest[i]!;
    let v = di;
    if (toCentres[t * k + nearest[i]!]! < 4 * di) {
      const dc = xNorms[i]! + candNorms[t]! - 2 * dot(x, i * dim, cand, t * dim, dim);
      if (dc < di) v = dc > 0 ? dc : 0;
    }
    trialDist[base + i] = v;
    pot += v;
  }
  pots[t] = pots[t]! + pot;
}

/** {@link oneCandidate} for candidates t0..t0+3 at once (each row read once for all four). */
function fourCandidates(x: Float64Array, xNorms: Float64Array, rows: number, dim: number, k: number, t0: number, cand: Float64Array, candNorms: Float64Array, toCentres: Float64Array, nearest: Int32Array, closest: Float64Array, trialDist: Float64Array, pots: Float64Array): void {
  const o0 = t0 * dim;
  const o1 = o0 + dim;
  const o2 = o1 + dim;
  const o3 = o2 + dim;
  let p0 = 0;
  let p1 = 0;
  let p2 = 0;
  let p3 = 0;
  for (let i = 0; i < rows; i++) {
    const di = closest[i]!;
    const lim = 4 * di;
    const near = nearest[i]!;
    let v0 = di;
    let v1 = di;
    let v2 = di;
    let v3 = di;
    if (toCentres[t0 * k + near]! < lim || toCentres[(t0 + 1) * k + near]! < lim || toCentres[(t0 + 2) * k + near]! < lim || toCentres[(t0 + 3) * k + near]! < lim) {
      const xo = i * dim;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let d = 0; d < dim; d++) {
        const v = x[xo + d]!;
        s0 += v * cand[o0 + d]!;
        s1 += v * cand[o1 + d]!;
        s2 += v * cand[o2 + d]!;
        s3 += v * cand[o3 + d]!;
      }
      const xn = xNorms[i]!;
      const d0 = xn + candNorms[t0]! - 2 * s0;
      const d1 = xn + candNorms[t0 + 1]! - 2 * s1;
      const d2 = xn + candNorms[t0 + 2]! - 2 * s2;
      const d3 = xn + candNorms[t0 + 3]! - 2 * s3;
      if (d0 < di) v0 = d0 > 0 ? d0 : 0;
      if (d1 < di) v1 = d1 > 0 ? d1 : 0;
      if (d2 < di) v2 = d2 > 0 ? d2 : 0;
      if (d3 < di) v3 = d3 > 0 ? d3 : 0;
    }
    trialDist[t0 * rows + i] = v0;
    trialDist[(t0 + 1) * rows + i] = v1;
    trialDist[(t0 + 2) * rows + i] = v2;
    trialDist[(t0 + 3) * rows + i] = v3;
    p0 += v0;
    p1 += v1;
    p2 += v2;
    p3 += v3;
  }
  pots[t0] = pots[t0]! + p0;
  pots[t0 + 1] = pots[t0 + 1]! + p1;
  pots[t0 + 2] = pots[t0 + 2]! + p2;
  pots[t0 + 3] = pots[t0 + 3]! + p3;
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
