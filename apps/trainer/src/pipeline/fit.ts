import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { batches, batchCount, mulberry32, deriveSeed, selectRows } from '@twotower/data';
import { evaluateRetrieval } from '@twotower/eval';
import { logSamplingProbabilities, sampleUniformNegatives, uniformLogProbability, type RetrievalLossOptions } from '@twotower/losses';
import { gatherTowerBatch } from '@twotower/recommender';
import type { TowerBatch } from '@twotower/towers';
import type { TrainConfig } from '../config/schema';
import type { Prepared } from './prepare';
import type { Progress } from './progress';
import { ItemScorer, scoreQueriesFn } from './scoring';

/** One epoch of the training history. */
export interface EpochRecord {
  epoch: number;
  loss: number;
  seconds: number;
  examplesPerSecond: number;
  /** Validation metric (train items excluded), when a validation split exists. */
  validation?: Record<string, number>;
  /** True for the epochs of the refit on all training rows. */
  refit?: boolean;
}

/** What {@link fit} returns. */
export interface FitResult {
  history: EpochRecord[];
  /** Epoch whose weights the model ends with (the best validation epoch, or the last). */
  bestEpoch: number;
  epochsRun: number;
  stoppedEarly: boolean;
  seconds: number;
  examplesPerSecond: number;
  resumedFrom?: number;
}

/** Options of {@link fit}. */
export interface FitOptions {
  /** Directory for per-epoch checkpoints. */
  checkpointDir: string;
  /** Continue from the checkpoint in `checkpointDir` when it matches this run. */
  resume: boolean;
  /** Identifies the run a checkpoint belongs to (config + data fingerprint). */
  runKey: string;
  progress: Progress;
  /** Stop after this many epochs of this invocation (tests of resume). */
  maxEpochsThisRun?: number;
}

interface CheckpointState {
  runKey: string;
  epoch: number;
  bestEpoch: number;
  bestMetric: number;
  history: EpochRecord[];
  stale: number;
  /** Early stopping fired: a resumed run trains no further. */
  stoppedEarly: boolean;
}

/** The query-tower inputs of every row of the log, computed once. */
function allQueries(p: Prepared): TowerBatch {
  return p.recommender.queryBatch(p.rowUserIds, p.timestamps);
}

/**
 * Trains the retrieval model: seeded shuffled batches, the retrieval loss the config describes,
 * a progress bar, validation after each epoch with early stopping on the best epoch, and a
 * checkpoint after each epoch (weights + optimiser state + history) from which `resume`
 * continues exactly.
 */
export async function fit(p: Prepared, config: TrainConfig, options: FitOptions): Promise<FitResult> {
  const t = config.training;
  const L = config.loss;
  const model = p.recommender.model;
  const queries = allQueries(p);
  const qSpecs = model.query.inputs.specs;
  const fitLog = selectRows(p.log, p.fitRows);
  const steps = batchCount(fitLog.length, { batchSize: t.batchSize });
  const logp = logSamplingProbabilities(p.fitPopularity);
  const hasValidation = p.validationRows.length > 0;
  const monitor = t.monitor;

  let start = 0;
  let bestEpoch = 0;
  let bestMetric = -Infinity;
  let stale = 0;
  let history: EpochRecord[] = [];
  let resumedFrom: number | undefined;
  let resumedStopped = false;
  const stateFile = join(options.checkpointDir, 'state.json');
  if (options.resume && existsSync(stateFile)) {
    const s = JSON.parse(readFileSync(stateFile, 'utf8')) as CheckpointState;
    if (s.runKey !== options.runKey) {
      throw new Error(`the checkpoint in ${options.checkpointDir} belongs to another configuration or data set: remove it or run without --resume`);
    }
    await model.loadWeights(options.checkpointDir, 'last', { optimizer: true });
    ({ bestEpoch, bestMetric, history, stale } = s);
    start = s.epoch;
    resumedStopped = s.stoppedEarly ?? false;
    resumedFrom = s.epoch;
    options.progress.epochEnd(`resuming after epoch ${s.epoch} from ${options.checkpointDir}`);
  }

  const t0 = performance.now();
  let trainedExamples = 0;
  let trainedSeconds = 0;
  let stoppedEarly = resumedStopped;
  let epoch = start;
  const lastEpoch = Math.min(t.epochs, options.maxEpochsThisRun !== undefined ? start + options.maxEpochsThisRun : t.epochs);
  while (epoch < lastEpoch && !stoppedEarly) {
    epoch++;
    const e0 = performance.now();
    let lossSum = 0;
    let examples = 0;
    const rand = mulberry32(deriveSeed(t.seed, 1000 + epoch));
    for (const b of batches(fitLog, { batchSize: t.batchSize, seed: t.seed, epoch })) {
      const n = b.size;
      const rows = Int32Array.from(b.rows, (r) => p.fitRows[r]!);
      const q = gatherTowerBatch(queries, qSpecs, rows);
      let items = b.items;
      const loss: RetrievalLossOptions = { temperature: L.temperature, reduction: L.reduction, hardNegatives: L.hardNegatives || undefined };
      if (L.sampledNegatives > 0) {
        const extra = sampleUniformNegatives(p.numItems, L.sampledNegatives, rand);
        const all = new Int32Array(n + extra.length);
        all.set(items);
        all.set(extra, n);
        items = all;
      }
      if (L.logQCorrection > 0) {
        // log of each column's expected count in a batch (sampled-softmax correction): in-batch
        // items n · p_j, uniform extras M / numItems. Not clipped at 0: the most popular items,
        // whose expected count exceeds 1, are the ones the correction matters most for.
        const lq = new Float32Array(items.length);
        const logN = Math.log(n);
        for (let j = 0; j < n; j++) lq[j] = logp[items[j]!]! + logN;
        const u = uniformLogProbability(p.numItems, L.sampledNegatives);
        for (let j = n; j < items.length; j++) lq[j] = u;
        loss.candidateLogProb = lq;
        loss.logQWeight = L.logQCorrection;
      }
      if (L.removeAccidentalHits) {
        loss.positiveIds = b.items;
        loss.candidateIds = items;
      }
      const c = p.recommender.candidatesFor(items);
      const value = model.trainStep(q, n, c, items.length, loss);
      const perExample = L.reduction === 'sum' ? value / n : value;
      lossSum += perExample * n;
      examples += n;
      const sec = (performance.now() - e0) / 1000;
      options.progress.step({ epoch, epochs: t.epochs, step: b.index + 1, steps, loss: lossSum / examples, examplesPerSecond: examples / sec });
    }
    const seconds = (performance.now() - e0) / 1000;
    trainedExamples += examples;
    trainedSeconds += seconds;
    const record: EpochRecord = { epoch, loss: lossSum / examples, seconds, examplesPerSecond: examples / seconds };
    let line = `epoch ${epoch}/${t.epochs}  loss ${record.loss.toFixed(4)}  ${Math.round(record.examplesPerSecond).toLocaleString('en-US')} ex/s  ${seconds.toFixed(1)} s`;
    let improved = !hasValidation;
    if (hasValidation) {
      const scorer = new ItemScorer(p.recommender);
      const m = await evaluateRetrieval({
        numItems: p.numItems,
        test: { user: Int32Array.from(p.validationRows, (r) => p.log.users[r]!), item: Int32Array.from(p.validationRows, (r) => p.log.items[r]!) },
        scoreQueries: scoreQueriesFn(p, p.validationRows, scorer),
        seen: p.seenFit,
        ks: [10, 50, 100],
        perUser: [],
      }).finally(() => scorer.dispose());
      record.validation = { ...(m.excludeSeen as Record<string, number>) };
      const v = record.validation[monitor] ?? NaN;
      line += `  validation ${monitor} ${v.toFixed(4)}`;
      if (v > bestMetric) {
        bestMetric = v;
        bestEpoch = epoch;
        stale = 0;
        improved = true;
      } else {
        stale++;
        if (t.patience > 0 && stale >= t.patience) stoppedEarly = true;
      }
    } else {
      bestEpoch = epoch;
    }
    history.push(record);
    options.progress.epochEnd(line + (improved && hasValidation ? '  (best)' : ''));
    await writeCheckpoint(options.checkpointDir, p, { runKey: options.runKey, epoch, bestEpoch, bestMetric, history, stale, stoppedEarly }, improved);
  }
  if (hasValidation && bestEpoch > 0 && bestEpoch !== epoch) {
    await model.loadWeights(options.checkpointDir, 'best');
    options.progress.epochEnd(`restored the weights of epoch ${bestEpoch} (best validation ${monitor} ${bestMetric.toFixed(4)})`);
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    history,
    bestEpoch,
    epochsRun: epoch,
    stoppedEarly,
    seconds,
    examplesPerSecond: trainedSeconds > 0 ? trainedExamples / trainedSeconds : 0,
    resumedFrom,
  };
}

/** Writes the checkpoint atomically (temp directory + rename): a kill never leaves half of one. */
async function writeCheckpoint(dir: string, p: Prepared, state: CheckpointState, best: boolean): Promise<void> {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await p.recommender.model.saveWeights(tmp, 'last', { optimizer: true });
  if (best) {
    await p.recommender.model.saveWeights(tmp, 'best');
  } else if (existsSync(join(dir, 'best.json'))) {
    renameSync(join(dir, 'best.json'), join(tmp, 'best.json'));
    renameSync(join(dir, 'best.bin'), join(tmp, 'best.bin'));
  }
  writeFileSync(join(tmp, 'state.json'), JSON.stringify(state));
  const old = `${dir}.old-${process.pid}`;
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(tmp, dir);
  rmSync(old, { recursive: true, force: true });
}
