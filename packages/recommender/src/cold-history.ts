import { topKIndices } from '@twotower/utils';
import { blendScores } from './item-item-reranker';
import type { ItemItemWeights } from './item-item-weights';

/**
 * How the item-item stage answers a user the model never saw from a history alone (kept in the
 * model directory with the stage; chosen on held-out rows by the trainer). When it is set, such a
 * user gets the `candidates` most popular items re-ordered by `z(log(1 + popularity)) + weight ·
 * z(item-item score of the history)` instead of the query tower's answer.
 */
export interface ColdHistoryInfo {
  /** Weight of the history's item-item score in the blend; 0 keeps the popularity order. */
  weight: number;
  /** How many of the most popular items (outside the excluded ones) are re-ordered. */
  candidates: number;
}

/** Options of {@link popularByHistory}. */
export interface PopularByHistoryOptions extends ColdHistoryInfo {
  /** Items never returned (e.g. the history itself). Default: none. */
  exclude?: ArrayLike<number>;
  /** Items wanted. Default `candidates`. */
  k?: number;
}

/**
 * The popular items re-ordered by a history's item-item score: the `candidates` most popular
 * items outside `exclude`, ordered by `z(log(1 + popularity)) + weight · z(Σ_h W[h][j])` over
 * that list (see `blendScores`). On MovieLens 100K a new user's first films are mostly popular
 * ones and so are their next: popularity alone beats every model built from five films there,
 * and the history's item-item score re-orders the popular films towards the user's.
 * @param weights the item-item weights W
 * @param popularity `[numItems]` training interactions per item
 * @param history item indices the user gave (outside the catalogue: ignored)
 * @returns the best `k` items and their blended scores, best first
 */
export function popularByHistory(weights: ItemItemWeights, popularity: ArrayLike<number>, history: ArrayLike<number>, options: PopularByHistoryOptions): { items: Int32Array; scores: Float32Array } {
  const { weight, candidates } = options;
  if (!(Number.isInteger(candidates) && candidates >= 1)) throw new Error(`popularByHistory: candidates is ${candidates}; give an integer >= 1`);
  if (popularity.length !== weights.numItems) throw new Error(`popularByHistory: popularity has ${popularity.length} items, the item-item weights ${weights.numItems}; give both for the same catalogue`);
  const found = topKIndices(popularity, candidates, options.exclude ? { exclude: options.exclude } : {});
  const logPopularity = Float32Array.from(found, (j) => Math.log1p(Math.max(0, popularity[j]!)));
  const blended = blendScores(logPopularity, weights.scoreCandidates(history, found), weight);
  const order = topKIndices(blended, Math.min(options.k ?? candidates, found.length));
  return { items: Int32Array.from(order, (c) => found[c]!), scores: Float32Array.from(order, (c) => blended[c]!) };
}
