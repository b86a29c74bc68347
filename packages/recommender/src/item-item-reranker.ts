import { checkColdHistoryInfo, coldHistoryWeight, popularByHistory, type ColdHistoryInfo } from './cold-history';
import { ItemItemWeights } from './item-item-weights';

/** What an {@link ItemItemReranker} was fitted with (kept in the model directory). */
export interface ItemItemRerankInfo {
  /** Weight w of the item-item score in the blend (chosen on held-out rows by the trainer). */
  weight: number;
  /** EASE's L2 regularisation λ the weights were fitted with. */
  lambda: number;
  /** Entries kept per item row. */
  neighbours: number;
  /**
   * When set, a user the model never saw is answered from a history alone by the popular items
   * re-ordered by this stage (see `popularByHistory`) rather than by the query tower: the trainer
   * sets it when that ranked better on its held-out users. Absent: the query tower answers.
   */
  coldHistory?: ColdHistoryInfo;
}

/**
 * `(x − mean) / standard deviation` over one list; all zeros when the list is constant.
 * @param x `[n]`
 * @returns `[n]`
 */
export function zScores(x: ArrayLike<number>): Float32Array {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n || 1;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i]! - mean) ** 2;
  const sd = Math.sqrt(ss / (n || 1));
  const out = new Float32Array(n);
  if (sd > 0) for (let i = 0; i < n; i++) out[i] = (x[i]! - mean) / sd;
  return out;
}

/**
 * The second stage of a two-stage list: re-orders one query's retrieved candidates by
 * `z(retrieval score) + w · z(item-item score)`, each standardised over the candidate list, where
 * the item-item score is the sum of the history items' {@link ItemItemWeights} rows (EASE's score
 * restricted to the candidates). The two-tower knows the user, its time and its features; the
 * item-item weights know which items go together — on a validation split the blend ranks better
 * than either (docs/decisions.md). Standardising within the list makes the blend indifferent to
 * the scale of either score (the towers of a refit, a history's length).
 */
export class ItemItemReranker {
  constructor(
    readonly weights: ItemItemWeights,
    readonly info: ItemItemRerankInfo,
  ) {
    if (!(Number.isFinite(info.weight) && info.weight >= 0)) throw new Error(`item-item re-ranking: weight is ${info.weight}; give a finite number >= 0`);
    if (info.coldHistory) checkColdHistoryInfo(info.coldHistory);
  }

  /**
   * @param history item indices of the query's history (its user's training items and any given)
   * @param candidates `[n]` item indices retrieved
   * @param retrievalScores `[n]` their retrieval scores
   * @returns `[n]` re-ranking scores, higher first
   */
  rerank(history: ArrayLike<number>, candidates: ArrayLike<number>, retrievalScores: ArrayLike<number>): Float32Array {
    return blendScores(retrievalScores, this.weights.scoreCandidates(history, candidates), this.info.weight);
  }

  /**
   * The answer for a user the model never saw, from a history alone, when `info.coldHistory` is
   * set (see `popularByHistory`), with the weight of the history's length (`byLength`);
   * undefined when it is not (the query tower answers then).
   * @param popularity `[numItems]` training interactions per item
   * @param history item indices the user gave (its length picks the weight)
   * @param k items wanted
   * @param exclude items never returned (e.g. the history)
   */
  answerColdHistory(popularity: ArrayLike<number>, history: ArrayLike<number>, k: number, exclude?: ArrayLike<number>): { items: Int32Array; scores: Float32Array } | undefined {
    const cold = this.info.coldHistory;
    if (!cold) return undefined;
    return popularByHistory(this.weights, popularity, history, { weight: coldHistoryWeight(cold, history.length), candidates: cold.candidates, k, ...(exclude ? { exclude } : {}) });
  }
}

/**
 * `z(retrieval) + weight · z(itemItem)` over one candidate list (see {@link zScores}).
 * @param retrieval `[n]`
 * @param itemItem `[n]`
 * @returns `[n]`
 */
export function blendScores(retrieval: ArrayLike<number>, itemItem: ArrayLike<number>, weight: number): Float32Array {
  if (!(Number.isFinite(weight) && weight >= 0)) throw new Error(`blendScores: weight is ${weight}; give a finite number >= 0`);
  if (retrieval.length !== itemItem.length) throw new Error(`blendScores: ${retrieval.length} retrieval scores but ${itemItem.length} item-item scores; give one of each per candidate`);
  const out = zScores(retrieval);
  if (weight === 0) return out;
  const z = zScores(itemItem);
  for (let i = 0; i < out.length; i++) out[i]! += weight * z[i]!;
  return out;
}
