import type { SegmentsInfo } from '@twotower/artifact';
import { chooseK, describeSegments, kMeans, silhouette, type ClusterMetric, type KMeansResult } from '@twotower/embeddings';
import type { LearnedEmbeddingSet } from './learned-set';

/** Candidate k of {@link segmentEmbeddingSet} when k is chosen by silhouette. */
export const SEGMENT_K_CANDIDATES: readonly number[] = [5, 8, 10, 15, 20, 30];

/** Options of {@link segmentEmbeddingSet}. */
export interface SegmentOptions {
  /** Number of segments, or `'auto'` (default): the best silhouette among `candidates`. */
  k?: number | 'auto';
  /** The k tried when `k` is `'auto'`. Default {@link SEGMENT_K_CANDIDATES} (those below the number of rows). */
  candidates?: readonly number[];
  /** k-means++ restarts per k (the lowest inertia kept). Default 3. */
  restarts?: number;
  /** Rows compared by cosine (default: rows scaled to unit length, as embedding sets are searched) or as given. */
  metric?: ClusterMetric;
  /** Seed of k-means and of the silhouette's sample. Default 0. */
  seed?: number;
  /** `[rows]` each row's labels (an item's genres; a user's most watched genres): segments are described by their most over-represented labels. */
  labels?: readonly (readonly string[])[];
  /** `[rows]` each row's weight (training popularity; a user's activity): a segment's members are listed heaviest first. */
  weights?: Float32Array;
  /** Labels and members listed per segment. Default 5. */
  top?: number;
}

/**
 * Cuts an embedding set into segments (groups of similar items or users) with k-means, k given
 * or chosen by silhouette, and describes each by what it holds: size, its most over-represented
 * labels (by lift over the whole set, among those at least 10% of its rows carry), heaviest members. Rows without a learned vector (`trained`
 * 0) belong to no segment (-1).
 * @returns what the model directory keeps: the description and one segment per row (`[rows]`)
 */
export function segmentEmbeddingSet(set: LearnedEmbeddingSet, options: SegmentOptions = {}): { info: SegmentsInfo; assignments: Int32Array } {
  const { dim } = set;
  const rowsAll = set.ids.length;
  const keep = Int32Array.from({ length: rowsAll }, (_, r) => r).filter((r) => !set.trained || set.trained[r] === 1);
  const vectors = new Float32Array(keep.length * dim);
  keep.forEach((r, i) => vectors.set(set.vectors.subarray(r * dim, (r + 1) * dim), i * dim));
  const metric = options.metric ?? 'cosine';
  const seed = options.seed ?? 0;
  const restarts = options.restarts ?? 3;
  const pick = <T>(a: readonly T[] | undefined) => (a ? keep.reduce<T[]>((o, r) => (o.push(a[r]!), o), []) : undefined);
  let result: KMeansResult;
  let candidates: { k: number; silhouette: number }[] | undefined;
  let score: number;
  if (options.k === undefined || options.k === 'auto') {
    const tried = (options.candidates ?? SEGMENT_K_CANDIDATES).filter((c) => c >= 2 && c < keep.length);
    if (tried.length === 0) throw new RangeError(`segments of "${set.name}": no candidate k below its ${keep.length} rows; give k`);
    const chosen = chooseK(vectors, dim, { candidates: tried, restarts, metric, seed });
    result = chosen.result;
    candidates = chosen.scores.map(({ k, silhouette }) => ({ k, silhouette }));
    score = chosen.scores.find((c) => c.k === chosen.k)!.silhouette;
  } else {
    result = kMeans(vectors, dim, { k: options.k, restarts, metric, seed });
    score = silhouette(vectors, dim, result.assignments, options.k, { metric, seed });
  }
  const k = result.k;
  const labels = pick(options.labels);
  const weights = options.weights ? Float32Array.from(keep, (r) => options.weights![r]!) : undefined;
  const segments = describeSegments(result.assignments, k, { ids: pick(set.ids)!, ...(labels ? { labels } : {}), ...(weights ? { weights } : {}), top: options.top ?? 5 });
  const assignments = new Int32Array(rowsAll).fill(-1);
  keep.forEach((r, i) => (assignments[r] = result.assignments[i]!));
  const info: SegmentsInfo = {
    set: set.name,
    of: set.of,
    k,
    method: 'k-means',
    metric,
    inertia: result.inertia,
    silhouette: score,
    chosenBy: candidates ? 'silhouette' : 'given',
    ...(candidates ? { candidates } : {}),
    segments,
  };
  return { info, assignments };
}
