import { batches, mulberry32, deriveSeed, selectRows } from '@twotower/data';
import { topKIndices } from '@twotower/eval';
import type { TrainConfig } from '../config/schema';
import type { Prepared } from './prepare';
import type { Progress } from './progress';
import { ItemScorer } from './scoring';

/** How the engagement model was trained. */
export interface EngagementResult {
  /** Validation interactions used as positives (those among the user's retrieved pool). */
  positives: number;
  epochs: number;
  seconds: number;
  examplesPerSecond: number;
}

/**
 * Each user's top `pool` items by the current retrieval model (queried at the user's latest
 * training time), the items it was trained on excluded: what re-ranking will see, and where the
 * engagement model's negatives come from. Returns `[numUsers × pool]` item indices (-1 padded).
 */
export function retrievedPool(p: Prepared, pool: number): Int32Array {
  const rec = p.recommender;
  const out = new Int32Array(p.numUsers * pool).fill(-1);
  const scorer = new ItemScorer(rec);
  try {
    const block = 256;
    for (let start = 0; start < p.numUsers; start += block) {
      const m = Math.min(block, p.numUsers - start);
      const users = Array.from({ length: m }, (_, i) => p.log.userIds[start + i]!);
      const scores = new Float32Array(m * p.numItems);
      scorer.score(rec.embedQueries(users), m, scores);
      for (let i = 0; i < m; i++) {
        const u = start + i;
        const seen = p.seenFit.items.subarray(p.seenFit.offsets[u]!, p.seenFit.offsets[u + 1]!);
        out.set(topKIndices(scores.subarray(i * p.numItems, (i + 1) * p.numItems), pool, { exclude: seen }), u * pool);
      }
    }
  } finally {
    scorer.dispose();
  }
  return out;
}

/**
 * Trains the engagement model, P(interaction | retrieved): positives are interactions the
 * retrieval model was not trained on (the validation rows) whose item it retrieves for the
 * user, negatives are `negatives` items per positive drawn from the same user's
 * retrieved pool. By default it reads only the retrieval score, the item's popularity and the
 * user's activity (few parameters: a few thousand held-out interactions suffice), so it learns
 * how to re-weigh what retrieval already knows rather than memorise ids.
 */
export function fitEngagement(p: Prepared, config: TrainConfig, progress: Progress): EngagementResult {
  const R = config.ranking;
  const rec = p.recommender;
  const model = rec.addRankingModel(
    { layers: R.engagementLayers, head: 'binary', optimizer: { name: 'adam', learningRate: R.engagementLearningRate }, seed: R.seed + 1, inputs: R.engagementInputs },
    'engagement',
  );
  const pool = retrievedPool(p, R.negativePool);
  if (p.validationRows.length === 0) throw new Error('the engagement model learns from held-out interactions: set split.validationFraction > 0');
  // Re-ranking only ever sees retrieved candidates, so only positives the retrieval model
  // retrieves are informative: one outside the pool would teach "a low retrieval score means
  // an interaction", since no negative is drawn from outside the pool.
  const inPool = (row: number) => {
    const u = p.log.users[row]!;
    const item = p.log.items[row]!;
    for (let j = 0; j < R.negativePool; j++) if (pool[u * R.negativePool + j] === item) return true;
    return false;
  };
  const positives = p.validationRows.filter(inPool);
  if (positives.length === 0) throw new Error('no held-out interaction is among the retrieved candidates: cannot train the engagement model (use more data or a larger ranking.negativePool)');
  const log = selectRows(p.log, positives);
  const k = R.negatives;
  const t0 = performance.now();
  let examples = 0;
  for (let epoch = 1; epoch <= R.engagementEpochs; epoch++) {
    const e0 = performance.now();
    const rand = mulberry32(deriveSeed(R.seed, 5000 + epoch));
    let lossSum = 0;
    let n = 0;
    const per = Math.max(1, Math.floor(R.batchSize / (1 + k)));
    const steps = Math.ceil(log.length / per);
    for (const b of batches(log, { batchSize: per, seed: R.seed + 1, epoch })) {
      const size = b.size * (1 + k);
      const users: string[] = new Array(size);
      const ts = new Float64Array(size);
      const items = new Int32Array(size);
      const labels = new Float32Array(size);
      let w = 0;
      for (let i = 0; i < b.size; i++) {
        const row = positives[b.rows[i]!]!;
        const u = p.log.users[row]!;
        for (let j = 0; j <= k; j++) {
          users[w] = p.rowUserIds[row]!;
          ts[w] = p.timestamps[row]!;
          if (j === 0) {
            items[w] = b.items[i]!;
            labels[w] = 1;
          } else {
            let neg = pool[u * R.negativePool + Math.floor(rand() * R.negativePool)]!;
            if (neg < 0 || neg === b.items[i]) neg = Math.floor(rand() * p.numItems);
            items[w] = neg;
            labels[w] = 0;
          }
          w++;
        }
      }
      const { query, candidate } = rec.rankingInputs(users, items, ts, R.engagementInputs);
      lossSum += model.trainStep(query, candidate, size, labels) * size;
      n += size;
      progress.step({ epoch, epochs: R.engagementEpochs, step: b.index + 1, steps, loss: lossSum / n, examplesPerSecond: n / ((performance.now() - e0) / 1000) });
    }
    examples += n;
    progress.epochEnd(`engagement epoch ${epoch}/${R.engagementEpochs}  loss ${(lossSum / n).toFixed(4)}  ${Math.round(n / ((performance.now() - e0) / 1000)).toLocaleString('en-US')} ex/s`);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { positives: positives.length, epochs: R.engagementEpochs, seconds, examplesPerSecond: examples / seconds };
}
