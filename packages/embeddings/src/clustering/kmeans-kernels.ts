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
 * E-step on part `p` with Yinyang-style bounds (Hamerly's when there is one group): a row is
 * skipped when its upper bound is below half the distance from its centre to the nearest other
 * centre or below every group's lower bound; otherwise its exact distance to its centre tightens
 * the upper bound and only the groups whose lower bound is still below it are scanned (nearest
 * and second nearest centre of the group). Moves go to the part's `dSums` / `dCounts`; rows that
 * changed and the centres scanned (in units of k) to `stats`. Needs `cNorms`, `half` and
 * `groupStart` of the current centres.
 */
function assignPart(s: KMeansState, p: number): void {
  const { rows, dim, k, groups, x, xNorms, centroids, cNorms, half, assign, upper, lower, groupStart, dSums, dCounts, stats } = s;
  const [start, end] = partRange(rows, p);
  const sumsOff = p * k * dim;
  const countsOff = p * k;
  dSums.fill(0, sumsOff, sumsOff + k * dim);
  dCounts.fill(0, countsOff, countsOff + k);
  const groupOf = new Int32Array(k);
  for (let g = 0; g < groups; g++) groupOf.fill(g, groupStart[g]!, groupStart[g + 1]!);
  const two = new Float64Array(3);
  const gMin1 = new Float64Array(groups);
  const gMin2 = new Float64Array(groups);
  const gArg = new Int32Array(groups);
  const scanned = new Uint8Array(groups);
  let changed = 0;
  let scannedCentres = 0;
  for (let i = start; i < end; i++) {
    const a = assign[i]!;
    const lo = i * groups;
    let minLower = Infinity;
    for (let g = 0; g < groups; g++) if (lower[lo + g]! < minLower) minLower = lower[lo + g]!;
    const bound = a >= 0 && half[a]! > minLower ? half[a]! : minLower;
    if (upper[i]! <= bound) continue;
    const xo = i * dim;
    let u = Infinity;
    if (a >= 0) {
      u = Math.sqrt(squaredDistance(x, xo, centroids, a * dim, dim));
      upper[i] = u;
      if (u <= bound) continue;
    }
    let best = a;
    let bestD = u;
    const xn = xNorms[i]!;
    for (let g = 0; g < groups; g++) {
      scanned[g] = 0;
      if (lower[lo + g]! >= bestD) continue;
      const g0 = groupStart[g]!;
      const g1 = groupStart[g + 1]!;
      if (g0 === g1) continue;
      nearestTwo(x, xo, xn, centroids, cNorms, g0, g1, dim, two);
      scannedCentres += g1 - g0;
      scanned[g] = 1;
      const j = two[0]!;
      const d = Math.sqrt(two[1]!);
      gArg[g] = j;
      gMin1[g] = d;
      gMin2[g] = Math.sqrt(two[2]!);
      if (d < bestD || (d === bestD && j < best)) {
        best = j;
        bestD = d;
      }
    }
    if (best !== a) {
      // The norm trick may be off by rounding; the exact distance keeps the upper bound sound.
      upper[i] = Math.sqrt(squaredDistance(x, xo, centroids, best * dim, dim));
      changed++;
      if (a >= 0) {
        dCounts[countsOff + a] = dCounts[countsOff + a]! - 1;
        for (let d = 0; d < dim; d++) dSums[sumsOff + a * dim + d] = dSums[sumsOff + a * dim + d]! - x[xo + d]!;
        // The old centre is now one of the "others" of its group.
        const ga = groupOf[a]!;
        if (scanned[ga] === 0 && u < lower[lo + ga]!) lower[lo + ga] = u;
      }
      dCounts[countsOff + best] = dCounts[countsOff + best]! + 1;
      for (let d = 0; d < dim; d++) dSums[sumsOff + best * dim + d] = dSums[sumsOff + best * dim + d]! + x[xo + d]!;
      assign[i] = best;
    }
    for (let g = 0; g < groups; g++) if (scanned[g] === 1) lower[lo + g] = gArg[g] === best ? gMin2[g]! : gMin1[g]!;
  }
  stats[p * 2] = changed;
  stats[p * 2 + 1] = scannedCentres / k;
}
