import { DataError, checkFraction, checkInteger } from './errors';
import { selectRows, type Interactions } from './interactions';
import { permutation } from './random';

/** Options of {@link randomSplit}. */
export interface RandomSplitOptions {
  /** Share of rows for training, in (0, 1). Default 0.8. Ignored when `trainSize` is given. */
  trainFraction?: number;
  /** Exact number of training rows (e.g. 80,000 of ML-100K). Default: `round(trainFraction * length)`. */
  trainSize?: number;
  /** Number of test rows taken after the training rows. Default: all the rest. */
  testSize?: number;
  /** Shuffle seed. Default 42. */
  seed?: number;
}

/** A train/test split: subsets sharing the source's id tables, and which source rows went where. */
export interface Split {
  readonly train: Interactions;
  readonly test: Interactions;
  /** `[train.length]` source row of each training row. */
  readonly trainRows: Int32Array;
  /** `[test.length]` source row of each test row. */
  readonly testRows: Int32Array;
}

/**
 * The seed protocol's split, TFRS's MovieLens evaluation: shuffle all rows with a fixed seed
 * (42 in the reference), take the first `trainSize` for training and the next `testSize`
 * (default: the rest) for testing, the way TFRS does `shuffled.take(80_000)` /
 * `shuffled.skip(80_000).take(20_000)` on MovieLens 100K. Both parts keep
 * the shuffled order. The permutation is {@link permutation}`(length, seed)`.
 */
export function randomSplit(log: Interactions, options: RandomSplitOptions = {}): Split {
  const n = log.length;
  if (n < 2) throw new DataError('BAD_INPUT', `randomSplit needs at least 2 rows; the log has ${n}.`);
  let trainSize: number;
  if (options.trainSize !== undefined) {
    checkInteger('trainSize', options.trainSize, 1, n - 1);
    trainSize = options.trainSize;
  } else {
    const fraction = options.trainFraction ?? 0.8;
    checkFraction('trainFraction', fraction);
    trainSize = Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
  }
  let testSize = n - trainSize;
  if (options.testSize !== undefined) {
    checkInteger('testSize', options.testSize, 1, n - trainSize);
    testSize = options.testSize;
  }
  const seed = options.seed ?? 42;
  checkInteger('seed', seed, 0, 2 ** 32 - 1);
  const perm = permutation(n, seed);
  const trainRows = perm.slice(0, trainSize);
  const testRows = perm.slice(trainSize, trainSize + testSize);
  return { train: selectRows(log, trainRows), test: selectRows(log, testRows), trainRows, testRows };
}
