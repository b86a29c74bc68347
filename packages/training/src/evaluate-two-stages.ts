import { evaluateTwoStage, topKIndices, type TwoStageResult } from '@twotower/eval';
import type { Recommender } from '@twotower/recommender';
import { withItemScorer } from './item-scorer';
import type { TrainingData } from './training-data';

/** Options of {@link evaluateTwoStages}. */
export interface EvaluateTwoStagesOptions {
  /** Candidates retrieved per query, one evaluation each. Default [10, 100]. */
  candidates?: number[];
  /** Test interactions rated at least this are the queries; unrated ones (implicit feedback: a click, a purchase) all are. Default 4. */
  likedThreshold?: number;
  /** Cut-off of nDCG and recall. Default 10. */
  k?: number;
}

/**
 * The two-stage evaluation: for each test interaction with a liked item (any unrated one: a
 * click or a purchase), retrieve N candidates
 * with the two-tower model (the user's training items excluded, as a service does), re-rank
 * them with the recommender's second stage (its item-item stage when it has one, else its ranker), and compare nDCG@K, Recall@K and MRR of the retrieval
 * order, the re-ranked order and a popularity order of the same candidates.
 */
export async function evaluateTwoStages(rec: Recommender, data: TrainingData, options: EvaluateTwoStagesOptions = {}): Promise<TwoStageResult[]> {
  const ranker = rec.ranker;
  const itemItem = rec.itemItem;
  if (!ranker && !itemItem) throw new Error('two-stage evaluation needs a second stage (an item-item stage, fitItemItem, or a ranking model, fitRanking)');
  const threshold = options.likedThreshold ?? 4;
  const liked = data.testRows.filter((r) => {
    const rating = data.log.ratings[r]!;
    return rating >= threshold || Number.isNaN(rating);
  });
  const target = Int32Array.from(liked, (r) => data.log.items[r]!);
  return withItemScorer(rec, async (scorer) => {
    // the retrieval scores of the last block retrieved: `evaluateTwoStage` re-ranks each block right after retrieving it
    let last: { queries: Int32Array; scores: Float32Array } | undefined;
    const retrieve = (queries: Int32Array, n: number): Int32Array => {
      const rows = Int32Array.from(queries, (q) => liked[q]!);
      const q = rec.embedQueries(Array.from(rows, (r) => data.rowUserIds[r]!), Float64Array.from(rows, (r) => data.timestamps[r]!));
      const scores = new Float32Array(rows.length * data.numItems);
      scorer.score(q, rows.length, scores);
      const out = new Int32Array(rows.length * n).fill(-1);
      const kept = new Float32Array(rows.length * n);
      for (let i = 0; i < rows.length; i++) {
        const row = scores.subarray(i * data.numItems, (i + 1) * data.numItems);
        const found = topKIndices(row, n, { exclude: rec.seenItems(data.log.users[rows[i]!]!) });
        out.set(found, i * n);
        found.forEach((j, c) => (kept[i * n + c] = row[j]!));
      }
      last = { queries, scores: kept };
      return out;
    };
    // the item-item stage: each query's list by its retrieval scores and its user's training items
    const rerankLists = (queries: Int32Array, candidates: Int32Array, n: number): Float32Array => {
      if (last?.queries !== queries) throw new Error('evaluateTwoStages: re-ranking a block that was not the last retrieved');
      const out = new Float32Array(queries.length * n);
      for (let i = 0; i < queries.length; i++) {
        const list = candidates.subarray(i * n, (i + 1) * n);
        out.set(rec.rerank(data.rowUserIds[liked[queries[i]!]!]!, list, last.scores.subarray(i * n, (i + 1) * n)).scores, i * n);
      }
      return out;
    };
    const rerankPairs = (queries: Int32Array, candidates: Int32Array, n: number): Float32Array => {
      const users: string[] = [];
      const ts: number[] = [];
      const idx: number[] = [];
      for (let i = 0; i < queries.length; i++) {
        const r = liked[queries[i]!]!;
        for (let j = 0; j < n; j++) {
          users.push(data.rowUserIds[r]!);
          ts.push(data.timestamps[r]!);
          idx.push(Math.max(0, candidates[i * n + j]!));
        }
      }
      return ranker!.scorePairs(users, idx, ts);
    };
    const rerank = itemItem ? rerankLists : rerankPairs;
    const out: TwoStageResult[] = [];
    for (const n of options.candidates ?? [10, 100]) {
      out.push(await evaluateTwoStage({ queries: Int32Array.from(liked, (_, i) => i), target, retrieve, rerank, itemPopularity: data.popularity, candidates: n, k: options.k ?? 10 }));
    }
    return out;
  });
}
