import type { ItemItemChoice, PopularityLeanMetrics } from '@twotower/artifact';
import { buildUserItemCsr } from '@twotower/eval';
import { checkLeanWeight, PopularityLean, type Recommender } from '@twotower/recommender';
import { withItemScorer } from './item-scorer';
import { perUserRanking } from './per-user-ranking';
import type { TrainingData } from './training-data';
import { bestChoice, checkBlendWeights } from './weight-choice';

/** Options of {@link choosePopularityLean}. */
export interface ChoosePopularityLeanOptions {
  /** Weights tried (0: no lean). Default {@link DEFAULT_LEAN_WEIGHTS}. */
  weights?: readonly number[];
  /**
   * Keep this weight whatever validation says, measuring it beside no lean (0) for the record
   * (`weights` is then ignored). A model trained on fewer rows than the final one (validation
   * before a refit) leans more on popularity than the final one needs; a fixed weight avoids
   * carrying that over.
   */
  fixed?: number;
  /** K of the per-user recall@K and nDCG@K the weight is chosen by (nDCG). Default 10. */
  k?: number;
  /** Users scored per block. Default 256. */
  blockSize?: number;
}

/** The weights {@link choosePopularityLean} tries by default (in units of the towers' scores). */
export const DEFAULT_LEAN_WEIGHTS: readonly number[] = [0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.12];

/**
 * Chooses the weight of the popularity lean of untimed user queries (`PopularityLean`) on the
 * validation rows, as the per-user figures are measured: each user with a validation row is
 * queried without a time (its fit items as its history), its fit items left out of the ranking,
 * and each item's score gets `weight · ln(1 + its fit interactions)` — fit rows only, so the
 * validation rows do not count towards the popularity that ranks them. The weight with the best
 * mean nDCG@K is kept (ties: the smaller), or `fixed` when given. Does not set it: the caller does
 * (`rec.models.setPopularityLean`). With no validation rows, or a single weight, that weight is
 * returned unmeasured (`users` 0).
 */
export async function choosePopularityLean(rec: Recommender, data: TrainingData, options: ChoosePopularityLeanOptions = {}): Promise<PopularityLeanMetrics> {
  const fixed = options.fixed;
  if (fixed !== undefined) checkLeanWeight('choosePopularityLean (fixed)', fixed, false);
  const weights = fixed === undefined ? [...(options.weights ?? DEFAULT_LEAN_WEIGHTS)] : [...new Set([0, fixed])];
  checkBlendWeights('choosePopularityLean', weights);
  const k = options.k ?? 10;
  if (!Number.isInteger(k) || k < 1) throw new Error(`choosePopularityLean: k must be a positive integer, got ${k}`);
  const given = fixed === undefined ? {} : { fixed: true };
  if (data.validationRows.length === 0 || weights.length === 1) return { weight: fixed ?? weights[0]!, ...given, users: 0, choices: [], k };
  const n = data.numItems;
  const leans = weights.map((w) => (w > 0 ? new PopularityLean(w, data.fitPopularity).bias : undefined));
  const relevant = buildUserItemCsr(data.log.users, data.log.items, data.validationRows, data.numUsers, n);
  const { offsets, items: fit } = data.seenFit;
  const users = Int32Array.from({ length: data.numUsers }, (_, u) => u).filter((u) => relevant.offsets[u + 1]! > relevant.offsets[u]!);
  const sums = weights.map(() => ({ recall: 0, ndcg: 0 }));
  let counted = 0;
  const block = options.blockSize ?? 256;
  await withItemScorer(rec, (scorer) => {
    const scores = new Float32Array(block * n);
    for (let start = 0; start < users.length; start += block) {
      const part = users.subarray(start, Math.min(users.length, start + block));
      scorer.score(rec.embedQueries(Array.from(part, (u) => data.log.userIds[u]!), undefined, data.seenFit), part.length, scores);
      // each user's validation items, its fit items left out (perUserRanking drops the relevant ones among them)
      const input = {
        numCandidates: n,
        relevant: Array.from(part, (u) => relevant.items.subarray(relevant.offsets[u]!, relevant.offsets[u + 1]!)),
        exclude: Array.from(part, (u) => fit.subarray(offsets[u]!, offsets[u + 1]!)),
      };
      leans.forEach((bias, w) => {
        const figures = perUserRanking(
          {
            ...input,
            score: (b, out) => {
              out.set(scores.subarray(b * n, (b + 1) * n));
              if (bias) for (let j = 0; j < n; j++) out[j] = out[j]! + bias[j]!;
            },
          },
          { k },
        );
        if (figures.users === 0) return;
        sums[w]!.recall += figures.recall * figures.users;
        sums[w]!.ndcg += figures.ndcg * figures.users;
        if (w === 0) counted += figures.users;
      });
    }
  });
  const m = Math.max(1, counted);
  const choices: ItemItemChoice[] = weights.map((weight, w) => ({ weight, recall: sums[w]!.recall / m, ndcg: sums[w]!.ndcg / m }));
  return { weight: fixed ?? bestChoice(choices).weight, ...given, users: counted, choices, k };
}
