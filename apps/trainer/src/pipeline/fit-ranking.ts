import { batches, selectRows } from '@twotower/data';
import { auc, binaryAccuracy, logLoss, rmse } from '@twotower/eval';
import { combineRankingPredictions, gatherTowerBatch, rankingInputParts, RatingStatistics, type RankingInputs, type RankingOptions } from '@twotower/recommender';
import { ConfigError } from '../config/load-config';
import type { RankingModel } from '@twotower/towers';
import type { TrainConfig } from '../config/schema';
import type { Prepared } from './prepare';
import type { Progress } from './progress';
import type { EngagementResult } from './fit-engagement';

type Head = 'binary' | 'regression';

/** One ranking model's test figures. */
export interface RankingMemberMetrics {
  head: Head;
  seed: number;
  /** Liked / not liked predicted right: probability > 0.5, or rating >= likedThreshold − 0.5. */
  binaryAccuracy: number;
  auc: number;
  /** Binary cross-entropy (binary head only). */
  logLoss?: number;
  /** Binary head: RMSE of the probability against the 0/1 label; regression head: RMSE of the rating. */
  rmse: number;
}

/** The ranking models' test figures (`metrics.json` "ranking"): the combined prediction, then each member. */
export interface RankingMetrics {
  /** What the combined prediction is: P(liked), or a rating (regression members only). */
  kind: 'probability' | 'rating';
  /** Share of test rows whose liked / not-liked is predicted right (probability > 0.5, or rating >= threshold − 0.5). */
  binaryAccuracy: number;
  /** Area under the ROC curve of liked vs not liked. */
  auc: number;
  /** Binary cross-entropy of the predicted probability (probability kind only). */
  logLoss?: number;
  /** Probability kind: RMSE of the probability against the 0/1 label; rating kind: RMSE of the predicted rating. */
  rmse: number;
  /** RMSE of the regression members' mean rating, when there are regression members. */
  ratingRmse?: number;
  /** Share of liked rows among test rows (accuracy of always answering the majority). */
  positiveRate: number;
  /** Each model of the ensemble on its own (one entry without an ensemble). */
  members: RankingMemberMetrics[];
  epochs: number;
  seconds: number;
  examplesPerSecond: number;
  /** The engagement model's training, when one was trained (re-ranking uses P(interaction) × P(liked)). */
  engagement?: EngagementResult;
}

/** Labels of rows: 1 when the rating is at least the threshold (binary), else the rating. */
function targets(p: Prepared, rows: Int32Array, head: Head, threshold: number): Float32Array {
  return Float32Array.from(rows, (r) => {
    const rating = p.log.ratings[r]!;
    return head === 'binary' ? (rating >= threshold ? 1 : 0) : rating;
  });
}

/**
 * The ranking model's inputs for log rows (as the recommender builds them at serving time).
 * @param leaveOut the rows are training rows: leave each row's own rating out of its statistics
 */
function inputsOf(p: Prepared, rows: Int32Array, inputs: RankingInputs, leaveOut: boolean) {
  const users = Array.from(rows, (r) => p.rowUserIds[r]!);
  const items = Int32Array.from(rows, (r) => p.log.items[r]!);
  const timestamps = Float64Array.from(rows, (r) => p.timestamps[r]!);
  return p.recommender.rankingInputs(users, items, timestamps, inputs, leaveOut ? { leaveOut: Float32Array.from(rows, (r) => p.log.ratings[r]!) } : {});
}

/** The members of the ranking ensemble the config asks for: its binary models, then its regression models. */
export function rankingMembers(R: TrainConfig['ranking'], outputBias: Record<Head, number>): RankingOptions[] {
  const heads: Head[] = [...Array<Head>(R.ensemble.binary).fill('binary'), ...Array<Head>(R.ensemble.regression).fill('regression')];
  return heads.map((head, i) => ({
    layers: R.layers,
    cross: R.crossLayers > 0 ? { layers: R.crossLayers, lowRank: R.crossLowRank || undefined } : undefined,
    head,
    outputBias: outputBias[head],
    inputDropout: R.inputDropout,
    optimizer: { name: R.optimizer, learningRate: R.learningRate, weightDecay: R.weightDecay },
    seed: R.seed + i,
    inputs: R.inputs,
    ...(R.features && rankingInputParts(R.inputs).features ? { features: R.features } : {}),
  }));
}

/**
 * Refuses `ranking.features` naming a feature the towers do not have — before hours of
 * retrieval training rather than after.
 */
export function checkRankingFeatures(p: Prepared, config: TrainConfig): void {
  const R = config.ranking;
  if (!R.enabled || !R.features || !rankingInputParts(R.inputs).features) return;
  try {
    p.recommender.rankingFeatureInputs(R.features);
  } catch (e) {
    throw new ConfigError(`ranking.features: ${(e as Error).message.replace(/^ranking option features: /, '')}; name some of those, or null for all`);
  }
}

/** Accuracy / AUC / RMSE of one prediction of the liked label (probability > 0.5, or rating >= threshold − 0.5). */
function scored(pred: Float32Array, kind: 'probability' | 'rating', liked: Float32Array, ratings: Float32Array, threshold: number) {
  if (kind === 'probability') return { binaryAccuracy: binaryAccuracy(liked, pred), auc: auc(liked, pred), logLoss: logLoss(liked, pred), rmse: rmse(liked, pred) };
  return { binaryAccuracy: binaryAccuracy(liked, pred, threshold - 0.5), auc: auc(liked, pred), rmse: rmse(ratings, pred) };
}

/**
 * Adds the ranking models to the recommender — one, or an ensemble of binary and regression
 * models from consecutive seeds (`ranking.ensemble`) — trains each on the training rows (label:
 * rating >= threshold, or the rating) and evaluates them on the test rows, alone and combined
 * as the ranker combines them. With rating statistics among the inputs, the statistics are
 * counted on the training rows and stored in the recommender; a training row reads them without
 * its own rating (leave-one-out), a test row reads them whole.
 */
export function fitRanking(p: Prepared, config: TrainConfig, progress: Progress): { models: RankingModel[]; metrics: RankingMetrics } {
  const R = config.ranking;
  const rec = p.recommender;
  // each output starts at the training mean: the rating, or the log-odds of "liked"
  let sum = 0;
  let likedCount = 0;
  let rated = 0;
  for (const r of p.trainRows) {
    const v = p.log.ratings[r]!;
    if (!Number.isFinite(v)) continue;
    sum += v;
    if (v >= R.likedThreshold) likedCount++;
    rated++;
  }
  const likedRate = Math.min(0.99, Math.max(0.01, rated ? likedCount / rated : 0.5));
  const outputBias = { regression: rated ? sum / rated : 0, binary: Math.log(likedRate / (1 - likedRate)) };
  if (R.inputs === 'statistics' || R.inputs === 'features+statistics' || R.inputs === 'all') {
    // per-user and per-item rating statistics of the training rows, kept in the artifact
    rec.ratingStatistics = RatingStatistics.fit(p.log, p.trainRows, p.numUsers, p.numItems, { likedThreshold: R.likedThreshold, priorStrength: R.priorStrength });
  }
  const members = rankingMembers(R, outputBias);
  const ensemble = { ratingSlope: R.ensemble.ratingSlope, likedThreshold: R.likedThreshold };
  const models = members.length === 1 ? [rec.addRankingModel(members[0]!)] : rec.addRankingEnsemble(members, ensemble);
  const ratedRows = p.trainRows.filter((r) => Number.isFinite(p.log.ratings[r]!));
  // the inputs of every rated training row, each row's own rating left out of its statistics
  const train = inputsOf(p, ratedRows, R.inputs, true);
  const trainLog = selectRows(p.log, ratedRows);
  const t0 = performance.now();
  let examples = 0;
  models.forEach((model, m) => {
    const head = model.head;
    const seed = members[m]!.seed!;
    const steps = Math.ceil(trainLog.length / R.batchSize);
    const name = models.length > 1 ? `ranking model ${m + 1}/${models.length} (${head})` : `ranking (${head})`;
    for (let epoch = 1; epoch <= R.epochs; epoch++) {
      const e0 = performance.now();
      let lossSum = 0;
      let n = 0;
      for (const b of batches(trainLog, { batchSize: R.batchSize, seed, epoch })) {
        const rows = Int32Array.from(b.rows, (r) => ratedRows[r]!);
        const y = targets(p, rows, head, R.likedThreshold);
        const loss = model.trainStep(gatherTowerBatch(train.query, model.query.specs, b.rows), gatherTowerBatch(train.candidate, model.candidate.specs, b.rows), b.size, y);
        lossSum += loss * b.size;
        n += b.size;
        progress.step({ epoch, epochs: R.epochs, step: b.index + 1, steps, loss: lossSum / n, examplesPerSecond: n / ((performance.now() - e0) / 1000) });
      }
      examples += n;
      progress.epochEnd(`${name} epoch ${epoch}/${R.epochs}  loss ${(lossSum / n).toFixed(4)}  ${Math.round(n / ((performance.now() - e0) / 1000)).toLocaleString('en-US')} ex/s`);
    }
  });
  const seconds = (performance.now() - t0) / 1000;
  const test = p.testRows.filter((r) => Number.isFinite(p.log.ratings[r]!));
  // test rows read what serving reads: the full statistics of the training rows
  const testInputs = inputsOf(p, test, R.inputs, false);
  const liked = targets(p, test, 'binary', R.likedThreshold);
  const ratings = targets(p, test, 'regression', R.likedThreshold);
  const predictions = models.map((model) => model.predict(testInputs.query, testInputs.candidate, test.length));
  const memberMetrics = models.map((model, m): RankingMemberMetrics => ({
    head: model.head,
    seed: members[m]!.seed!,
    ...scored(predictions[m]!, model.head === 'binary' ? 'probability' : 'rating', liked, ratings, R.likedThreshold),
  }));
  const probabilities = predictions.filter((_, m) => models[m]!.head === 'binary');
  const regressions = predictions.filter((_, m) => models[m]!.head === 'regression');
  // the same combination the recommender's ranker applies
  const combined = combineRankingPredictions(probabilities, regressions, test.length, ensemble);
  const kind = probabilities.length > 0 ? 'probability' : 'rating';
  let positives = 0;
  for (const l of liked) positives += l;
  const metrics: RankingMetrics = {
    kind,
    ...scored(combined, kind, liked, ratings, R.likedThreshold),
    ...(regressions.length > 0 ? { ratingRmse: rmse(ratings, combineRankingPredictions([], regressions, test.length)) } : {}),
    positiveRate: positives / liked.length,
    members: memberMetrics,
    epochs: R.epochs,
    seconds,
    examplesPerSecond: examples / seconds,
  };
  return { models, metrics };
}
