import type { ItemItemReranker } from './item-item-reranker';
import type { Ranker } from './model-ranker';
import type { PairVectors } from './ranking-inputs';

/** Which second stage re-ordered a two-stage list: the item-item blend, or the ranking/engagement models' ranker. */
export type RerankKind = 'item-item' | 'ranker';

/** Options of `Recommender.rerank`. */
export interface RerankOptions {
  /** The query's time, for a ranker that reads time (default: the user's latest training time). */
  timestamp?: number;
  /**
   * Item indices of the query's history, for the item-item stage (default: the user's training
   * items; pass them together with any history the request gives).
   */
  history?: ArrayLike<number>;
  /** `[n × dim]` the query and candidate embeddings, for a ranker that reads the retrieval score (see `Ranker.scorePairs`). */
  vectors?: PairVectors;
}

/** What a {@link rerankCandidates} call needs from its recommender. */
export interface RerankHost {
  readonly ranker: Ranker | undefined;
  readonly itemItem: ItemItemReranker | undefined;
  userIndex(id: string): number;
  seenItems(user: number): Int32Array;
  defaultTimestamp(user: string): number;
}

/**
 * The second stage for one query's retrieved candidates: the item-item blend when the recommender
 * has one, else the ranker's score of each (user, candidate) pair. Throws when it has neither.
 * @param candidates `[n]` item indices (catalogue items)
 * @param retrievalScores `[n]` their retrieval scores (read by the item-item blend)
 * @returns `[n]` scores, higher first, and which stage gave them
 */
export function rerankCandidates(host: RerankHost, user: string, candidates: ArrayLike<number>, retrievalScores: ArrayLike<number>, options: RerankOptions = {}): { scores: Float32Array; by: RerankKind } {
  const n = candidates.length;
  if (retrievalScores.length !== n) throw new Error(`rerank: ${n} candidates but ${retrievalScores.length} retrieval scores; give one score per candidate`);
  const itemItem = host.itemItem;
  if (itemItem) {
    const u = host.userIndex(user);
    const history = options.history ?? (u >= 0 ? host.seenItems(u) : []);
    return { scores: itemItem.rerank(history, candidates, retrievalScores), by: 'item-item' };
  }
  const ranker = host.ranker;
  if (!ranker) throw new Error('rerank: this recommender has no second stage (no item-item weights, ranking or engagement model); train one, or use the retrieval order');
  const timestamp = options.timestamp ?? host.defaultTimestamp(user);
  const scores = ranker.scorePairs(new Array<string>(n).fill(user), candidates, new Float64Array(n).fill(timestamp), options.vectors);
  return { scores, by: 'ranker' };
}
