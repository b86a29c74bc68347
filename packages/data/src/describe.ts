import type { Interactions } from './interactions';

/** Summary of a count distribution. */
export interface CountSummary {
  min: number;
  median: number;
  mean: number;
  max: number;
  /** Quantiles (the value at that share of the sorted counts, nearest rank): 10%, 25%, 75%, 90%. */
  p10: number;
  p25: number;
  p75: number;
  p90: number;
}

/** Summary statistics of a log, see {@link describe}. */
export interface LogSummary {
  /** Rows. */
  rows: number;
  /** Users with at least one row. */
  users: number;
  /** Items with at least one row. */
  items: number;
  /** Size of the user id table (may exceed `users`). */
  userIds: number;
  /** Size of the item id table (may exceed `items`: catalogue items nobody touched). */
  itemIds: number;
  /** `rows / (users * items)`. */
  density: number;
  /** Ratings: count of non-`NaN`, range, mean and how often each value occurs; `undefined` when none. */
  ratings?: { count: number; min: number; max: number; mean: number; histogram: Record<string, number> };
  /** Time range in Unix seconds over rows that have a time; `undefined` when none. */
  timestamps?: { count: number; min: number; max: number };
  /** Rows per user, over users with rows. */
  rowsPerUser: CountSummary;
  /** Rows per item, over items with rows. */
  rowsPerItem: CountSummary;
}

function summarise(counts: Int32Array): CountSummary {
  const nz = counts.filter((c) => c > 0).sort();
  if (nz.length === 0) return { min: 0, median: 0, mean: 0, max: 0, p10: 0, p25: 0, p75: 0, p90: 0 };
  let sum = 0;
  for (const c of nz) sum += c;
  const mid = nz.length >> 1;
  const median = nz.length % 2 ? nz[mid]! : (nz[mid - 1]! + nz[mid]!) / 2;
  const q = (p: number) => nz[Math.min(nz.length - 1, Math.max(0, Math.ceil(p * nz.length) - 1))]!;
  return { min: nz[0]!, median, mean: sum / nz.length, max: nz[nz.length - 1]!, p10: q(0.1), p25: q(0.25), p75: q(0.75), p90: q(0.9) };
}

/** Counts, density, rating histogram and time range of a log: what to print before training. */
export function describe(log: Interactions): LogSummary {
  const perUser = new Int32Array(log.userIds.length);
  const perItem = new Int32Array(log.itemIds.length);
  let rCount = 0;
  let rSum = 0;
  let rMin = Infinity;
  let rMax = -Infinity;
  const histogram: Record<string, number> = {};
  let tCount = 0;
  let tMin = Infinity;
  let tMax = -Infinity;
  for (let i = 0; i < log.length; i++) {
    perUser[log.users[i]!]!++;
    perItem[log.items[i]!]!++;
    const r = log.ratings[i]!;
    if (!Number.isNaN(r)) {
      rCount++;
      rSum += r;
      if (r < rMin) rMin = r;
      if (r > rMax) rMax = r;
      const key = String(r);
      histogram[key] = (histogram[key] ?? 0) + 1;
    }
    const t = log.timestamps[i]!;
    if (!Number.isNaN(t)) {
      tCount++;
      if (t < tMin) tMin = t;
      if (t > tMax) tMax = t;
    }
  }
  const users = perUser.reduce((a, c) => a + (c > 0 ? 1 : 0), 0);
  const items = perItem.reduce((a, c) => a + (c > 0 ? 1 : 0), 0);
  return {
    rows: log.length,
    users,
    items,
    userIds: log.userIds.length,
    itemIds: log.itemIds.length,
    density: users > 0 && items > 0 ? log.length / (users * items) : 0,
    ...(rCount > 0 ? { ratings: { count: rCount, min: rMin, max: rMax, mean: rSum / rCount, histogram } } : {}),
    ...(tCount > 0 ? { timestamps: { count: tCount, min: tMin, max: tMax } } : {}),
    rowsPerUser: summarise(perUser),
    rowsPerItem: summarise(perItem),
  };
}
