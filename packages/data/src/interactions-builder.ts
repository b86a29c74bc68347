import { IdInterner } from './id-interner';
import type { Interactions, InteractionRecord } from './interactions';

/** Options of {@link InteractionsBuilder}. */
export interface InteractionsBuilderOptions {
  /** Rows to allocate room for up front (grows by doubling). Default 1024. */
  initialCapacity?: number;
  /** User ids to intern first, in this order (e.g. from a user table). Default none. */
  userIds?: Iterable<string>;
  /** Item ids to intern first, in this order (e.g. from a catalogue). Default none. */
  itemIds?: Iterable<string>;
}

/**
 * Builds an {@link Interactions} log row by row into growable typed arrays, interning raw ids in
 * order of first appearance (after any ids given up front). Every reader uses it.
 */
export class InteractionsBuilder {
  private n = 0;
  private users: Int32Array;
  private items: Int32Array;
  private ratings: Float32Array;
  private timestamps: Float64Array;
  /** Allocated on the first row given a weight (rows before it weigh 1). */
  private weights: Float32Array | undefined;
  private readonly userIndex = new IdInterner();
  private readonly itemIndex = new IdInterner();

  constructor(options: InteractionsBuilderOptions = {}) {
    const cap = Math.max(1, Math.floor(options.initialCapacity ?? 1024));
    this.users = new Int32Array(cap);
    this.items = new Int32Array(cap);
    this.ratings = new Float32Array(cap);
    this.timestamps = new Float64Array(cap);
    if (options.userIds) for (const id of options.userIds) this.internUser(id);
    if (options.itemIds) for (const id of options.itemIds) this.internItem(id);
  }

  /** Rows added so far. */
  get length(): number {
    return this.n;
  }

  /** Dense index of a user id, adding it when new. */
  internUser(id: string): number {
    return this.userIndex.intern(id);
  }

  /** Dense index of an item id, adding it when new. */
  internItem(id: string): number {
    return this.itemIndex.intern(id);
  }

  /** Index of a user id already interned, or `undefined`. */
  userOf(id: string): number | undefined {
    return this.userIndex.get(id);
  }

  /** Index of an item id already interned, or `undefined`. */
  itemOf(id: string): number | undefined {
    return this.itemIndex.get(id);
  }

  /** Number of user ids interned so far. */
  get numUsers(): number {
    return this.userIndex.size;
  }

  /** Number of item ids interned so far. */
  get numItems(): number {
    return this.itemIndex.size;
  }

  /**
   * Appends one row.
   * @param rating `NaN` for none.
   * @param timestamp Unix seconds; `NaN` for none.
   * @param weight the row's weight, when the log has weights (the log gets a `weights` column
   *   once a row has one; rows without weigh 1).
   */
  add(userId: string, itemId: string, rating: number, timestamp: number, weight?: number): void {
    this.addIndexed(this.internUser(userId), this.internItem(itemId), rating, timestamp, weight);
  }

  /** Appends one row by already-interned indices (no check: callers own the indices). */
  addIndexed(user: number, item: number, rating: number, timestamp: number, weight?: number): void {
    if (this.n === this.users.length) this.grow();
    const i = this.n++;
    this.users[i] = user;
    this.items[i] = item;
    this.ratings[i] = rating;
    this.timestamps[i] = timestamp;
    if (weight !== undefined || this.weights) {
      this.weights ??= new Float32Array(this.users.length).fill(1);
      this.weights[i] = weight ?? 1;
    }
  }

  /** Appends a plain-object row. */
  addRecord(r: InteractionRecord): void {
    this.add(String(r.user), String(r.item), r.rating ?? NaN, r.timestamp ?? NaN);
  }

  /**
   * The log so far; the builder can keep adding afterwards (new rows never touch it). When the
   * spare capacity is small (< 25% of the rows) the columns are views of the builder's arrays
   * (no copy: a 25M-row log is not held twice at the end of a read); otherwise trimmed copies.
   */
  build(): Interactions {
    const n = this.n;
    const view = this.users.length - n <= n / 4;
    const cut = <T extends Int32Array | Float32Array | Float64Array>(a: T): T => (view ? a.subarray(0, n) : a.slice(0, n)) as T;
    return {
      length: n,
      users: cut(this.users),
      items: cut(this.items),
      ratings: cut(this.ratings),
      timestamps: cut(this.timestamps),
      ...(this.weights ? { weights: cut(this.weights) } : {}),
      userIds: this.userIndex.ids.slice(),
      itemIds: this.itemIndex.ids.slice(),
    };
  }

  private grow(): void {
    const cap = this.users.length * 2;
    const users = new Int32Array(cap);
    users.set(this.users);
    this.users = users;
    const items = new Int32Array(cap);
    items.set(this.items);
    this.items = items;
    const ratings = new Float32Array(cap);
    ratings.set(this.ratings);
    this.ratings = ratings;
    const timestamps = new Float64Array(cap);
    timestamps.set(this.timestamps);
    this.timestamps = timestamps;
    if (this.weights) {
      const weights = new Float32Array(cap).fill(1);
      weights.set(this.weights);
      this.weights = weights;
    }
  }
}

/**
 * A log from plain objects, ids interned in order of first appearance: the easy way to make
 * small data in tests and examples.
 *
 * ```ts
 * const log = interactionsFromRecords([{ user: 'ann', item: 'film-1', rating: 5, timestamp: 100 }]);
 * ```
 */
export function interactionsFromRecords(records: Iterable<InteractionRecord>, options: InteractionsBuilderOptions = {}): Interactions {
  const b = new InteractionsBuilder(options);
  for (const r of records) b.addRecord(r);
  return b.build();
}
