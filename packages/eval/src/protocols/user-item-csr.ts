import { EvalInputError, checkInteger } from '../errors';

/**
 * Items per user in compressed sparse rows: the items of user `u` are
 * `items[offsets[u] .. offsets[u + 1])`. `offsets` has `numUsers + 1` entries.
 * (Same shape as `@twotower/data`'s `seenItemsByUser`.)
 */
export interface UserItemCsr {
  /** `[numUsers + 1]` start of each user's run in `items`; `offsets[numUsers] === items.length`. */
  offsets: Int32Array;
  /** `[nnz]` item indices, grouped by user. */
  items: Int32Array;
}

/**
 * Builds the per-user item lists (sorted, each item once) of the given interaction rows.
 * @param user `[n]` user index per interaction.
 * @param item `[n]` item index per interaction.
 * @param rows indices into `user`/`item` to use (e.g. the training rows); default all rows.
 * @param numUsers number of users (users are `0 .. numUsers - 1`).
 * @param numItems number of items, to check ranges; default unchecked upper bound.
 */
export function buildUserItemCsr(
  user: Int32Array,
  item: Int32Array,
  rows: Int32Array | undefined,
  numUsers: number,
  numItems?: number,
): UserItemCsr {
  checkInteger('numUsers', numUsers, 0);
  if (user.length !== item.length) {
    throw new EvalInputError('item', `has length ${item.length} but user has ${user.length}; pass one user and one item per interaction`);
  }
  const n = rows === undefined ? user.length : rows.length;
  const rowAt = (i: number): number => {
    const r = rows === undefined ? i : rows[i]!;
    if (r < 0 || r >= user.length) {
      throw new EvalInputError(`rows[${i}]`, `is ${r}, outside the ${user.length} interactions; pass valid row indices`);
    }
    return r;
  };
  const counts = new Int32Array(numUsers + 1);
  for (let i = 0; i < n; i++) {
    const r = rowAt(i);
    const u = user[r]!;
    const it = item[r]!;
    if (u < 0 || u >= numUsers) {
      throw new EvalInputError(`user[${r}]`, `is ${u}, outside [0, ${numUsers}); pass numUsers larger than every user index`);
    }
    if (it < 0 || (numItems !== undefined && it >= numItems)) {
      throw new EvalInputError(`item[${r}]`, `is ${it}, outside [0, ${numItems ?? 'inf'}); pass numItems larger than every item index`);
    }
    counts[u + 1]!++;
  }
  const offsets = new Int32Array(numUsers + 1);
  for (let u = 0; u < numUsers; u++) offsets[u + 1] = offsets[u]! + counts[u + 1]!;
  const fill = offsets.slice(0, numUsers);
  const raw = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rowAt(i);
    const u = user[r]!;
    raw[fill[u]!++] = item[r]!;
  }
  // Sort each run and drop duplicates, compacting in place.
  const outOffsets = new Int32Array(numUsers + 1);
  let w = 0;
  for (let u = 0; u < numUsers; u++) {
    const run = raw.subarray(offsets[u]!, offsets[u + 1]!);
    run.sort();
    outOffsets[u] = w;
    let prev = -1;
    for (let i = 0; i < run.length; i++) {
      const v = run[i]!; // read before any write: w never passes offsets[u] + i
      if (v !== prev) raw[w++] = v;
      prev = v;
    }
  }
  outOffsets[numUsers] = w;
  return { offsets: outOffsets, items: raw.slice(0, w) };
}

/**
 * Throws an `EvalInputError` naming the field (as the `seen` option) unless `seen` is a CSR of
 * items in `[0, numItems)` with offsets from 0 to `items.length`, never decreasing.
 */
export function checkUserItemCsr(seen: UserItemCsr, numItems: number): void {
  const { offsets, items } = seen;
  if (offsets.length < 1 || offsets[0] !== 0 || offsets[offsets.length - 1] !== items.length) {
    throw new EvalInputError('seen.offsets', `must start at 0 and end at seen.items.length (${items.length}); build it with buildUserItemCsr`);
  }
  for (let u = 0; u + 1 < offsets.length; u++) {
    if (offsets[u + 1]! < offsets[u]!) {
      throw new EvalInputError(`seen.offsets[${u + 1}]`, 'decreases; offsets must be non-decreasing');
    }
  }
  for (let p = 0; p < items.length; p++) {
    const j = items[p]!;
    if (j < 0 || j >= numItems) {
      throw new EvalInputError(`seen.items[${p}]`, `is ${j}, outside the catalogue [0, ${numItems}); check numItems`);
    }
  }
}
