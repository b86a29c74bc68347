import { DataError } from './errors';

/**
 * An interaction log in columnar form: row `i` says user `userIds[users[i]]` interacted with
 * item `itemIds[items[i]]`, with rating `ratings[i]` at time `timestamps[i]`.
 *
 * The id tables intern the raw ids (strings, as they appear in the source) into dense indices
 * `0..userIds.length-1`; they are not a fitted vocabulary (no OOV slot: that is
 * `@twotower/features`' job). Subsets made by splits and filters share the id tables of the log
 * they came from, so an index means the same user or item in every subset. The tables may hold
 * ids that have no row (e.g. catalogue items nobody rated).
 *
 * Columns may be views into larger buffers (readers avoid a final copy): use `byteOffset` and
 * `length` with `.buffer`, or just the typed arrays themselves. Treat the columns as read-only;
 * subsets and other logs may share them.
 */
export interface Interactions {
  /** Number of rows. */
  readonly length: number;
  /** `[length]` user index of each row, into `userIds`. */
  readonly users: Int32Array;
  /** `[length]` item index of each row, into `itemIds`. */
  readonly items: Int32Array;
  /** `[length]` rating of each row; `NaN` when the source has no rating (implicit feedback). */
  readonly ratings: Float32Array;
  /** `[length]` Unix time in seconds (may be fractional); `NaN` when the source has no time. */
  readonly timestamps: Float64Array;
  /**
   * `[length]` weight of each row (a count, a dwell time...), when the source has a weight
   * column; absent otherwise. {@link selectRows} keeps it.
   */
  readonly weights?: Float32Array;
  /** Raw user ids; `userIds[u]` is the id of user index `u`. */
  readonly userIds: readonly string[];
  /** Raw item ids; `itemIds[j]` is the id of item index `j`. */
  readonly itemIds: readonly string[];
}

/** One interaction as a plain object, for small hand-made data and for display. */
export interface InteractionRecord {
  /** Raw user id. Numbers are converted with `String()`. */
  user: string | number;
  /** Raw item id. Numbers are converted with `String()`. */
  item: string | number;
  /** Rating; omitted or `undefined` means none (stored as `NaN`). */
  rating?: number | undefined;
  /** Unix time in seconds; omitted or `undefined` means none (stored as `NaN`). */
  timestamp?: number | undefined;
}

/** Row `i` as a plain object with raw ids (`rating`/`timestamp` are `NaN` when absent). */
export function rowAt(log: Interactions, i: number): { user: string; item: string; rating: number; timestamp: number } {
  if (!Number.isInteger(i) || i < 0 || i >= log.length) {
    throw new DataError('BAD_OPTION', `row ${String(i)} is out of range: the log has ${log.length} rows (0..${log.length - 1}).`, {
      field: 'row',
    });
  }
  return {
    user: log.userIds[log.users[i]!]!,
    item: log.itemIds[log.items[i]!]!,
    rating: log.ratings[i]!,
    timestamp: log.timestamps[i]!,
  };
}

/** All rows as plain objects (for small logs: tests, display, export). */
export function toRecords(log: Interactions): { user: string; item: string; rating: number; timestamp: number }[] {
  const out = new Array<{ user: string; item: string; rating: number; timestamp: number }>(log.length);
  for (let i = 0; i < log.length; i++) out[i] = rowAt(log, i);
  return out;
}

/**
 * The rows of `log` at `rows`, in that order, sharing `log`'s id tables.
 * @param rows `[n]` row indices into `log` (repeats allowed).
 */
export function selectRows(log: Interactions, rows: Int32Array | readonly number[]): Interactions {
  const n = rows.length;
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const ratings = new Float32Array(n);
  const timestamps = new Float64Array(n);
  const weights = log.weights ? new Float32Array(n) : undefined;
  for (let k = 0; k < n; k++) {
    const r = rows[k]!;
    if (!(r >= 0 && r < log.length) || !Number.isInteger(r)) {
      throw new DataError('BAD_OPTION', `rows[${k}] = ${String(r)} is not a row of the log (it has ${log.length} rows).`, {
        field: `rows[${k}]`,
      });
    }
    users[k] = log.users[r]!;
    items[k] = log.items[r]!;
    ratings[k] = log.ratings[r]!;
    timestamps[k] = log.timestamps[r]!;
    if (weights) weights[k] = log.weights![r]!;
  }
  return { length: n, users, items, ratings, timestamps, ...(weights ? { weights } : {}), userIds: log.userIds, itemIds: log.itemIds };
}

/**
 * Checks that `log` is consistent (equal column lengths, indices inside the id tables) and
 * returns it; throws a `BAD_INPUT` error naming the column and row otherwise. Use it on logs
 * built by hand or received from elsewhere.
 */
export function validateInteractions(log: Interactions): Interactions {
  const n = log.length;
  for (const [name, col] of [
    ['users', log.users],
    ['items', log.items],
    ['ratings', log.ratings],
    ['timestamps', log.timestamps],
    ['weights', log.weights],
  ] as const) {
    if (col !== undefined && col.length !== n) {
      throw new DataError('BAD_INPUT', `column ${name} has ${col.length} entries but length is ${n}: all columns must have one entry per row.`, {
        field: name,
      });
    }
  }
  for (let i = 0; i < n; i++) {
    const u = log.users[i]!;
    if (u < 0 || u >= log.userIds.length) {
      throw new DataError('BAD_INPUT', `users[${i}] = ${u} is outside userIds (length ${log.userIds.length}).`, { field: `users[${i}]` });
    }
    const it = log.items[i]!;
    if (it < 0 || it >= log.itemIds.length) {
      throw new DataError('BAD_INPUT', `items[${i}] = ${it} is outside itemIds (length ${log.itemIds.length}).`, { field: `items[${i}]` });
    }
  }
  return log;
}
