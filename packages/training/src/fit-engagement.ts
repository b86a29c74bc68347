import type { EngagementMetrics } from '@twotower/artifact';
import { batches, deriveSeed, mulberry32, selectRows } from '@twotower/data';
import { topKIndices } from '@twotower/eval';
import type { RankingOptions, Recommender } from '@twotower/recommender';
import { fitLoop } from './fit-loop';
import { withItemScorer } from './item-scorer';
import { leakGuard } from './leak-guard';
import { progressCallback, silentProgress, type Progress } from './progress';
import type { TrainingData } from './training-data';

/** Options of {@link fitEngagement}. */
export interface FitEngagementOptions {
  /** The engagement model (binary head). Default: inputs `'retrieval'`, layers [16] (few parameters). */
  model?: RankingOptions;
  /** Each user's top retrieved items the negatives are drawn from. Default 100. */
  pool?: number;
  /** Negatives per positive. Default 4. */
  negatives?: number;
  /** Default 5. */
  epochs?: number;
  /** Examples per batch, negatives included. Default 4096. */
  batchSize?: number;
  /** Seed of the batches and the negatives. Default 0. */
  seed?: number;
  progress?: Progress;
}

/**
 * Each user's top `pool` items by the recommender's retrieval model (queried at the user's
 * latest training time), the items it was trained on excluded: what re-ranking will see.
 * @returns `[users × pool]` item indices (-1 padded)
 */
export async function retrievedPool(rec: Recommender, data: TrainingData, pool: number): Promise<Int32Array> {
  const out = new Int32Array(data.numUsers * pool).fill(-1);
  await withItemScorer(rec, (scorer) => {
    const block = 256;
    for (let start = 0; start < data.numUsers; start += block) {
      const m = Math.min(block, data.numUsers - start);
      const users = Array.from({ length: m }, (_, i) => data.log.userIds[start + i]!);
      const scores = new Float32Array(m * data.numItems);
      // the history of the fit rows: the validation rows are what the engagement model learns from
      scorer.score(rec.embedQueries(users, undefined, data.seenFit), m, scores);
      for (let i = 0; i < m; i++) {
        const u = start + i;
        const seen = data.seenFit.items.subarray(data.seenFit.offsets[u]!, data.seenFit.offsets[u + 1]!);
        out.set(topKIndices(scores.subarray(i * data.numItems, (i + 1) * data.numItems), pool, { exclude: seen }), u * pool);
      }
    }
  });
  return out;
}

/**
 * Adds and trains the engagement model, P(interaction | retrieved): positives are interactions
 * the retrieval model was not trained on (the validation rows) whose item it retrieves for the
 * user; negatives are drawn from the same user's retrieved pool. Re-ranking only ever sees
 * retrieved candidates, so a positive outside the pool would only teach "a low retrieval score
 * means an interaction". By default it reads the retrieval score, the item's popularity and the
 * user's activity: it learns to re-weigh what retrieval knows rather than memorise ids.
 */
export async function fitEngagement(rec: Recommender, data: TrainingData, options: FitEngagementOptions = {}): Promise<EngagementMetrics> {
  const poolSize = options.pool ?? 100;
  const k = options.negatives ?? 4;
  const epochs = options.epochs ?? 5;
  const batchSize = options.batchSize ?? 4096;
  const seed = options.seed ?? 0;
  const progress = options.progress ?? silentProgress;
  const spec: RankingOptions = options.model ?? { inputs: 'retrieval', layers: [16], head: 'binary' };
  const inputs = spec.inputs ?? 'features';
  if (data.validationRows.length === 0) throw new Error('the engagement model learns from held-out interactions: give the data validation rows (validationFraction > 0)');
  const pool = await retrievedPool(rec, data, poolSize);
  const inPool = (row: number) => {
    const u = data.log.users[row]!;
    const item = data.log.items[row]!;
    for (let j = 0; j < poolSize; j++) if (pool[u * poolSize + j] === item) return true;
    return false;
  };
  const positives = data.validationRows.filter(inPool);
  if (positives.length === 0) throw new Error('no held-out interaction is among the retrieved candidates: cannot train the engagement model (use more data or a larger pool)');
  // added only now: a refused call leaves the recommender as it was
  const model = rec.models.setEngagementModel(spec);
  const log = selectRows(data.log, positives);
  const per = Math.max(1, Math.floor(batchSize / (1 + k)));
  const steps = Math.ceil(log.length / per);
  const result = await fitLoop({
    epochs,
    runEpoch(epoch, step) {
      const rand = mulberry32(deriveSeed(seed, 5000 + epoch));
      let lossSum = 0;
      let n = 0;
      for (const b of batches(log, { batchSize: per, seed: seed + 1, epoch })) {
        const size = b.size * (1 + k);
        const users: string[] = new Array(size);
        const ts = new Float64Array(size);
        const items = new Int32Array(size);
        const labels = new Float32Array(size);
        let w = 0;
        for (let i = 0; i < b.size; i++) {
          const row = positives[b.rows[i]!]!;
          const u = data.log.users[row]!;
          for (let j = 0; j <= k; j++) {
            users[w] = data.rowUserIds[row]!;
            ts[w] = data.timestamps[row]!;
            if (j === 0) {
              items[w] = b.items[i]!;
              labels[w] = 1;
            } else {
              let neg = pool[u * poolSize + Math.floor(rand() * poolSize)]!;
              if (neg < 0 || neg === b.items[i]) neg = Math.floor(rand() * data.numItems);
              items[w] = neg;
              labels[w] = 0;
            }
            w++;
          }
        }
        const { query, candidate } = rec.rankingInputs(users, items, ts, inputs, { history: data.seenFit });
        lossSum += model.trainStep(query, candidate, size, labels) * size;
        n += size;
        step(lossSum, n, b.index, steps);
      }
      return { lossSum, examples: n };
    },
    callbacks: [progressCallback(progress, 'engagement'), leakGuard()],
  });
  return { positives: positives.length, epochs, seconds: result.seconds, examplesPerSecond: result.examples / result.seconds };
}
