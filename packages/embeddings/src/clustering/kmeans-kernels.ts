import { dot, nearestTwo, squaredDistance } from './distances';
import { partRange } from './kmeans-state';
import type { KMeansState } from './kmeans-state';

/** @internal What a part of the rows is asked to do. */
export const Task = { Stop: 0, Seed: 1, Assign: 2 } as const;
/** @internal One of {@link Task}'s values. */
export type Task = (typeof Task)[keyof typeof Task];

/** @internal Runs `task` on part `p` (0 or 1) of the rows. */
export function runPart(s: KMeansState, task: Task, p: number): void {
  if (task === Task.Seed) seedPart(s, p);
  else if (task === Task.Assign) assignPart(s, p);
}

/**
 * k-means++ step on part `p`: for every candidate t, `trialDist[t][i] = min(closest[i], d²(x_i,
 * cand_t))` and the part's potential `potsPart[p][t]`. A row skips a candidate when its nearest
 * centre is provably closer (`||cand − c_near||² >= 4·closest`); four candidates at a time.
 */
function seedPart(s: KMeansState, p: number): void {
  const { trials, rows, dim, k, x, xNorms, cand, candNorms, toCentres, nearest, closest, trialDist, potsPart } = s;
  const [start, end] = partRange(rows, p);
  let t0 = 0;
  for (; t0 + 3 < trials; t0 += 4) {
    const o0 = t0 * dim;
    const o1 = o0 + dim;
    const o2 = o1 + dim;
    const o3 = o2 + dim;
    let p0 = 0;
    let p1 = 0;
    let p2 = 0;
    let p3 = 0;
    for (let i = start; i < end; i++) {
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
    potsPart[p * trials + t0] = p0;
    potsPart[p * trials + t0 + 1] = p1;
    potsPart[p * trials + t0 + 2] = p2;
    potsPart[p * trials + t0 + 3] = p3;
  }
  for (let t = t0; t < trials; t++) {
    let pot = 0;
    for (let i = start; i < end; i++) {
      const di = closest[i]!;
      let v = di;
      if (toCentres[t * k + nearest[i]!]! < 4 * di) {
        const dc = xNorms[i]! + candNorms[t]! - 2 * dot(x, i * dim, cand, t * dim, dim);
        if (dc < di) v = dc > 0 ? dc : 0;
      }
      trialDist[t * rows + i] = v;
      pot += v;
    }
    potsPart[p * trials + t] = pot;
  }
}

/**
 * Hamerly E-step on part `p`: each row whose bounds allow a change gets its exact distance to its
 * centre and, if still needed, a full scan (nearest and second nearest centre); moves are
 * recorded in the part's `dSums` / `dCounts`, counts of changes and scans in `stats`. Needs
 * `cNorms` and `half` of the current centres.
 */
function assignPart(s: KMeansState, p: number): void {
  const { rows, dim, k, x, xNorms, centroids, cNorms, half, assign, upper, lower, dSums, dCounts, stats } = s;
  const [start, end] = partRange(rows, p);
  const sumsOff = p * k * dim;
  const countsOff = p * k;
  dSums.fill(0, sumsOff, sumsOff + k * dim);
  dCounts.fill(0, countsOff, countsOff + k);
  const two = new Float64Array(3);
  let changed = 0;
  let scans = 0;
  for (let i = start; i < end; i++) {
    const a = assign[i]!;
    const bound = a >= 0 && half[a]! > lower[i]! ? half[a]! : lower[i]!;
    if (upper[i]! <= bound) continue;
    const xo = i * dim;
    if (a >= 0) {
      upper[i] = Math.sqrt(squaredDistance(x, xo, centroids, a * dim, dim));
      if (upper[i]! <= bound) continue;
    }
    nearestTwo(x, xo, xNorms[i]!, centroids, cNorms, k, dim, two);
    scans++;
    const j1 = two[0]!;
    if (j1 !== a) {
      // The norm trick may be off by rounding; the exact distance keeps the upper bound sound.
      upper[i] = Math.sqrt(squaredDistance(x, xo, centroids, j1 * dim, dim));
      changed++;
      if (a >= 0) {
        dCounts[countsOff + a] = dCounts[countsOff + a]! - 1;
        for (let d = 0; d < dim; d++) dSums[sumsOff + a * dim + d] = dSums[sumsOff + a * dim + d]! - x[xo + d]!;
      }
      dCounts[countsOff + j1] = dCounts[countsOff + j1]! + 1;
      for (let d = 0; d < dim; d++) dSums[sumsOff + j1 * dim + d] = dSums[sumsOff + j1 * dim + d]! + x[xo + d]!;
      assign[i] = j1;
    }
    lower[i] = Math.sqrt(two[2]!);
  }
  stats[p * 2] = changed;
  stats[p * 2 + 1] = scans;
}
