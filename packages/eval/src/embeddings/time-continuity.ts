import { mulberry32 } from '@twotower/utils';
import { EvalInputError, checkInteger } from '../errors';
import { topKIndices } from '../ranking/top-k';

/** Options of {@link timeContinuity}. */
export interface TimeContinuityOptions {
  /**
   * `[n]` time of each row (e.g. its day index), increasing. Default `0, 1, …, n − 1`. Rows
   * without data (buckets training never reached) are best left out by the caller.
   */
  positions?: ArrayLike<number>;
  /** Neighbours per row for {@link TimeContinuity.neighboursWithinWindow}. Default 10. */
  k?: number;
  /** A neighbour counts as near in time when its position is within ±window. Default 7. */
  window?: number;
  /** Share of the latest rows checked for a recency bias. Default 0.1. */
  recentShare?: number;
  /** Pairs used for the rank correlation: all of them up to this many, a seeded sample above. Default 200,000. */
  maxPairs?: number;
  /** Seed of the pair sample. Default 0. */
  seed?: number;
}

/** How much an embedding of ordered rows (days) reflects their order. */
export interface TimeContinuity {
  /**
   * Spearman rank correlation between the time apart and the cosine distance apart, over pairs
   * of rows: near 1 for a smooth gradient, near 0 for an embedding that ignores time.
   */
  rankCorrelation: number;
  /** Mean share of each row's k nearest rows (cosine) that are within ±window in time. */
  neighboursWithinWindow: number;
  /** The same share for an embedding that ignores time (a random neighbour set). */
  chanceWithinWindow: number;
  /**
   * How far the latest rows jumped from the rows just before them: the cosine distance between
   * the centroids of the last window of rows (`recentShare` of them) and of the window before
   * it, over the median of that distance between consecutive windows. Near 1 for a gradient
   * (and for an embedding without time), large when recent rows are pulled aside.
   */
  recencyJump: number;
  /** `recencyJump > 3`: the recent rows sit apart from where the gradient leads (a recency bias). */
  recencyBias: boolean;
  rows: number;
  k: number;
  window: number;
  /** Pairs the rank correlation used. */
  pairs: number;
}

/** 1 − cosine similarity of rows i and j (1 when either is zero). */
function cosineDistance(v: Float32Array, dim: number, norms: Float64Array, i: number, j: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) s += v[i * dim + d]! * v[j * dim + d]!;
  const den = norms[i]! * norms[j]!;
  return den > 0 ? 1 - s / den : 1;
}

/** Ranks (1-based, ties averaged) of `x`. */
function ranks(x: Float64Array): Float64Array {
  const order = Array.from(x.keys()).sort((a, b) => x[a]! - x[b]!);
  const r = new Float64Array(x.length);
  for (let s = 0; s < order.length; ) {
    let e = s;
    while (e + 1 < order.length && x[order[e + 1]!] === x[order[s]!]) e++;
    const avg = (s + e) / 2 + 1;
    for (let t = s; t <= e; t++) r[order[t]!] = avg;
    s = e + 1;
  }
  return r;
}

function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Mean of rows [from, to). */
function centroid(v: Float32Array, dim: number, from: number, to: number): Float32Array {
  const c = new Float32Array(dim);
  for (let i = from; i < to; i++) for (let d = 0; d < dim; d++) c[d]! += v[i * dim + d]! / (to - from);
  return c;
}

/**
 * Whether an embedding of time buckets (a day embedding) learned time, as numbers a reader can
 * compare with a random embedding's: the rank correlation of time apart vs embedding distance,
 * the share of each day's nearest days that are near in time, and whether the latest days are
 * pulled into a group of their own (a recency bias).
 * @param vectors `[n × dim]` one row per bucket, in time order
 */
export function timeContinuity(vectors: Float32Array, dim: number, options: TimeContinuityOptions = {}): TimeContinuity {
  checkInteger('dim', dim, 1);
  if (vectors.length % dim !== 0) throw new EvalInputError('vectors', `has ${vectors.length} values, not a multiple of dim ${dim}`);
  const n = vectors.length / dim;
  if (n < 3) throw new EvalInputError('vectors', `has ${n} rows; time continuity needs at least 3`);
  const k = Math.min(options.k ?? 10, n - 1);
  const window = options.window ?? 7;
  checkInteger('k', k, 1);
  const pos = options.positions ? Float64Array.from(options.positions) : Float64Array.from({ length: n }, (_, i) => i);
  if (pos.length !== n) throw new EvalInputError('positions', `has ${pos.length} entries for ${n} rows`);
  for (let i = 1; i < n; i++) if (!(pos[i]! > pos[i - 1]!)) throw new EvalInputError(`positions[${i}]`, 'must be greater than the one before: give the rows in time order');
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += vectors[i * dim + d]! ** 2;
    norms[i] = Math.sqrt(s);
  }
  const dist = (i: number, j: number) => cosineDistance(vectors, dim, norms, i, j);

  // rank correlation over all pairs, or a seeded sample of them
  const all = (n * (n - 1)) / 2;
  const maxPairs = options.maxPairs ?? 200_000;
  const m = Math.min(all, maxPairs);
  const apart = new Float64Array(m);
  const far = new Float64Array(m);
  if (all <= maxPairs) {
    let p = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        apart[p] = pos[j]! - pos[i]!;
        far[p++] = dist(i, j);
      }
    }
  } else {
    const rand = mulberry32(options.seed ?? 0);
    for (let p = 0; p < m; p++) {
      const i = Math.floor(rand() * n);
      let j = Math.floor(rand() * (n - 1));
      if (j >= i) j++;
      apart[p] = Math.abs(pos[j]! - pos[i]!);
      far[p] = dist(i, j);
    }
  }
  const rankCorrelation = pearson(ranks(apart), ranks(far));

  // nearest neighbours near in time, and the same share by chance
  let near = 0;
  let chance = 0;
  const closeness = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) closeness[j] = -dist(i, j);
    const nn = topKIndices(closeness, k, { exclude: [i] });
    let inWindow = 0;
    for (const j of nn) if (Math.abs(pos[j]! - pos[i]!) <= window) inWindow++;
    near += inWindow / k;
    let possible = 0;
    for (let j = 0; j < n; j++) if (j !== i && Math.abs(pos[j]! - pos[i]!) <= window) possible++;
    chance += possible / (n - 1);
  }

  // recency: the jump from the window before the latest rows to them, against the usual jump
  const size = Math.max(1, Math.min(Math.floor(n / 3), Math.round(n * (options.recentShare ?? 0.1))));
  const windows: Float32Array[] = [];
  for (let to = n; to - size >= 0; to -= size) windows.unshift(centroid(vectors, dim, to - size, to));
  const cn = Float64Array.from(windows, (c) => Math.hypot(...c));
  const flat = new Float32Array(windows.length * dim);
  windows.forEach((c, w) => flat.set(c, w * dim));
  const jumps = windows.slice(1).map((_, w) => cosineDistance(flat, dim, cn, w, w + 1));
  const median = jumps.slice().sort((a, b) => a - b)[Math.floor((jumps.length - 1) / 2)]!;
  const last = jumps[jumps.length - 1]!;
  const recencyJump = median > 0 ? last / median : last > 0 ? Infinity : 1;
  return {
    rankCorrelation,
    neighboursWithinWindow: near / n,
    chanceWithinWindow: chance / n,
    recencyJump,
    recencyBias: recencyJump > 3,
    rows: n,
    k,
    window,
    pairs: m,
  };
}
