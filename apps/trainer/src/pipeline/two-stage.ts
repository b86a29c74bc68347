import { evaluateTwoStage, topKIndices, type TwoStageResult } from '@twotower/eval';
import type { TrainConfig } from '../config/schema';
import type { Prepared } from './prepare';
import { ItemScorer } from './scoring';

/**
 * The two-stage evaluation of SPEC.md: for each test interaction with a liked item, retrieve N
 * candidates with the two-tower model (the user's training items excluded, as a service does),
 * re-rank them with the ranking model, and compare nDCG@10, Recall@10 and MRR of the retrieval
 * order, the re-ranked order and a popularity order of the same candidates.
 */
export async function evaluateTwoStages(p: Prepared, config: TrainConfig): Promise<TwoStageResult[]> {
  const rec = p.recommender;
  const ranker = rec.ranker;
  if (!ranker) throw new Error('two-stage evaluation needs a ranking model');
  const liked = p.testRows.filter((r) => p.log.ratings[r]! >= config.ranking.likedThreshold);
  const target = Int32Array.from(liked, (r) => p.log.items[r]!);
  const scorer = new ItemScorer(rec);
  const retrieve = (queries: Int32Array, n: number): Int32Array => {
    const rows = Int32Array.from(queries, (q) => liked[q]!);
    const q = rec.embedQueries(Array.from(rows, (r) => p.rowUserIds[r]!), Float64Array.from(rows, (r) => p.timestamps[r]!));
    const scores = new Float32Array(rows.length * p.numItems);
    scorer.score(q, rows.length, scores);
    const out = new Int32Array(rows.length * n).fill(-1);
    for (let i = 0; i < rows.length; i++) {
      const row = scores.subarray(i * p.numItems, (i + 1) * p.numItems);
      out.set(topKIndices(row, n, { exclude: rec.seenItems(p.log.users[rows[i]!]!) }), i * n);
    }
    return out;
  };
  const rerank = (queries: Int32Array, candidates: Int32Array, n: number): Float32Array => {
    const users: string[] = [];
    const ts: number[] = [];
    const idx: number[] = [];
    for (let i = 0; i < queries.length; i++) {
      const r = liked[queries[i]!]!;
      for (let j = 0; j < n; j++) {
        users.push(p.rowUserIds[r]!);
        ts.push(p.timestamps[r]!);
        idx.push(Math.max(0, candidates[i * n + j]!));
      }
    }
    return ranker.scorePairs(users, idx, ts);
  };
  try {
    const out: TwoStageResult[] = [];
    for (const n of config.ranking.candidates) {
      out.push(await evaluateTwoStage({ queries: Int32Array.from(liked, (_, i) => i), target, retrieve, rerank, itemPopularity: p.popularity, candidates: n, k: 10 }));
    }
    return out;
  } finally {
    scorer.dispose();
  }
}
