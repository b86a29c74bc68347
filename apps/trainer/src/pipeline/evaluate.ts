import { evaluateRetrieval, runBaselines, type RetrievalMetrics } from '@twotower/eval';
import type { TrainConfig } from '../config/schema';
import type { Prepared } from './prepare';
import { ItemScorer, scoreQueriesFn, scoreUsersFn } from './scoring';

/** The retrieval figures of the model and the baselines, both protocols. */
export interface Evaluation {
  model: RetrievalMetrics;
  baselines: { popularity?: RetrievalMetrics; ease?: RetrievalMetrics };
  seconds: { model: number; baselines: number };
}

/** Evaluates the trained model on the test split and runs the baselines beside it. */
export async function evaluate(p: Prepared, config: TrainConfig): Promise<Evaluation> {
  const test = {
    user: Int32Array.from(p.testRows, (r) => p.log.users[r]!),
    item: Int32Array.from(p.testRows, (r) => p.log.items[r]!),
  };
  const t0 = performance.now();
  const scorer = new ItemScorer(p.recommender);
  let model;
  try {
    model = await evaluateRetrieval({
      numItems: p.numItems,
      test,
      scoreQueries: scoreQueriesFn(p, p.testRows, scorer),
      scoreUsers: scoreUsersFn(p, scorer),
      seen: p.seenTrain,
      itemPopularity: p.popularity,
      ks: config.evaluation.ks,
    });
  } finally {
    scorer.dispose();
  }
  const t1 = performance.now();
  const baselines =
    config.evaluation.baselines.length > 0
      ? await runBaselines({
          interactions: { user: p.log.users, item: p.log.items },
          train: p.trainRows,
          test: p.testRows,
          numUsers: p.numUsers,
          numItems: p.numItems,
          baselines: config.evaluation.baselines,
          lambda: config.evaluation.easeLambda,
          ks: config.evaluation.ks,
        })
      : undefined;
  const t2 = performance.now();
  return {
    model,
    baselines: { popularity: baselines?.popularity, ease: baselines?.ease },
    seconds: { model: (t1 - t0) / 1000, baselines: (t2 - t1) / 1000 },
  };
}
