import type { ItemItemMetrics } from '@twotower/artifact';
import { EaseBaseline, ndcgAtK, recallAtK, type MatMulF32 } from '@twotower/eval';
import { blendScores, ItemItemReranker, ItemItemWeights, type Recommender } from '@twotower/recommender';
import { topKIndices } from '@twotower/utils';
import { parallelMatMulF32 } from './linalg/parallel-matmul';
import type { TrainingData } from './training-data';
import { chooseColdHistory, type ChooseColdHistoryOptions } from './choose-cold-history';
import { forEachUserCandidates } from './user-candidates';
import { bestChoice, checkBlendWeights } from './weight-choice';

/** Options of {@link fitItemItem}. */
export interface FitItemItemOptions {
  /** EASE's L2 regularisation λ. Default 500. */
  lambda?: number;
  /** Entries kept per item row (the strongest by magnitude). Default 200. */
  neighbours?: number;
  /** Blend weights tried on the validation rows (0 keeps the retrieval order). Default [0, 0.25, 0.5, 1, 2, 4]. */
  weights?: number[];
  /** N: candidates retrieved per user and re-ranked. Default 100. */
  candidates?: number;
  /** K of the recall@K and nDCG@K the weight is chosen by (nDCG). Default 10. */
  k?: number;
  /** Matrix product for EASE's inverse. Default `parallelMatMulF32` (float32, worker threads). */
  matmul?: MatMulF32;
  /** Users scored per block. Default 64. */
  blockSize?: number;
  /**
   * How a user the model never saw is answered from a history alone: chosen on the validation
   * users between the query tower and the popular items re-ordered by this stage
   * (`chooseColdHistory`); `false` skips the choice (the query tower answers). Default: chosen,
   * with `chooseColdHistory`'s defaults, when the query tower reads a history.
   */
  coldHistory?: ChooseColdHistoryOptions | false;
}

/** The EASE weights of `rows`, kept to each item's `neighbours` strongest entries. */
function itemItemWeights(data: TrainingData, rows: Int32Array, lambda: number, neighbours: number, matmul: MatMulF32): ItemItemWeights {
  const ease = EaseBaseline.fit(data.log, rows, data.numUsers, data.numItems, { lambda, matmul });
  return ItemItemWeights.fromDense(ease.weights, data.numItems, neighbours);
}

/**
 * Fits and attaches the item-item second stage (`Recommender.rerank` then re-orders two-stage
 * lists by `z(retrieval) + w · z(item-item)`):
 * 1. EASE on the fit rows; each validation user is queried as a service queries it (no time, its
 *    fit items as the history), its top N outside those items re-ranked with every weight, and
 *    the top K scored against its validation items; the weight of the best mean nDCG@K is kept
 *    (ties: the smaller weight). Call it while the towers have not learned from the validation
 *    rows (before a refit).
 * 2. Unless `coldHistory` is false, how a user the model never saw is answered from a history
 *    alone (`chooseColdHistory`, with the fit-row weights); kept in the stage's `coldHistory`
 *    when the popular items re-ordered by it beat the query tower.
 * 3. EASE again on every training row (what serving and the test see), kept to each item's
 *    strongest `neighbours` entries, attached with that weight.
 */
export async function fitItemItem(rec: Recommender, data: TrainingData, options: FitItemItemOptions = {}): Promise<ItemItemMetrics> {
  const started = performance.now();
  const lambda = options.lambda ?? 500;
  const neighbours = options.neighbours ?? 200;
  const weights = options.weights ?? [0, 0.25, 0.5, 1, 2, 4];
  const n = options.candidates ?? 100;
  const k = options.k ?? 10;
  const matmul = options.matmul ?? parallelMatMulF32;
  checkBlendWeights('fitItemItem', weights);
  if (data.validationRows.length === 0) throw new Error('the item-item stage chooses its weight on held-out interactions: give the data validation rows (validationFraction > 0)');
  const fitWeights = itemItemWeights(data, data.fitRows, lambda, neighbours, matmul);
  const sums = weights.map(() => ({ recall: 0, ndcg: 0 }));
  const { offsets, items: seen } = data.seenFit;
  const m = await forEachUserCandidates(rec, data, { rows: data.validationRows, history: data.seenFit, candidates: n, blockSize: options.blockSize }, (u, found, retrieval, rel) => {
    const itemItem = fitWeights.scoreCandidates(seen.subarray(offsets[u]!, offsets[u + 1]!), found);
    weights.forEach((w, i) => {
      const top = Int32Array.from(topKIndices(blendScores(retrieval, itemItem, w), k), (c) => found[c]!);
      sums[i]!.recall += recallAtK(top, rel, k);
      sums[i]!.ndcg += ndcgAtK(top, rel, k);
    });
  });
  const choices = weights.map((weight, i) => ({ weight, recall: sums[i]!.recall / m, ndcg: sums[i]!.ndcg / m }));
  const best = bestChoice(choices);
  const cold = options.coldHistory !== false ? await chooseColdHistory(rec, data, fitWeights, { k, ...(options.coldHistory || {}) }) : undefined;
  const servingWeights = itemItemWeights(data, data.trainRows, lambda, neighbours, matmul);
  const byLength = cold?.byLength?.map(({ from, weight }) => ({ from, weight }));
  const coldHistory = cold?.answer === 'item-item' ? { coldHistory: { weight: cold.weight, candidates: cold.candidates, ...(byLength ? { byLength } : {}) } } : {};
  rec.models.setItemItem(new ItemItemReranker(servingWeights, { weight: best.weight, lambda, neighbours, ...coldHistory }));
  return { lambda, neighbours, weight: best.weight, candidates: n, k, users: m, choices, ...(cold ? { coldHistory: cold } : {}), seconds: (performance.now() - started) / 1000 };
}
