import { EmbeddingsInputError } from './errors';

/**
 * An interaction log as columns: row `r` says user `users[r]` interacted with item `items[r]`
 * (at `timestamps[r]`). Repeated rows are allowed (each consumer says how it counts them). The
 * input of {@link itemSequences} / {@link trainItem2Vec} and of the graph builders
 * {@link userItemGraph} / {@link itemCoOccurrenceGraph}; what they need besides the columns
 * (the id ranges, the rows to read) is in their options.
 */
export interface InteractionLog {
  /** `[rows]` user ids, integers >= 0 (the graph builders: in `[0, numUsers)`). */
  users: Int32Array;
  /** `[rows]` item ids in `[0, numItems)`. */
  items: Int32Array;
  /** `[rows]` time of each row (any unit): orders each user's items for item2vec. The graph builders ignore it. */
  timestamps?: Float32Array | Float64Array | Int32Array;
}

/** The id ranges of an {@link InteractionLog} and the rows to read: part of the graph builders' options. */
export interface LogExtent {
  /** Number of users (ids `0 .. numUsers - 1`; users without rows become isolated nodes). */
  numUsers: number;
  /** Number of items (ids `0 .. numItems - 1`; items without rows become isolated nodes). */
  numItems: number;
  /** The rows to read (e.g. the training split), each in `[0, users.length)`. Default: every row. */
  rows?: Int32Array;
}

/**
 * @internal Validates the log and its extent and returns the row indices to read (`extent.rows`, or
 * `0 .. length-1`).
 * @throws EmbeddingsInputError naming the column, row or id at fault.
 */
export function checkedRows(log: InteractionLog, extent: LogExtent): Int32Array {
  const { users, items } = log;
  const { numUsers, numItems } = extent;
  if (!Number.isInteger(numUsers) || numUsers < 0) throw new EmbeddingsInputError('options.numUsers', `expected an integer >= 0, got ${numUsers}`);
  if (!Number.isInteger(numItems) || numItems < 0) throw new EmbeddingsInputError('options.numItems', `expected an integer >= 0, got ${numItems}`);
  if (users.length !== items.length) {
    throw new EmbeddingsInputError('log.items', `has ${items.length} rows but log.users has ${users.length}; the columns must be the same length`);
  }
  let rows = extent.rows;
  if (rows === undefined) {
    rows = new Int32Array(users.length);
    for (let r = 0; r < rows.length; r++) rows[r] = r;
  }
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    if (!(r >= 0 && r < users.length)) throw new EmbeddingsInputError(`options.rows[${k}]`, `is ${r}, outside the log's ${users.length} rows`);
    const u = users[r]!;
    if (!(u >= 0 && u < numUsers)) throw new EmbeddingsInputError(`log.users[${r}]`, `is ${u}, outside [0, numUsers = ${numUsers}); raise numUsers or re-index the users`);
    const i = items[r]!;
    if (!(i >= 0 && i < numItems)) throw new EmbeddingsInputError(`log.items[${r}]`, `is ${i}, outside [0, numItems = ${numItems}); raise numItems or re-index the items`);
  }
  return rows;
}

/**
 * @internal Each user's distinct items, sorted: user `u`'s are `items[offsets[u] .. offsets[u+1])`.
 * A counting sort by user, then a sort and de-duplication of each user's items. O(rows log d).
 */
export function userItemLists(log: InteractionLog, numUsers: number, rows: Int32Array): { offsets: Int32Array; items: Int32Array } {
  const { users, items } = log;
  const start = new Int32Array(numUsers + 1);
  for (let k = 0; k < rows.length; k++) start[users[rows[k]!]! + 1]!++;
  for (let u = 0; u < numUsers; u++) start[u + 1]! += start[u]!;
  const fill = start.slice(0, numUsers);
  const all = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    all[fill[users[r]!]!++] = items[r]!;
  }
  const offsets = new Int32Array(numUsers + 1);
  let w = 0;
  for (let u = 0; u < numUsers; u++) {
    const row = all.subarray(start[u]!, start[u + 1]!).sort();
    for (let j = 0; j < row.length; j++) {
      if (j === 0 || row[j] !== row[j - 1]) all[w++] = row[j]!;
    }
    offsets[u + 1] = w;
  }
  return { offsets, items: all.slice(0, w) };
}
