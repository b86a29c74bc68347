import { evaluateRetrieval, pairedUserDifference, runBaselines, type BaselineName, type PairedDifference, type RetrievalMetrics } from '@twotower/eval';
import type { Recommender } from '@twotower/recommender';
import type { ProgressCallback } from '@twotower/utils';
import { scoreRows, scoreUsers, withItemScorer } from './item-scorer';
import { parallelMatMulF32 } from './linalg/parallel-matmul';
import { rowColumns, type TrainingData } from './training-data';

/** Options of {@link evaluateRecommender}. */
export interface EvaluateRecommenderOptions {
  /** Cut-offs. Default [10, 50, 100]. */
  ks?: number[];
  /** Baselines measured on the same split. Default `['popularity', 'ease']`. */
  baselines?: BaselineName[];
  /** EASE's λ. Default 500. */
  easeLambda?: number;
  /** Told how far the evaluation is: `model`, `baselines: popularity, ease`, then `EASE <done>/<total>` while EASE fits. */
  onProgress?: (step: string) => void;
  /** Told how far EASE's fit is, as a share of its work (minutes on a catalogue of 10,000 items). */
  onEaseProgress?: ProgressCallback;
}

/** The retrieval figures of a recommender and of the baselines, both protocols. */
export interface RecommenderEvaluation {
  model: RetrievalMetrics;
  baselines: { popularity?: RetrievalMetrics; ease?: RetrievalMetrics };
  seconds: { model: number; baselines: number };
  /**
   * The model's per-user figures minus EASE's on the same users (`recall@K`, `ndcg@K` for each
   * K; paired mean ± standard error), when EASE ran and the model had a per-user pass.
   */
  versusEase?: { protocol: 'wholeCatalogue' | 'excludeSeen'; users: number; figures: Record<string, PairedDifference> };
}

/**
 * Evaluates a trained recommender on the data's test rows — top-K over the whole catalogue
 * (TFRS's factorized top-K) and with each user's training items excluded, plus per-user recall,
 * nDCG, coverage and popularity bias — and runs the baselines on the same split; with EASE, the
 * model's per-user figures minus EASE's, paired by user (`versusEase`).
 */
export async function evaluateRecommender(rec: Recommender, data: TrainingData, options: EvaluateRecommenderOptions = {}): Promise<RecommenderEvaluation> {
  const ks = options.ks ?? [10, 50, 100];
  const names = options.baselines ?? ['popularity', 'ease'];
  const t0 = performance.now();
  options.onProgress?.('model');
  const model = await withItemScorer(rec, (scorer) =>
    evaluateRetrieval({
      numItems: data.numItems,
      test: rowColumns(data, data.testRows),
      scoreQueries: scoreRows(rec, data, data.testRows, scorer, data.seenTrain),
      scoreUsers: scoreUsers(rec, data, scorer, data.seenTrain, rec.popularityLean),
      seen: data.seenTrain,
      itemPopularity: data.popularity,
      ks,
      userValues: true,
    }),
  );
  const t1 = performance.now();
  if (names.length > 0) options.onProgress?.(`baselines: ${names.join(', ')}`);
  const baselines =
    names.length > 0
      ? await runBaselines({
          interactions: { user: data.log.users, item: data.log.items },
          train: data.trainRows,
          test: data.testRows,
          numUsers: data.numUsers,
          numItems: data.numItems,
          baselines: names,
          lambda: options.easeLambda ?? 500,
          ks,
          userValues: true,
          matmul: parallelMatMulF32,
          onEaseProgress: (done: number, total: number) => {
            options.onEaseProgress?.(done, total);
            options.onProgress?.(`EASE ${done}/${total}`);
          },
        })
      : undefined;
  const t2 = performance.now();
  const mine = model.userValues;
  const theirs = baselines?.ease?.userValues;
  const versusEase = mine && theirs ? { protocol: mine.protocol, users: mine.users.length, figures: Object.fromEntries(Object.keys(mine.metrics).map((m) => [m, pairedUserDifference(mine, theirs, m)])) } : undefined;
  // the per-user values served the comparison; the figures kept are the means
  for (const m of [model, baselines?.popularity, baselines?.ease]) if (m) delete m.userValues;
  return { model, baselines: { popularity: baselines?.popularity, ease: baselines?.ease }, seconds: { model: (t1 - t0) / 1000, baselines: (t2 - t1) / 1000 }, ...(versusEase ? { versusEase } : {}) };
}
