import { checkVectors } from './checks';
import { EmbeddingsInputError } from '../errors';
import { kMeans } from './kmeans';
import type { KMeansOptions, KMeansResult } from './kmeans';
import { silhouette } from './silhouette';

/** Options of {@link chooseK}: the candidates, the silhouette's sample, and any {@link kMeans} option but `k`. */
export interface ChooseKOptions extends Omit<KMeansOptions, 'k'> {
  /** Numbers of clusters tried (integers >= 2; those above the row count are an error). Default [5, 10, 15, 20, 30, 40, 50]. */
  candidates?: readonly number[];
  /** Rows the silhouette scores (a seeded sample, the same rows for every candidate). Default 2,000. */
  silhouetteSample?: number;
}

/** One candidate's figures in {@link ChooseKResult.scores}. */
export interface ChooseKScore {
  /** Number of clusters. */
  k: number;
  /** Mean silhouette of its clustering (higher is better). */
  silhouette: number;
  /** Its k-means inertia (always falls with k; shown for the elbow). */
  inertia: number;
}

/** The outcome of {@link chooseK}. */
export interface ChooseKResult {
  /** The candidate with the highest silhouette (the lowest such k on ties). */
  k: number;
  /** Every candidate's figures, in the order given. */
  scores: ChooseKScore[];
  /** The k-means clustering of the chosen `k`. */
  result: KMeansResult;
}

/**
 * Picks the number of clusters by the silhouette: runs {@link kMeans} for each candidate `k`
 * (same seed and options) and scores each clustering with {@link silhouette} on the same seeded
 * sample of rows (and the same metric). `onProgress` counts candidates done (of `candidates.length`).
 *
 * ```ts
 * const { k, scores, result } = chooseK(itemVectors, 32, { candidates: [5, 10, 20], metric: 'cosine' });
 * ```
 *
 * @param vectors rows `[rows × dim]`.
 * @throws EmbeddingsInputError for an empty candidate list, a candidate below 2 or above the row count, or a bad k-means option.
 */
export function chooseK(vectors: Float32Array, dim: number, options: ChooseKOptions = {}): ChooseKResult {
  const rows = checkVectors(vectors, dim);
  const { candidates = [5, 10, 15, 20, 30, 40, 50], silhouetteSample, onProgress, ...kMeansOptions } = options;
  if (candidates.length === 0) throw new EmbeddingsInputError('candidates', 'is empty; pass at least one k');
  candidates.forEach((k, i) => {
    if (!Number.isInteger(k) || k < 2 || k > rows) throw new EmbeddingsInputError(`candidates[${i}]`, `k = ${k} must be an integer in [2, ${rows}] (the row count)`);
  });
  const scores: ChooseKScore[] = [];
  let best: { score: number; result: KMeansResult } | undefined;
  for (const k of candidates) {
    const result = kMeans(vectors, dim, { ...kMeansOptions, k });
    const score = silhouette(vectors, dim, result.assignments, k, { sample: silhouetteSample, seed: kMeansOptions.seed, metric: kMeansOptions.metric });
    scores.push({ k, silhouette: score, inertia: result.inertia });
    onProgress?.(scores.length, candidates.length);
    if (best === undefined || score > best.score || (score === best.score && k < best.result.k)) best = { score, result };
  }
  return { k: best!.result.k, scores, result: best!.result };
}
