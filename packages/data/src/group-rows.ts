import { DataError } from './errors';
import type { Interactions } from './interactions';

/**
 * A compressed-sparse-row grouping: the values of group `k` are
 * `values.subarray(offsets[k], offsets[k + 1])`.
 */
export interface Csr {
  /** `[numGroups + 1]` start of each group in `values`; `offsets[numGroups] === values.length`. */
  readonly offsets: Int32Array;
  /** `[total]` the grouped values. */
  readonly values: Int32Array;
}

/** The values of group `k` of `csr` (a view, not a copy). */
export function csrRow(csr: Csr, k: number): Int32Array {
  if (!Number.isInteger(k) || k < 0 || k >= csr.offsets.length - 1) {
    throw new DataError('BAD_OPTION', `group ${String(k)} is out of range: there are ${csr.offsets.length - 1} groups.`, { field: 'group' });
  }
  return csr.values.subarray(csr.offsets[k]!, csr.offsets[k + 1]!);
}

/** Options of {@link groupRows}. */
export interface GroupRowsOptions {
  /**
   * Order each group's rows by timestamp (ties and `NaN` times keep row order; `NaN` sorts
   * last). Default `false`: rows keep their order in the log.
   */
  sortByTime?: boolean;
}

/**
 * Row indices grouped by user (or item): group `u` holds the rows of user index `u`, for every
 * index of the id table (empty groups included). A counting sort: O(rows + ids).
 */
export function groupRows(log: Interactions, by: 'user' | 'item', options: GroupRowsOptions = {}): Csr {
  const keys = by === 'user' ? log.users : log.items;
  const numGroups = by === 'user' ? log.userIds.length : log.itemIds.length;
  const offsets = new Int32Array(numGroups + 1);
  for (let i = 0; i < log.length; i++) offsets[keys[i]! + 1]!++;
  for (let k = 0; k < numGroups; k++) offsets[k + 1]! += offsets[k]!;
  const cursor = offsets.slice(0, numGroups);
  const values = new Int32Array(log.length);
  for (let i = 0; i < log.length; i++) values[cursor[keys[i]!]!++] = i;
  if (options.sortByTime) {
    const ts = log.timestamps;
    const cmp = (a: number, b: number): number => {
      const ta = ts[a]!;
      const tb = ts[b]!;
      if (ta === tb || (Number.isNaN(ta) && Number.isNaN(tb))) return a - b;
      if (Number.isNaN(ta)) return 1;
      if (Number.isNaN(tb)) return -1;
      return ta - tb;
    };
    for (let k = 0; k < numGroups; k++) {
      const s = offsets[k]!;
      const e = offsets[k + 1]!;
      if (e - s > 1) values.subarray(s, e).sort(cmp);
    }
  }
  return { offsets, values };
}

/**
 * The distinct item indices of each user, ascending: what a serving-protocol evaluation
 * excludes from a user's ranking. Group `u` is user index `u`.
 */
export function itemsByUser(log: Interactions): Csr {
  return distinctBy(log.users, log.items, log.userIds.length);
}

/** The distinct user indices of each item, ascending. Group `j` is item index `j`. */
export function usersByItem(log: Interactions): Csr {
  return distinctBy(log.items, log.users, log.itemIds.length);
}

function distinctBy(keys: Int32Array, vals: Int32Array, numGroups: number): Csr {
  const n = keys.length;
  const counts = new Int32Array(numGroups + 1);
  for (let i = 0; i < n; i++) counts[keys[i]! + 1]!++;
  for (let k = 0; k < numGroups; k++) counts[k + 1]! += counts[k]!;
  const cursor = counts.slice(0, numGroups);
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[cursor[keys[i]!]!++] = vals[i]!;
  const offsets = new Int32Array(numGroups + 1);
  let w = 0;
  for (let k = 0; k < numGroups; k++) {
    const s = counts[k]!;
    const e = counts[k + 1]!;
    const group = all.subarray(s, e).sort();
    offsets[k] = w;
    let prev = -1;
    for (let r = 0; r < group.length; r++) {
      const v = group[r]!;
      if (v !== prev) all[w++] = v; // w <= s + r: compaction never overtakes the reads
      prev = v;
    }
  }
  offsets[numGroups] = w;
  return { offsets, values: all.slice(0, w) };
}
