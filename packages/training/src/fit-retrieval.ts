import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchCount, batches, deriveSeed, mulberry32, selectRows, type Batch } from '@twotower/data';
import { gatherTowerBatch, HISTORY_INPUT, timeBucketTables, UserTimeline, type Recommender } from '@twotower/recommender';
import { accumulateSmoothness, type MemberStep } from '@twotower/towers';
import { toEpochRecord, type TrainingCallback } from './callbacks';
import { CheckpointDir } from './checkpoint';
import { earlyStopping } from './early-stopping';
import { fitLoop } from './fit-loop';
import { leakGuard } from './leak-guard';
import { progressCallback, silentProgress, type Progress } from './progress';
import { RetrievalTask, type RetrievalTaskOptions } from './retrieval-task';
import { retrievalValidation } from './retrieval-validation';
import { seenColumns } from './seen-columns';
import { EaseTeacher, type DistillOptions } from './ease-teacher';
import type { TrainingData } from './training-data';
import type { EpochRecord } from '@twotower/artifact';

/** The random streams of one member's batches. */
interface MemberRandom {
  rand: () => number;
  historyRand: () => number;
  timeRand: () => number;
  userRand: () => number;
  itemRand: () => number;
}

/** The rows `i < n` for which `rand() < share` (one draw per row, in order). */
function chosen(n: number, share: number, rand: () => number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (rand() < share) rows.push(i);
  return rows;
}

/** Options of {@link fitRetrieval}. */
export interface FitRetrievalOptions {
  /** The loss and its negatives (see {@link RetrievalTaskOptions}). */
  task?: RetrievalTaskOptions;
  /** Epochs (an upper bound with early stopping). Default 10. */
  epochs?: number;
  /** Examples per batch (in-batch negatives per example: batchSize − 1). Default 2048. */
  batchSize?: number;
  /** Seed of the batch order and the sampled negatives. Default 42. */
  seed?: number;
  /**
   * Validation figure to keep the best epoch by (training items excluded), when the data has
   * validation rows: `top10`, `top50` or `top100`. Default `top100`.
   */
  monitor?: string;
  /** Stop after this many epochs without a better validation figure; 0 (default) trains every epoch, then keeps the best. */
  patience?: number;
  /**
   * Where the per-epoch checkpoint goes (last weights with optimiser state, best weights,
   * state). Default: a temporary directory, removed at the end.
   */
  checkpointDir?: string;
  /** Continue from the checkpoint in `checkpointDir` (it must be of the same `runKey`). Default false. */
  resume?: boolean;
  /** Identifies the run (config + data) a checkpoint belongs to. Default `'run'`. */
  runKey?: string;
  /** Progress display. Default silent. */
  progress?: Progress;
  /** More callbacks, run after the built-in ones. */
  callbacks?: TrainingCallback[];
  /**
   * Share of training examples whose user is hidden (its id read as an unknown user's, its user
   * columns as missing): the query tower learns to answer from the history (and features) alone,
   * which is how it serves a user it never saw. Useful with a history input. Default 0.
   */
  userDropout?: number;
  /**
   * Share of training examples whose history is cut to a random length between 1 and its size
   * (uniform): the tower also learns from the short histories a new user arrives with. Default 0.
   */
  shortHistories?: number;
  /**
   * Share of candidate rows whose item id is hidden (read as an unknown item's): the candidate
   * tower learns to embed an item from its features (title, genres, columns), which is how a new
   * item added without retraining gets a useful embedding. Default 0.
   */
  itemDropout?: number;
  /**
   * Weight of a smoothness penalty on the query tower's timestamp-bucket tables, applied after
   * every step: `timeSmoothness · Σ_b ‖e_b − e_{b+1}‖²` over neighbouring buckets of each
   * resolution (`accumulateSmoothness`), so that the time embedding becomes a function of time.
   * Default 0 (off).
   */
  timeSmoothness?: number;
  /**
   * With a model of several members (`TwoTowerConfig.members`): `'shared'` (default) trains
   * every member on the same batches, negatives and masks; `'own'` gives each member its own
   * batch order, negatives and masks (member 0 keeps the shared stream), so the members are as
   * independent as separately trained models, at the cost of assembling a batch per member.
   */
  memberBatches?: 'shared' | 'own';
  /**
   * Whether a candidate the example's user interacted with in the fit rows (other than the
   * example's own item) is left out of the example's negatives: the softmax no longer pushes the
   * query away from the user's other films. Default false.
   */
  maskSeen?: boolean;
  /** Stop after this many epochs of this invocation, keeping the checkpoint (tests of resume). */
  maxEpochsThisRun?: number;
  /**
   * Distillation from EASE (fitted on the fit rows): each example's target mixes its own item
   * with EASE's scores of the batch's candidates (see `RetrievalLossOptions.teacher`). Default off.
   */
  distill?: DistillOptions;
}

/** What {@link fitRetrieval} returns. */
export interface FitRetrievalResult {
  history: EpochRecord[];
  /** Epoch whose weights the model ends with (the best validation epoch, or the last). */
  bestEpoch: number;
  epochsRun: number;
  stoppedEarly: boolean;
  seconds: number;
  /** Examples per second over the epochs trained (validation not counted). */
  examplesPerSecond: number;
  /** The epoch a resumed run continued after. */
  resumedFrom?: number;
}

/**
 * Trains a recommender's two towers on the data's fit rows (the retrieval task; each example
 * weighted by `data.weights` when the log has weights), with seeded
 * shuffled batches, validation after each epoch when the data has validation rows, early
 * stopping that ends on the best epoch's weights, a checkpoint after each epoch from which
 * `resume` continues exactly, and a tensor-leak guard. When it ends, the rows an unknown user or
 * item id reads that no example trained become their table's mean row (`Recommender.averageUnknownRows`).
 */
export async function fitRetrieval(rec: Recommender, data: TrainingData, options: FitRetrievalOptions = {}): Promise<FitRetrievalResult> {
  const epochs = options.epochs ?? 10;
  const batchSize = options.batchSize ?? 2048;
  const seed = options.seed ?? 42;
  const monitor = options.monitor ?? 'top100';
  const progress = options.progress ?? silentProgress;
  const task = new RetrievalTask(options.task ?? {}, data.fitPopularity);
  const model = rec.models.twoTower;
  // the history input is built per batch (each example's own target left out), the rest once
  const queries = rec.queryBatch(data.rowUserIds, data.timestamps, false);
  const withHistory = rec.historyLength > 0;
  const timeDropout = rec.spec.timeDropout ?? 0;
  const batchTimeDropout = task.untimedLogQCorrection !== undefined;
  if (batchTimeDropout && !(timeDropout > 0)) {
    throw new Error("fitRetrieval: the task's untimedLogQCorrection is the logQ weight of batches trained without their time, but the spec has no timeDropout: set spec.timeDropout (the trainer's features.timeDropout) or leave untimedLogQCorrection out");
  }
  const userDropout = options.userDropout ?? 0;
  const itemDropout = options.itemDropout ?? 0;
  const shortHistories = options.shortHistories ?? 0;
  for (const [name, v] of [['userDropout', userDropout], ['itemDropout', itemDropout], ['shortHistories', shortHistories]] as const) {
    if (!(v >= 0 && v <= 1)) throw new Error(`fitRetrieval: ${name} must be in [0, 1], got ${v}`);
  }
  const timeSmoothness = options.timeSmoothness ?? 0;
  if (!(timeSmoothness >= 0 && Number.isFinite(timeSmoothness))) throw new Error(`fitRetrieval: timeSmoothness must be a finite number >= 0, got ${timeSmoothness}`);
  const smoothed = timeSmoothness > 0 ? timeBucketTables(rec) : [];
  const d = options.distill;
  if (d && !(d.weight >= 0 && d.weight <= 1)) throw new Error(`fitRetrieval: distill.weight must be in [0, 1], got ${d.weight}`);
  if (d && d.temperature !== undefined && !(d.temperature > 0 && Number.isFinite(d.temperature))) throw new Error(`fitRetrieval: distill.temperature must be a positive finite number, got ${d.temperature}`);
  const distill = d && d.weight > 0 ? d : undefined;
  // EASE of the fit rows: the refit's data has every training row as fit rows
  const teacher = distill ? EaseTeacher.fit(data, distill.lambda ?? 500) : undefined;
  // causal: each example reads only the user's fit interactions before its own time (recent: the last
  // of them, which historyBatch takes from seenFit's times)
  const recent = withHistory && rec.spec.history?.recent === true;
  const timed = withHistory && rec.spec.history?.causal && !recent ? UserTimeline.fromRows(data.log.users, data.log.items, data.timestamps, data.fitRows, data.numUsers) : undefined;
  const qSpecs = model.query.inputs.specs.filter((s) => s.name !== HISTORY_INPUT);
  const fitLog = selectRows(data.log, data.fitRows);
  const stepCount = batchCount(fitLog.length, { batchSize });
  const members = model.members.length;
  const ownBatches = (options.memberBatches ?? 'shared') === 'own' && members > 1;
  // each member's share of examples without their time (spec.memberTimeDropout, else timeDropout)
  const memberDropout = rec.spec.memberTimeDropout ?? model.members.map(() => timeDropout);
  if (!ownBatches && memberDropout.some((v) => v !== memberDropout[0])) {
    throw new Error("fitRetrieval: spec.memberTimeDropout gives the members different time dropouts, which needs each member on its own batches: set memberBatches: 'own' (the trainer's training.memberBatches)");
  }

  /** Member k's step from one batch of fit rows, with that member's random streams. */
  const memberStep = (b: Batch, r: MemberRandom, k: number): MemberStep => {
    const n = b.size;
    const dropout = memberDropout[k]!;
    const logRows = Int32Array.from(b.rows, (row) => data.fitRows[row]!);
    const q = gatherTowerBatch(queries, qSpecs, logRows);
    if (withHistory) {
      // the user's other fit interactions (recent: the last before the example's time): never the
      // example's own item, never a validation or test row
      const user = (i: number) => data.log.users[logRows[i]!]!;
      const source = timed ? Array.from(logRows, (row, i) => timed.before(user(i), data.timestamps[row]!)) : data.seenFit;
      const cut = shortHistories > 0 ? Int32Array.from({ length: n }, () => (r.historyRand() < shortHistories ? 1 + Math.floor(r.historyRand() * rec.historyLength) : 0)) : undefined;
      const times = recent ? Float64Array.from(logRows, (row) => data.timestamps[row]!) : undefined;
      q[HISTORY_INPUT] = rec.historyBatch(source, user, n, { exclude: b.items, rand: r.historyRand, ...(cut ? { cut } : {}), ...(times ? { times } : {}) });
    }
    // with an untimed logQ weight, whole batches go without their time (their loss uses that weight);
    // blankTime also empties a recent history (it is part of the time)
    const untimedBatch = batchTimeDropout && r.timeRand() < dropout;
    // (a member at dropout 1 never sees a time: with whole batches, every batch is untimed)
    if (untimedBatch || (dropout >= 1 && !batchTimeDropout)) rec.blankTime(q, 'all');
    else if (dropout > 0 && !batchTimeDropout) {
      // these examples' time is hidden from the query tower: it learns the user without a time too
      rec.blankTime(q, chosen(n, dropout, r.timeRand));
    }
    if (userDropout > 0) rec.blankUser(q, chosen(n, userDropout, r.userRand));
    const { candidates, loss } = task.batch(b.items, r.rand, untimedBatch);
    const users = teacher || options.maskSeen ? Int32Array.from(logRows, (row) => data.log.users[row]!) : undefined;
    if (teacher) loss.teacher = { scores: teacher.scores(users!, b.items, candidates), temperature: distill!.temperature ?? 1, weight: distill!.weight };
    // the user's fit items only: never a validation or test item
    if (options.maskSeen) loss.maskedColumns = seenColumns(data.seenFit, users!, candidates);
    if (data.weights) loss.sampleWeights = Float32Array.from(b.rows, (row) => data.weights![data.fitRows[row]!]!);
    const c = rec.candidatesFor(candidates);
    if (itemDropout > 0) rec.blankItemId(c, chosen(candidates.length, itemDropout, r.itemRand));
    return { queries: q, batch: n, candidates: c, numCandidates: candidates.length, loss };
  };

  // without a checkpointDir: one in a temporary directory, removed (with the directory) at the end
  const temporary = options.checkpointDir === undefined ? mkdtempSync(join(tmpdir(), 'twotower-fit-')) : undefined;
  const checkpoint = new CheckpointDir(options.checkpointDir ?? join(temporary!, 'checkpoint'), model, options.runKey ?? 'run');
  const state = options.resume ? await checkpoint.resume() : undefined;
  if (state) progress.line(`resuming after epoch ${state.epoch} from ${checkpoint.dir}`);
  const resumedFrom = state?.epoch;

  const result = await fitLoop({
    epochs,
    state,
    maxEpochsThisRun: options.maxEpochsThisRun,
    runEpoch(epoch, step) {
      let lossSum = 0;
      let examples = 0;
      // one stream of batches (with its own negatives and masks) per member, or one for all
      const streams = Array.from({ length: ownBatches ? members : 1 }, (_, k) => {
        const s = k === 0 ? seed : deriveSeed(seed, 9000 + k);
        return {
          batches: batches(fitLog, { batchSize, seed: s, epoch }),
          rand: mulberry32(deriveSeed(s, 1000 + epoch)),
          historyRand: mulberry32(deriveSeed(s, 3000 + epoch)),
          timeRand: mulberry32(deriveSeed(s, 4000 + epoch)),
          userRand: mulberry32(deriveSeed(s, 5000 + epoch)),
          itemRand: mulberry32(deriveSeed(s, 6000 + epoch)),
        };
      });
      // every stream is a permutation of the same fit rows: stepCount batches each
      for (let index = 0; index < stepCount; index++) {
        const steps = streams.map((stream, k) => memberStep(stream.batches.next().value as Batch, stream, k));
        const value = model.trainMembers(ownBatches ? steps : model.members.map(() => steps[0]!));
        for (const t of smoothed) {
          accumulateSmoothness(t.table, t.buckets, timeSmoothness);
          t.table.applyAccumulated();
        }
        const n = steps[0]!.batch;
        lossSum += task.perExample(value, n) * n;
        examples += n;
        step(lossSum, examples, index, stepCount);
      }
      return { lossSum, examples };
    },
    callbacks: [
      retrievalValidation(() => rec, data, { monitor }),
      earlyStopping({ monitor, patience: options.patience ?? 0, restoreBest: () => checkpoint.restoreBest(), log: (l) => progress.line(l) }),
      checkpoint.callback(),
      progressCallback(progress),
      leakGuard(),
      ...(options.callbacks ?? []),
    ],
  }).finally(() => {
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  });
  // the rows an unknown user or item id reads, which no example trained without id dropout, become the average row
  rec.averageUnknownRows();
  const s = result.state;
  return {
    history: s.history.map(toEpochRecord),
    bestEpoch: s.bestEpoch,
    epochsRun: s.epoch,
    stoppedEarly: s.stopTraining,
    seconds: result.seconds,
    examplesPerSecond: result.examplesPerSecond,
    resumedFrom,
  };
}
