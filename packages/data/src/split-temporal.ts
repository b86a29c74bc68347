import { DataError, checkFraction } from './errors';
import { groupRows } from './group-rows';
import { selectRows, type Interactions } from './interactions';
import type { Split } from './split-random';

/** Options of {@link temporalSplit}. */
export interface TemporalSplitOptions {
  /** Share of rows (the earliest) for training, in (0, 1). Default 0.8. Ignored when `cutoff` is given. */
  trainFraction?: number;
  /** Unix seconds: rows strictly before go to training, the others to test. Default: by `trainFraction`. */
  cutoff?: number;
}

/** Throws `BAD_INPUT` naming the first row without a timestamp. */
function requireTimestamps(log: Interactions, what: string): void {
  for (let i = 0; i < log.length; i++) {
    if (Number.isNaN(log.timestamps[i]!)) {
      throw new DataError('BAD_INPUT', `${what} needs a timestamp on every row; row ${i} has none. Map a timestamp column when reading, or use randomSplit.`, {
        field: `timestamps[${i}]`,
      });
    }
  }
}

/**
 * A global temporal split: the earliest rows train, the latest test (no peeking into the
 * future). Both parts are in time order (ties keep row order).
 */
export function temporalSplit(log: Interactions, options: TemporalSplitOptions = {}): Split {
  const n = log.length;
  if (n < 2) throw new DataError('BAD_INPUT', `temporalSplit needs at least 2 rows; the log has ${n}.`);
  requireTimestamps(log, 'temporalSplit');
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const ts = log.timestamps;
  order.sort((a, b) => ts[a]! - ts[b]! || a - b);
  let trainSize: number;
  if (options.cutoff !== undefined) {
    const cutoff = options.cutoff;
    if (!Number.isFinite(cutoff)) throw new DataError('BAD_OPTION', `cutoff must be a finite number of Unix seconds; got ${cutoff}.`, { field: 'cutoff' });
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ts[order[mid]!]! < cutoff) lo = mid + 1;
      else hi = mid;
    }
    trainSize = lo;
  } else {
    const fraction = options.trainFraction ?? 0.8;
    checkFraction('trainFraction', fraction);
    trainSize = Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
  }
  const trainRows = order.slice(0, trainSize);
  const testRows = order.slice(trainSize);
  return { train: selectRows(log, trainRows), test: selectRows(log, testRows), trainRows, testRows };
}

/** Options of {@link leaveLastOut}. */
export interface LeaveLastOutOptions {
  /** How many of each user's latest rows go to test. Default 1. */
  holdout?: number;
  /**
   * Users with fewer than `holdout + minTrain` rows stay entirely in training (so every test
   * user has history). Default 1.
   */
  minTrain?: number;
}

/**
 * Leave-last-out: each user's latest `holdout` rows (by timestamp; ties by row order) are the
 * test set, the rest train. For a validation set too, apply it again to `train`. Training rows
 * keep the log's order; test rows are grouped by user index.
 */
export function leaveLastOut(log: Interactions, options: LeaveLastOutOptions = {}): Split {
  const holdout = options.holdout ?? 1;
  const minTrain = options.minTrain ?? 1;
  if (!Number.isInteger(holdout) || holdout < 1) {
    throw new DataError('BAD_OPTION', `holdout must be an integer >= 1; got ${holdout}.`, { field: 'holdout' });
  }
  if (!Number.isInteger(minTrain) || minTrain < 0) {
    throw new DataError('BAD_OPTION', `minTrain must be an integer >= 0; got ${minTrain}.`, { field: 'minTrain' });
  }
  requireTimestamps(log, 'leaveLastOut');
  const groups = groupRows(log, 'user', { sortByTime: true });
  const isTest = new Uint8Array(log.length);
  const test: number[] = [];
  for (let u = 0; u + 1 < groups.offsets.length; u++) {
    const s = groups.offsets[u]!;
    const e = groups.offsets[u + 1]!;
    if (e - s < holdout + minTrain) continue;
    for (let r = e - holdout; r < e; r++) {
      const row = groups.values[r]!;
      isTest[row] = 1;
      test.push(row);
    }
  }
  const trainRows = new Int32Array(log.length - test.length);
  let w = 0;
  for (let i = 0; i < log.length; i++) if (!isTest[i]) trainRows[w++] = i;
  const testRows = Int32Array.from(test);
  return { train: selectRows(log, trainRows), test: selectRows(log, testRows), trainRows, testRows };
}
