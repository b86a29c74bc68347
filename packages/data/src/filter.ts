import { DataError, checkInteger } from './errors';
import { selectRows, type Interactions } from './interactions';

/** The rows for which `keep(row)` is true, in log order, sharing the id tables. */
export function filterRows(log: Interactions, keep: (row: number) => boolean): Interactions {
  const rows: number[] = [];
  for (let i = 0; i < log.length; i++) if (keep(i)) rows.push(i);
  return selectRows(log, Int32Array.from(rows));
}

/** Options of {@link kCore}. */
export interface KCoreOptions {
  /** Minimum rows per remaining user. Default 1. */
  minPerUser?: number;
  /** Minimum rows per remaining item. Default 1. */
  minPerItem?: number;
  /** Passes before giving up on a fixed point. Default 100. */
  maxIterations?: number;
}

/**
 * Repeatedly drops the rows of users and items with too few rows until every remaining user
 * has at least `minPerUser` and every item `minPerItem` rows (the "k-core"; removing an item can
 * push a user below the limit, hence the passes). Id tables are kept (indices stay valid).
 */
export function kCore(log: Interactions, options: KCoreOptions = {}): Interactions {
  const minU = options.minPerUser ?? 1;
  const minI = options.minPerItem ?? 1;
  const maxIt = options.maxIterations ?? 100;
  checkInteger('minPerUser', minU, 0);
  checkInteger('minPerItem', minI, 0);
  checkInteger('maxIterations', maxIt, 1);
  const alive = new Uint8Array(log.length).fill(1);
  const userCount = new Int32Array(log.userIds.length);
  const itemCount = new Int32Array(log.itemIds.length);
  for (let it = 0; it < maxIt; it++) {
    userCount.fill(0);
    itemCount.fill(0);
    for (let i = 0; i < log.length; i++) {
      if (!alive[i]) continue;
      userCount[log.users[i]!]!++;
      itemCount[log.items[i]!]!++;
    }
    let removed = 0;
    for (let i = 0; i < log.length; i++) {
      if (alive[i] && (userCount[log.users[i]!]! < minU || itemCount[log.items[i]!]! < minI)) {
        alive[i] = 0;
        removed++;
      }
    }
    if (removed === 0) return filterRows(log, (i) => alive[i] === 1);
  }
  throw new DataError('BAD_INPUT', `kCore did not converge in ${maxIt} passes; raise maxIterations.`, { field: 'maxIterations' });
}

/** Options of {@link dedupe}. */
export interface DedupeOptions {
  /** Which row of a repeated (user, item) pair to keep: the latest by timestamp or the earliest. Default `'last'`. */
  keep?: 'first' | 'last';
}

/**
 * One row per (user, item) pair: logs of views or purchases repeat pairs; retrieval training
 * usually wants each pair once. "Latest" is by timestamp, ties (and missing times) by row order.
 * Output keeps log order.
 */
export function dedupe(log: Interactions, options: DedupeOptions = {}): Interactions {
  const keepLast = (options.keep ?? 'last') === 'last';
  const best = new Map<number, number>();
  const numItems = log.itemIds.length;
  const ts = log.timestamps;
  for (let i = 0; i < log.length; i++) {
    const key = log.users[i]! * numItems + log.items[i]!;
    const j = best.get(key);
    if (j === undefined) {
      best.set(key, i);
      continue;
    }
    const ti = ts[i]!;
    const tj = ts[j]!;
    const later = Number.isNaN(ti) || Number.isNaN(tj) ? true : ti >= tj;
    const earlier = Number.isNaN(ti) || Number.isNaN(tj) ? false : ti < tj;
    if (keepLast ? later : earlier) best.set(key, i);
  }
  const rows = Int32Array.from(best.values()).sort();
  return selectRows(log, rows);
}

/** Options of {@link binarizeRatings}. */
export interface BinarizeOptions {
  /** Ratings at or above this are 1 ("liked"), others 0. Default 4, as in the TFRS MovieLens ranking task (4 and 5 stars are "liked"). */
  threshold?: number;
}

/**
 * `[length]` 0/1 labels from ratings (`rating >= threshold`), for a ranking model's binary
 * cross-entropy. Throws `BAD_INPUT` naming the first row without a rating.
 */
export function binarizeRatings(log: Interactions, options: BinarizeOptions = {}): Float32Array {
  const threshold = options.threshold ?? 4;
  const out = new Float32Array(log.length);
  for (let i = 0; i < log.length; i++) {
    const r = log.ratings[i]!;
    if (Number.isNaN(r)) {
      throw new DataError('BAD_INPUT', `row ${i} has no rating: binarizeRatings needs explicit ratings (map a rating column when reading).`, {
        field: `ratings[${i}]`,
      });
    }
    out[i] = r >= threshold ? 1 : 0;
  }
  return out;
}
