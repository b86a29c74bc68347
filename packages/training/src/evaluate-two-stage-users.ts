import type { TwoStagePerUserFigures } from '@twotower/artifact';
import { ndcgAtK, pairedDifference, recallAtK, type PairedDifference } from '@twotower/eval';
import type { Recommender } from '@twotower/recommender';
import type { TrainingData } from './training-data';
import { forEachUserCandidates } from './user-candidates';

/** Options of {@link evaluateTwoStageUsers}. */
export interface EvaluateTwoStageUsersOptions {
  /** N: candidates retrieved per user and re-ranked. Default 100. */
  candidates?: number;
  /** K of recall@K and nDCG@K. Default 10. */
  k?: number;
  /** Users scored per block. Default 64. */
  blockSize?: number;
}

/** Result of {@link evaluateTwoStageUsers} (as `metrics.json` keeps it, `twoStagePerUser`). */
export type TwoStageUsersResult = TwoStagePerUserFigures;

/**
 * The two-stage list per user, scored as the main per-user table is: each user with a test
 * interaction is queried as a service queries it by default (no time; its training items as the
 * history), the N best items outside its training items are retrieved, re-ranked by the
 * recommender's second stage (`Recommender.rerank`: the item-item stage, or the ranker at the
 * user's latest training time — what the server's `rerank` does), and
 * the top K of each order is scored against all the user's test items (recall@K, nDCG@K with the
 * ideal DCG of min(K, |relevant|) hits). The retrieval order's figures equal the main table's.
 */
export async function evaluateTwoStageUsers(rec: Recommender, data: TrainingData, options: EvaluateTwoStageUsersOptions = {}): Promise<TwoStageUsersResult> {
  const by = rec.rerankKind;
  if (!by) throw new Error('evaluateTwoStageUsers needs a second stage (an item-item stage, fitItemItem, or a ranking model, fitRanking)');
  const n = options.candidates ?? 100;
  const k = options.k ?? 10;
  // sums over users: the four means, and each paired difference's sum and sum of squares
  const sums = { retrievalRecall: 0, retrievalNdcg: 0, rerankedRecall: 0, rerankedNdcg: 0 };
  const gains = { recall: [0, 0], ndcg: [0, 0] };
  const add = (acc: number[], v: number) => {
    acc[0]! += v;
    acc[1]! += v * v;
  };
  const history = data.seenTrain;
  const m = await forEachUserCandidates(rec, data, { rows: data.testRows, history, candidates: n, blockSize: options.blockSize }, (u, found, retrieval, rel) => {
    const { scores: rankScores } = rec.rerank(data.log.userIds[u]!, found, retrieval, { history: history.items.subarray(history.offsets[u]!, history.offsets[u + 1]!) });
    const order = Array.from(found, (_, j) => j).sort((x, y) => rankScores[y]! - rankScores[x]! || x - y);
    const retrieved = found.subarray(0, k);
    const reranked = order.slice(0, k).map((j) => found[j]!);
    const r0 = recallAtK(retrieved, rel, k);
    const r1 = recallAtK(reranked, rel, k);
    const n0 = ndcgAtK(retrieved, rel, k);
    const n1 = ndcgAtK(reranked, rel, k);
    sums.retrievalRecall += r0;
    sums.retrievalNdcg += n0;
    sums.rerankedRecall += r1;
    sums.rerankedNdcg += n1;
    add(gains.recall, r1 - r0);
    add(gains.ndcg, n1 - n0);
  });
  const paired = (acc: number[]): PairedDifference => pairedDifference(acc[0]!, acc[1]!, m);
  return {
    candidates: n,
    k,
    users: m,
    reranker: by,
    retrieval: { recall: sums.retrievalRecall / m, ndcg: sums.retrievalNdcg / m },
    reranked: { recall: sums.rerankedRecall / m, ndcg: sums.rerankedNdcg / m },
    gain: { recall: paired(gains.recall), ndcg: paired(gains.ndcg) },
  };
}
