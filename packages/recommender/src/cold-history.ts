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
  /**
   * Weights for longer histories, by ascending `from`: a history of at least `from` items (and
   * fewer than the next entry's) is blended with that entry's weight; shorter than the first,
   * with `weight`. A longer history's item-item score is surer, so its weight is larger. Absent:
   * `weight` for every length.
   */
  byLength?: ColdHistoryLengthWeight[];
}

/** One entry of {@link ColdHistoryInfo.byLength}. */
export interface ColdHistoryLengthWeight {
  /** Histories of at least this many items (an integer >= 1). */
  from: number;
  /** Their blend weight (>= 0). */
  weight: number;
}

/** The blend weight of a history of `length` items (see {@link ColdHistoryInfo.byLength}). */
export function coldHistoryWeight(info: ColdHistoryInfo, length: number): number {
  let weight = info.weight;
  for (const b of info.byLength ?? []) if (length >= b.from) weight = b.weight;
  return weight;
}

/** Throws, naming the field, unless `info` is a usable {@link ColdHistoryInfo}. */
export function checkColdHistoryInfo(info: ColdHistoryInfo): void {
  const bad = (why: string) => new Error(`item-item re-ranking: coldHistory is ${JSON.stringify(info)}; ${why}`);
  if (!(Number.isFinite(info.weight) && info.weight >= 0 && Number.isInteger(info.candidates) && info.candidates >= 1)) throw bad('give a weight >= 0 and an integer number of candidates >= 1');
  if (info.byLength === undefined) return;
  if (!Array.isArray(info.byLength)) throw bad('byLength must be an array of {from, weight}');
  info.byLength.forEach((b, i) => {
    if (!(Number.isInteger(b?.from) && b.from >= 1 && Number.isFinite(b.weight) && b.weight >= 0)) throw bad(`byLength[${i}] must have an integer from >= 1 and a weight >= 0`);
    if (i > 0 && !(b.from > info.byLength![i - 1]!.from)) throw bad(`byLength[${i}].from must be larger than byLength[${i - 1}].from (ascending)`);
  });
}

/** Options of {@link popularByHistory}. */
export interface PopularByHistoryOptions extends Pick<ColdHistoryInfo, 'weight' | 'candidates'> {
  /** Items never returned (e.g. the history itself). Default: none. */
  exclude?: ArrayLike<number>;
  /** Items wanted. Default `candidates`. */
  k?: number;
}

/** What {@link popularByHistory} orders, before any weight: the popular candidates and both scores of each. */
export interface PopularCandidates {
  /** `[n]` the most popular items outside the excluded ones, most popular first. */
  items: Int32Array;
  /** `[n]` log(1 + popularity) of each. */
  logPopularity: Float32Array;
  /** `[n]` the history's item-item score of each, `Σ_h W[h][j]`. */
  itemItem: Float32Array;
}

/**
 * The `candidates` most popular items outside `exclude`, with their log popularity and the
 * history's item-item score: {@link popularByHistory}'s work that no weight changes (to order
 * them at several weights, {@link orderPopularCandidates} each).
 */
export function popularCandidates(weights: ItemItemWeights, popularity: ArrayLike<number>, history: ArrayLike<number>, options: Omit<PopularByHistoryOptions, 'weight' | 'k'>): PopularCandidates {
  const { candidates } = options;
  if (!(Number.isInteger(candidates) && candidates >= 1)) throw new Error(`popularByHistory: candidates is ${candidates}; give an integer >= 1`);
  if (popularity.length !== weights.numItems) throw new Error(`popularByHistory: popularity has ${popularity.length} items, the item-item weights ${weights.numItems}; give both for the same catalogue`);
  const items = topKIndices(popularity, candidates, options.exclude ? { exclude: options.exclude } : {});
  return { items, logPopularity: Float32Array.from(items, (j) => Math.log1p(Math.max(0, popularity[j]!))), itemItem: weights.scoreCandidates(history, items) };
}

/** The best `k` of {@link PopularCandidates} by `z(log popularity) + weight · z(item-item)`, with those scores, best first. */
export function orderPopularCandidates(c: PopularCandidates, weight: number, k: number = c.items.length): { items: Int32Array; scores: Float32Array } {
  const blended = blendScores(c.logPopularity, c.itemItem, weight);
  const order = topKIndices(blended, Math.min(k, c.items.length));
  return { items: Int32Array.from(order, (r) => c.items[r]!), scores: Float32Array.from(order, (r) => blended[r]!) };
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
  return orderPopularCandidates(popularCandidates(weights, popularity, history, options), options.weight, options.k);
}
