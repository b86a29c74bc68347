import { permutation, randomSplit, type Interactions } from '@twotower/data';
import { carveValidation } from './validation-rows';
import { seenItemsFromRows, type SeenItems } from '@twotower/recommender';

/** Options of {@link trainingData}. */
export interface TrainingDataOptions {
  /** Share of all interactions used for training; the rest is the test set. Default 0.8. */
  trainFraction?: number;
  /** Shuffle seed of the split (the seed protocol uses 42). Default 42. */
  seed?: number;
  /**
   * Share of the training rows held out for validation (early stopping, the engagement model);
   * never test rows. Default 0 (none).
   */
  validationFraction?: number;
  /**
   * Seed of the draw of the validation rows from the training rows. Default `seed + 1`. Another
   * value draws another validation sample from the same training rows (the test rows stay the
   * same): a second reading of choices made on the first.
   */
  validationSeed?: number;
  /**
   * Share of the users the validation rows are drawn from (`carveValidation`'s `users`): below 1,
   * `validationFraction` of those users' training rows, every other user's rows all fit rows.
   * Default 1: a share of all training rows.
   */
  validationUsers?: number;
  /**
   * How a log's weights (`Interactions.weights`: a count, a dwell time) weigh its examples in the
   * retrieval loss: `'log'` (default) log(1 + w), `'linear'` w, or `'none'`; scaled to a mean of 1
   * over the training rows. Ignored when the log has no weights.
   */
  weighting?: 'log' | 'linear' | 'none';
}

/**
 * An interaction log split for training and evaluation, with what every task derives from it
 * once: rows of each part, each user's items, item popularity, filled timestamps.
 */
export interface TrainingData {
  log: Interactions;
  numUsers: number;
  numItems: number;
  /** Training and test rows of `log` (a seeded random split). */
  trainRows: Int32Array;
  testRows: Int32Array;
  /** Training rows the retrieval model takes gradient steps on (training rows minus validation rows). */
  fitRows: Int32Array;
  /** Training rows held out for validation (may be empty). */
  validationRows: Int32Array;
  /** Items of each user among all training rows / among the fit rows. */
  seenTrain: SeenItems;
  seenFit: SeenItems;
  /** `[items]` training interactions per item, among all training rows / the fit rows. */
  popularity: Float32Array;
  fitPopularity: Float32Array;
  /** `[rows]` timestamp of every row, a missing one (NaN) replaced by the mean of the known ones. */
  timestamps: Float64Array;
  /** Whether any row has a timestamp. */
  hasTimestamps: boolean;
  /** Whether any training row has a rating (the ranking models learn from ratings; a log of clicks has none). */
  hasRatings: boolean;
  /** `[rows]` each row's weight in the retrieval loss (mean 1 over the training rows), when the log has weights and `weighting` is not `'none'`. */
  weights?: Float32Array;
  /** User id of every row (the query features' input). */
  rowUserIds: string[];
  /** `[users]` latest training timestamp of each user (the mean time for a user without one). */
  lastTimestamp: Float64Array;
}

function counts(items: Int32Array, rows: Int32Array, n: number): Float32Array {
  const c = new Float32Array(n);
  for (const r of rows) c[items[r]!]! += 1;
  return c;
}

/** Weights of every row, log(1 + w) or w, scaled to a mean of 1 over `rows`. */
function exampleWeights(raw: Float32Array, rows: Int32Array, weighting: 'log' | 'linear'): Float32Array {
  const w = weighting === 'log' ? raw.map((x) => Math.log1p(x)) : Float32Array.from(raw);
  let sum = 0;
  for (const r of rows) sum += w[r]!;
  if (!(sum > 0)) throw new Error('trainingData: every training row has weight 0: nothing to learn from (check the weight column)');
  const scale = rows.length / sum;
  for (let i = 0; i < w.length; i++) w[i] = w[i]! * scale;
  return w;
}

/**
 * Splits a log at random (seeded) into training and test rows, carves validation rows out of
 * the training rows, and derives each user's items, popularity and timestamps.
 */
export function trainingData(log: Interactions, options: TrainingDataOptions = {}): TrainingData {
  const seed = options.seed ?? 42;
  const numUsers = log.userIds.length;
  const numItems = log.itemIds.length;
  const { trainRows, testRows } = randomSplit(log, { trainFraction: options.trainFraction ?? 0.8, seed });
  let fitRows = trainRows;
  let validationRows = new Int32Array(0);
  const validationFraction = options.validationFraction ?? 0;
  if (!(validationFraction >= 0 && validationFraction < 1)) throw new Error(`trainingData: validationFraction must be in [0, 1), got ${validationFraction}`);
  if (validationFraction > 0) {
    const carved = carveValidation(log, trainRows, { fraction: validationFraction, seed: options.validationSeed ?? seed + 1, ...(options.validationUsers !== undefined ? { users: options.validationUsers } : {}) });
    validationRows = carved.validationRows;
    fitRows = carved.fitRows;
  }
  let known = 0;
  let sum = 0;
  for (const t of log.timestamps) {
    if (Number.isFinite(t)) {
      known++;
      sum += t;
    }
  }
  const fill = known ? sum / known : 0;
  const timestamps = Float64Array.from(log.timestamps, (t) => (Number.isFinite(t) ? t : fill));
  const lastTimestamp = new Float64Array(numUsers).fill(fill);
  const seenTime = new Uint8Array(numUsers);
  for (const r of trainRows) {
    const u = log.users[r]!;
    if (!seenTime[u] || timestamps[r]! > lastTimestamp[u]!) lastTimestamp[u] = timestamps[r]!;
    seenTime[u] = 1;
  }
  const seenTrain = seenItemsFromRows(log.users, log.items, timestamps, trainRows, numUsers);
  let hasRatings = false;
  for (const r of trainRows) {
    if (Number.isFinite(log.ratings[r]!)) {
      hasRatings = true;
      break;
    }
  }
  const weights = log.weights && options.weighting !== 'none' ? exampleWeights(log.weights, trainRows, options.weighting ?? 'log') : undefined;
  return {
    log,
    numUsers,
    numItems,
    trainRows,
    testRows,
    fitRows,
    validationRows,
    seenTrain,
    seenFit: fitRows === trainRows ? seenTrain : seenItemsFromRows(log.users, log.items, timestamps, fitRows, numUsers),
    popularity: counts(log.items, trainRows, numItems),
    fitPopularity: counts(log.items, fitRows, numItems),
    timestamps,
    hasTimestamps: known > 0,
    hasRatings,
    ...(weights ? { weights } : {}),
    rowUserIds: Array.from(log.users, (u) => log.userIds[u]!),
    lastTimestamp,
  };
}

/** The same data with every training row used for fitting and no validation rows (a refit after early stopping). */
export function withoutValidation(data: TrainingData): TrainingData {
  return { ...data, fitRows: data.trainRows, validationRows: new Int32Array(0), seenFit: data.seenTrain, fitPopularity: data.popularity };
}

/** Test (or any) rows as `{ user, item }` index columns, for `@twotower/eval`. */
export function rowColumns(data: TrainingData, rows: Int32Array): { user: Int32Array; item: Int32Array } {
  return { user: Int32Array.from(rows, (r) => data.log.users[r]!), item: Int32Array.from(rows, (r) => data.log.items[r]!) };
}

/**
 * The data of a refit that keeps `holdOut` of the validation rows held out (a seeded share) and
 * fits on every other training row: what an engagement model learns from against the refit
 * towers (it needs interactions they did not learn). `holdOut` 0 is {@link withoutValidation}.
 */
export function refitData(data: TrainingData, holdOut: number, seed = 42): TrainingData {
  if (!(holdOut >= 0 && holdOut < 1)) throw new Error(`refitData: holdOut must be in [0, 1), got ${holdOut}`);
  const v = data.validationRows;
  if (holdOut === 0 || v.length === 0) return withoutValidation(data);
  const keep = Math.max(1, Math.round(v.length * holdOut));
  const perm = permutation(v.length, seed + 2);
  const validationRows = Int32Array.from(perm.subarray(0, keep), (p) => v[p]!).sort();
  const moved = Int32Array.from(perm.subarray(keep), (p) => v[p]!);
  const fitRows = new Int32Array(data.fitRows.length + moved.length);
  fitRows.set(data.fitRows);
  fitRows.set(moved, data.fitRows.length);
  const { log, numUsers, numItems } = data;
  return { ...data, fitRows, validationRows, seenFit: seenItemsFromRows(log.users, log.items, data.timestamps, fitRows, numUsers), fitPopularity: counts(log.items, fitRows, numItems) };
}
