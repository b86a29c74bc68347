import type { RankingMemberMetrics, RankingMetrics } from '@twotower/artifact';
import { auc, binaryAccuracy, logLoss, rmse } from '@twotower/eval';
import { combineRankingPredictions, type RankingEnsembleOptions, type RankingInputs, type Recommender } from '@twotower/recommender';
import { rankingRowInputs } from './fit-ranking';
import type { TrainingData } from './training-data';

/** Options of {@link evaluateRanking}. */
export interface EvaluateRankingOptions {
  /** A rating at or above it is "liked". Default 4. */
  likedThreshold?: number;
  /** What the ranking models read, for a model whose options do not say (`rec.models.rankingOptions`). Default `'features'`. */
  inputs?: RankingInputs;
  /** How the members combine (as the recommender's ranker combines them). */
  ensemble?: RankingEnsembleOptions;
  /** Seed of each member, reported beside its figures. */
  seeds?: number[];
}

/** Accuracy / AUC / RMSE of one prediction of the liked label (probability > 0.5, or rating >= threshold − 0.5). */
function scored(pred: Float32Array, kind: 'probability' | 'rating', liked: Float32Array, ratings: Float32Array, threshold: number) {
  if (kind === 'probability') return { binaryAccuracy: binaryAccuracy(liked, pred), auc: auc(liked, pred), logLoss: logLoss(liked, pred), rmse: rmse(liked, pred) };
  return { binaryAccuracy: binaryAccuracy(liked, pred, threshold - 0.5), auc: auc(liked, pred), rmse: rmse(ratings, pred) };
}

/**
 * The recommender's ranking models on the rated test rows, each alone and combined as its
 * ranker combines them: accuracy of liked / not liked, AUC, log loss, RMSE. Test rows read the
 * full rating statistics of the training rows, as serving does.
 */
export function evaluateRanking(rec: Recommender, data: TrainingData, options: EvaluateRankingOptions = {}): Omit<RankingMetrics, 'epochs' | 'seconds' | 'examplesPerSecond'> {
  const threshold = options.likedThreshold ?? 4;
  const models = rec.models.ranking;
  if (models.length === 0) throw new Error('evaluateRanking: the recommender has no ranking model (train one with fitRanking)');
  const test = data.testRows.filter((r) => Number.isFinite(data.log.ratings[r]!));
  // each model reads the inputs it was trained on (built once per kind)
  const byKind = new Map<RankingInputs, ReturnType<typeof rankingRowInputs>>();
  const inputsOf = (m: number) => {
    const kind = rec.models.rankingOptions[m]?.inputs ?? options.inputs ?? 'features';
    if (!byKind.has(kind)) byKind.set(kind, rankingRowInputs(rec, data, test, kind, false));
    return byKind.get(kind)!;
  };
  const ratings = Float32Array.from(test, (r) => data.log.ratings[r]!);
  const liked = ratings.map((v) => (v >= threshold ? 1 : 0));
  const predictions = models.map((model, m) => {
    const inputs = inputsOf(m);
    return model.predict(inputs.query, inputs.candidate, test.length);
  });
  const members = models.map((model, m): RankingMemberMetrics => ({
    head: model.head,
    seed: options.seeds?.[m] ?? m,
    ...scored(predictions[m]!, model.head === 'binary' ? 'probability' : 'rating', liked, ratings, threshold),
  }));
  const probabilities = predictions.filter((_, m) => models[m]!.head === 'binary');
  const regressions = predictions.filter((_, m) => models[m]!.head === 'regression');
  const combined = combineRankingPredictions(probabilities, regressions, test.length, { ...options.ensemble, likedThreshold: threshold });
  const kind = probabilities.length > 0 ? 'probability' : 'rating';
  let positives = 0;
  for (const l of liked) positives += l;
  return {
    kind,
    ...scored(combined, kind, liked, ratings, threshold),
    ...(regressions.length > 0 ? { ratingRmse: rmse(ratings, combineRankingPredictions([], regressions, test.length)) } : {}),
    positiveRate: positives / liked.length,
    members,
  };
}
