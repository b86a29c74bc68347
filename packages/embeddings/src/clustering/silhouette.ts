import { deriveSeed, mulberry32 } from '@twotower/utils';
import { checkAssignments, checkVectors } from './checks';
import { checkInteger, EmbeddingsInputError } from '../errors';
import type { ClusterMetric } from './kmeans';

/** Options of {@link silhouette}. */
export interface SilhouetteOptions {
  /**
   * Rows scored: when there are more rows than this, a seeded uniform sample (without
   * replacement) of this many rows, and the score is that of the sample alone (as scikit-learn's
   * `silhouette_score(sample_size=...)`); otherwise every row (exact). Default 2,000.
   */
  sample?: number;
  /** Seed of the sample. Default 0. */
  seed?: number;
  /**
   * Distance between rows: `'euclidean'` (default, ||a − b||) or `'cosine'` (1 − cos(a, b); a
   * zero row is at distance 1 from everything). Use the metric the clusters were made with.
   */
  metric?: ClusterMetric;
}

/**
 * The mean silhouette of a clustering: for each scored row, `(b − a) / max(a, b)` with `a` its
 * mean distance to the other rows of its cluster and `b` the lowest mean distance to the rows
 * of another cluster; 0 for a row alone in its cluster (among the scored rows). In [−1, 1],
 * higher is better: near 1 for compact, well-separated clusters. O(sample² × dim).
 *
 * @param vectors rows `[rows × dim]`.
 * @param assignments cluster of each row `[rows]`, in `[0, k)`.
 * @throws EmbeddingsInputError for bad shapes, assignments outside `[0, k)`, or fewer than two
 *   clusters among the scored rows (the silhouette is then undefined).
 */
export function silhouette(vectors: Float32Array, dim: number, assignments: Int32Array, k: number, options: SilhouetteOptions = {}): number {
  const rows = checkVectors(vectors, dim);
  checkAssignments(assignments, k, rows);
  const sample = checkInteger('sample', options.sample ?? 2000, 2);
  const metric = options.metric ?? 'euclidean';
  if (metric !== 'euclidean' && metric !== 'cosine') throw new EmbeddingsInputError('metric', `expected 'euclidean' or 'cosine', got '${String(metric)}'`);
  const picked = pickRows(rows, sample, options.seed ?? 0);
  const n = picked.length;
  const x = new Float64Array(n * dim);
  const label = new Int32Array(n);
  const counts = new Int32Array(k);
  for (let s = 0; s < n; s++) {
    const r = picked[s]!;
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += vectors[r * dim + d]! * vectors[r * dim + d]!;
    const scale = metric === 'cosine' ? (norm > 0 ? 1 / Math.sqrt(norm) : 0) : 1;
    for (let d = 0; d < dim; d++) x[s * dim + d] = vectors[r * dim + d]! * scale;
    label[s] = assignments[r]!;
    counts[label[s]!] = counts[label[s]!]! + 1;
  }
  let present = 0;
  for (let j = 0; j < k; j++) if (counts[j]! > 0) present++;
  if (present < 2) throw new EmbeddingsInputError('assignments', `the scored rows fall in ${present} cluster(s); the silhouette needs at least 2 (raise sample or k)`);
  const sums = new Float64Array(k);
  let total = 0;
  for (let s = 0; s < n; s++) {
    sums.fill(0);
    const so = s * dim;
    for (let t = 0; t < n; t++) {
      if (t === s) continue;
      const to = t * dim;
      let v = 0;
      if (metric === 'cosine') {
        for (let d = 0; d < dim; d++) v += x[so + d]! * x[to + d]!;
        v = 1 - v;
      } else {
        for (let d = 0; d < dim; d++) {
          const q = x[so + d]! - x[to + d]!;
          v += q * q;
        }
        v = Math.sqrt(v);
      }
      sums[label[t]!] = sums[label[t]!]! + v;
    }
    const own = label[s]!;
    if (counts[own]! < 2) continue; // a row alone in its cluster scores 0
    const a = sums[own]! / (counts[own]! - 1);
    let b = Infinity;
    for (let j = 0; j < k; j++) {
      if (j !== own && counts[j]! > 0) {
        const m = sums[j]! / counts[j]!;
        if (m < b) b = m;
      }
    }
    const m = Math.max(a, b);
    total += m > 0 ? (b - a) / m : 0;
  }
  return total / n;
}

/** All rows when `rows <= sample`, else a seeded sample of `sample` distinct rows (partial Fisher-Yates), in increasing order. */
function pickRows(rows: number, sample: number, seed: number): Int32Array {
  const all = new Int32Array(rows);
  for (let i = 0; i < rows; i++) all[i] = i;
  if (rows <= sample) return all;
  const random = mulberry32(deriveSeed(seed, 0x51));
  for (let i = 0; i < sample; i++) {
    const j = i + Math.floor(random() * (rows - i));
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.subarray(0, sample).sort();
}
