import { batches, selectRows } from '@twotower/data';
import { auc, binaryAccuracy, logLoss, rmse } from '@twotower/eval';
import { gatherTowerBatch, RatingStatistics, type RankingInputs } from '@twotower/recommender';
import type { RankingModel } from '@twotower/towers';
import type { TrainConfig } from '../config/schema';
import type { Prepared } from './prepare';
import type { Progress } from './progress';
import type { EngagementResult } from './fit-engagement';

/** The ranking model's test figures (`metrics.json` "ranking"). */
export interface RankingMetrics {
  head: 'binary' | 'regression';
  /** Share of test rows whose liked / not-liked is predicted right (probability > 0.5, or rating >= threshold). */
  binaryAccuracy: number;
  /** Area under the ROC curve of liked vs not liked. */
  auc: number;
  /** Binary cross-entropy of the predicted probability (binary head only). */
  logLoss?: number;
  /** Binary head: RMSE of the probability against the 0/1 label; regression head: RMSE of the predicted rating. */
  rmse: number;
  /** Share of liked rows among test rows (accuracy of always answering the majority). */
  positiveRate: number;
  epochs: number;
  seconds: number;
  examplesPerSecond: number;
  /** The engagement model's training, when one was trained (re-ranking uses P(interaction) × P(liked)). */
  engagement?: EngagementResult;
}

/** Labels of rows: 1 when the rating is at least the threshold (binary), else the rating. */
function targets(p: Prepared, rows: Int32Array, head: 'binary' | 'regression', threshold: number): Float32Array {
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

/**
 * Adds a ranking model to the recommender, trains it on the training rows (label: rating >=
 * threshold, or the rating) and evaluates it on the test rows. With rating statistics among its
 * inputs, the statistics are counted on the training rows and stored in the recommender; a
 * training row reads them without its own rating (leave-one-out), a test row reads them whole.
 */
export function fitRanking(p: Prepared, config: TrainConfig, progress: Progress): { model: RankingModel; metrics: RankingMetrics } {
  const R = config.ranking;
  const rec = p.recommender;
  // the output starts at the training mean: the rating, or the log-odds of "liked"
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
  const outputBias = R.head === 'regression' ? (rated ? sum / rated : 0) : Math.log(likedRate / (1 - likedRate));
  if (R.inputs === 'statistics' || R.inputs === 'features+statistics' || R.inputs === 'all') {
    // per-user and per-item rating statistics of the training rows, kept in the artifact
    rec.ratingStatistics = RatingStatistics.fit(p.log, p.trainRows, p.numUsers, p.numItems, { likedThreshold: R.likedThreshold, priorStrength: R.priorStrength });
  }
  const model = rec.addRankingModel({
    layers: R.layers,
    cross: R.crossLayers > 0 ? { layers: R.crossLayers, lowRank: R.crossLowRank || undefined } : undefined,
    head: R.head,
    outputBias,
    inputDropout: R.inputDropout,
    optimizer: { name: R.optimizer, learningRate: R.learningRate, weightDecay: R.weightDecay },
    seed: R.seed,
    inputs: R.inputs,
  });
  const ratedRows = p.trainRows.filter((r) => Number.isFinite(p.log.ratings[r]!));
  // the inputs of every rated training row, each row's own rating left out of its statistics
  const train = inputsOf(p, ratedRows, R.inputs, true);
  const qSpecs = model.query.specs;
  const cSpecs = model.candidate.specs;
  const trainLog = selectRows(p.log, ratedRows);
  const t0 = performance.now();
  let examples = 0;
  for (let epoch = 1; epoch <= R.epochs; epoch++) {
    const e0 = performance.now();
    let lossSum = 0;
    let n = 0;
    const steps = Math.ceil(trainLog.length / R.batchSize);
    for (const b of batches(trainLog, { batchSize: R.batchSize, seed: R.seed, epoch })) {
      const rows = Int32Array.from(b.rows, (r) => ratedRows[r]!);
      const y = targets(p, rows, R.head, R.likedThreshold);
      const loss = model.trainStep(gatherTowerBatch(train.query, qSpecs, b.rows), gatherTowerBatch(train.candidate, cSpecs, b.rows), b.size, y);
      lossSum += loss * b.size;
      n += b.size;
      progress.step({ epoch, epochs: R.epochs, step: b.index + 1, steps, loss: lossSum / n, examplesPerSecond: n / ((performance.now() - e0) / 1000) });
    }
    examples += n;
    progress.epochEnd(`ranking epoch ${epoch}/${R.epochs}  loss ${(lossSum / n).toFixed(4)}  ${Math.round(n / ((performance.now() - e0) / 1000)).toLocaleString('en-US')} ex/s`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const test = p.testRows.filter((r) => Number.isFinite(p.log.ratings[r]!));
  // test rows read what serving reads: the full statistics of the training rows
  const testInputs = inputsOf(p, test, R.inputs, false);
  const pred = model.predict(testInputs.query, testInputs.candidate, test.length);
  const liked = targets(p, test, 'binary', R.likedThreshold);
  let positives = 0;
  for (const l of liked) positives += l;
  let metrics: RankingMetrics;
  const common = { positiveRate: positives / liked.length, epochs: R.epochs, seconds, examplesPerSecond: examples / seconds };
  if (R.head === 'binary') {
    metrics = { head: 'binary', binaryAccuracy: binaryAccuracy(liked, pred), auc: auc(liked, pred), logLoss: logLoss(liked, pred), rmse: rmse(liked, pred), ...common };
  } else {
    const ratings = targets(p, test, 'regression', R.likedThreshold);
    const predictedLiked = Float32Array.from(pred, (v) => (v >= R.likedThreshold - 0.5 ? 1 : 0));
    metrics = { head: 'regression', binaryAccuracy: binaryAccuracy(liked, predictedLiked), auc: auc(liked, pred), rmse: rmse(ratings, pred), ...common };
  }
  return { model, metrics };
}
