import { batches, selectRows } from '@twotower/data';
import { gatherTowerBatch, RatingStatistics, rankingInputParts, type RankingEnsembleOptions, type RankingInputs, type RankingOptions, type Recommender } from '@twotower/recommender';
import type { RankingModel } from '@twotower/towers';
import { fitLoop } from './fit-loop';
import { leakGuard } from './leak-guard';
import { progressCallback, silentProgress, type Progress } from './progress';
import type { TrainingData } from './training-data';

/** Options of {@link fitRanking}. */
export interface FitRankingOptions {
  /**
   * One ranking model, or the members of an ensemble (e.g. binary and regression heads from
   * consecutive seeds). A member without `outputBias` starts its output at the training mean: the
   * mean rating (regression), or the log-odds of "liked" (binary).
   */
  members: RankingOptions[];
  /** How an ensemble's members combine (ignored for one model). */
  ensemble?: RankingEnsembleOptions;
  /** A rating at or above it is "liked" (the binary label). Default 4. */
  likedThreshold?: number;
  /** Prior strength of the rating statistics (when the inputs read them). Default 10. */
  priorStrength?: number;
  /** Epochs of each model. Default 3. */
  epochs?: number;
  /** Default 4096. */
  batchSize?: number;
  progress?: Progress;
}

/** What {@link fitRanking} returns. */
export interface FitRankingResult {
  /** The recommender's ranking models, trained, in the members' order. */
  models: RankingModel[];
  seconds: number;
  examplesPerSecond: number;
}

/** The ranking inputs of log rows, as the recommender builds them when serving. `leaveOut`: each row's own rating is left out of its statistics (training rows). */
export function rankingRowInputs(rec: Recommender, data: TrainingData, rows: Int32Array, inputs: RankingOptions['inputs'], leaveOut: boolean) {
  const users = Array.from(rows, (r) => data.rowUserIds[r]!);
  const items = Int32Array.from(rows, (r) => data.log.items[r]!);
  const timestamps = Float64Array.from(rows, (r) => data.timestamps[r]!);
  return rec.rankingInputs(users, items, timestamps, inputs, leaveOut ? { leaveOut: Float32Array.from(rows, (r) => data.log.ratings[r]!) } : {});
}

/**
 * Adds ranking models to the recommender (one, or an ensemble) and trains each on the rated
 * training rows: label 1 when the rating is at least `likedThreshold` (binary head), or the
 * rating (regression head). When the inputs read rating statistics they are counted on the
 * training rows and kept in the recommender; a training row reads them without its own rating
 * (leave-one-out), so the label is never among its inputs.
 */
export async function fitRanking(rec: Recommender, data: TrainingData, options: FitRankingOptions): Promise<FitRankingResult> {
  const threshold = options.likedThreshold ?? 4;
  const epochs = options.epochs ?? 3;
  const batchSize = options.batchSize ?? 4096;
  const progress = options.progress ?? silentProgress;
  let sum = 0;
  let likedCount = 0;
  let rated = 0;
  for (const r of data.trainRows) {
    const v = data.log.ratings[r]!;
    if (!Number.isFinite(v)) continue;
    sum += v;
    if (v >= threshold) likedCount++;
    rated++;
  }
  if (rated === 0) throw new Error('fitRanking: no training row has a rating: the ranking models learn from ratings (train retrieval only, or give rated data)');
  const likedRate = Math.min(0.99, Math.max(0.01, likedCount / rated));
  const bias = { regression: sum / rated, binary: Math.log(likedRate / (1 - likedRate)) };
  const members = options.members.map((m) => ({ ...m, outputBias: m.outputBias ?? bias[m.head ?? 'binary'] }));
  if (members.some((m) => rankingInputParts(m.inputs ?? 'features').statistics)) {
    rec.models.setRatingStatistics(RatingStatistics.fit(data.log, data.trainRows, data.numUsers, data.numItems, { likedThreshold: threshold, priorStrength: options.priorStrength }));
  }
  const models = members.length === 1 ? [rec.models.setRankingModel(members[0]!)] : rec.models.setRankingEnsemble(members, { ...options.ensemble, likedThreshold: threshold });
  const ratedRows = data.trainRows.filter((r) => Number.isFinite(data.log.ratings[r]!));
  // each member reads its own inputs: build each kind once
  const trainInputs = new Map<RankingInputs, ReturnType<typeof rankingRowInputs>>();
  const inputsOf = (m: number) => {
    const kind = members[m]!.inputs ?? 'features';
    if (!trainInputs.has(kind)) trainInputs.set(kind, rankingRowInputs(rec, data, ratedRows, kind, true));
    return trainInputs.get(kind)!;
  };
  const trainLog = selectRows(data.log, ratedRows);
  const steps = Math.ceil(trainLog.length / batchSize);
  const t0 = performance.now();
  let examples = 0;
  for (let m = 0; m < models.length; m++) {
    const model = models[m]!;
    const train = inputsOf(m);
    const seed = members[m]!.seed ?? 0;
    const name = models.length > 1 ? `ranking model ${m + 1}/${models.length} (${model.head})` : `ranking (${model.head})`;
    const r = await fitLoop({
      epochs,
      runEpoch(epoch, step) {
        let lossSum = 0;
        let n = 0;
        for (const b of batches(trainLog, { batchSize, seed, epoch })) {
          const y = Float32Array.from(b.rows, (i) => {
            const rating = data.log.ratings[ratedRows[i]!]!;
            return model.head === 'binary' ? (rating >= threshold ? 1 : 0) : rating;
          });
          lossSum += model.trainStep(gatherTowerBatch(train.query, model.query.specs, b.rows), gatherTowerBatch(train.candidate, model.candidate.specs, b.rows), b.size, y) * b.size;
          n += b.size;
          step(lossSum, n, b.index, steps);
        }
        return { lossSum, examples: n };
      },
      callbacks: [progressCallback(progress, name), leakGuard()],
    });
    examples += r.examples;
  }
  const seconds = (performance.now() - t0) / 1000;
  return { models, seconds, examplesPerSecond: examples / seconds };
}
