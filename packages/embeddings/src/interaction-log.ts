import { GraphInputError } from './graph-input-error';

/**
 * An interaction log as columns: row `r` says user `users[r]` interacted with item `items[r]`.
 * Repeated rows are allowed (the graph builders say how they count them).
 */
export interface GraphInteractionLog {
  /** `[rows]` user ids in `[0, numUsers)`. */
  users: Int32Array;
  /** `[rows]` item ids in `[0, numItems)`. */
  items: Int32Array;
  /** Number of users (ids `0 .. numUsers - 1`; users without rows become isolated nodes). */
  numUsers: number;
  /** Number of items (ids `0 .. numItems - 1`; items without rows become isolated nodes). */
  numItems: number;
  /** The rows to read (e.g. the training split), each in `[0, users.length)`. Default: every row. */
  rows?: Int32Array;
}

/**
 * @internal Validates the log and returns the row indices to read (`log.rows`, or `0 .. length-1`).
 * @throws GraphInputError naming the column, row or id at fault.
 */
export function checkedRows(log: GraphInteractionLog, field = 'log'): Int32Array {
  const { users, items, numUsers, numItems } = log;
  if (!Number.isInteger(numUsers) || numUsers < 0) throw new GraphInputError(`${field}.numUsers`, `expected an integer >= 0, got ${numUsers}`);
  if (!Number.isInteger(numItems) || numItems < 0) throw new GraphInputError(`${field}.numItems`, `expected an integer >= 0, got ${numItems}`);
  if (users.length !== items.length) {
    throw new GraphInputError(`${field}.items`, `has ${items.length} rows but ${field}.users has ${users.length}; the columns must be the same length`);
  }
  let rows = log.rows;
  if (rows === undefined) {
    rows = new Int32Array(users.length);
    for (let r = 0; r < rows.length; r++) rows[r] = r;
  }
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    if (!(r >= 0 && r < users.length)) throw new GraphInputError(`${field}.rows[${k}]`, `is ${r}, outside the log's ${users.length} rows`);
    const u = users[r]!;
    if (!(u >= 0 && u < numUsers)) throw new GraphInputError(`${field}.users[${r}]`, `is ${u}, outside [0, numUsers = ${numUsers}); raise numUsers or re-index the users`);
    const i = items[r]!;
    if (!(i >= 0 && i < numItems)) throw new GraphInputError(`${field}.items[${r}]`, `is ${i}, outside [0, numItems = ${numItems}); raise numItems or re-index the items`);
  }
  return rows;
}

/**
 * @internal Each user's distinct items, sorted: user `u`'s are `items[offsets[u] .. offsets[u+1])`.
 * A counting sort by user, then a sort and de-duplication of each user's items. O(rows log d).
 */
export function userItemLists(log: GraphInteractionLog, rows: Int32Array): { offsets: Int32Array; items: Int32Array } {
  const { users, items, numUsers } = log;
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
