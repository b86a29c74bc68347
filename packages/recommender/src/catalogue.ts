import { combinationToken, labelTokens, labelsSource, type Column } from '@twotower/features';
import { attributeInputs, type AttributeColumn, type GivenAttributes } from './attribute-columns';

/** The items a recommender ranks; entry j describes item index j. */
export interface Catalogue {
  ids: string[];
  /** What an item is called: its title, or its id when the catalogue has none. */
  titles: string[];
  /** Genre (category) names of each item (may be empty). */
  genres: string[][];
  /** The catalogue column the genres come from, when it has another name (`category`, `tags`): reports name it. */
  genresColumn?: string;
  /** The catalogue's other columns (price, brand, description...), which candidate features may read (sources `item.<name>`). */
  columns?: AttributeColumn[];
}

/** The users known at training time; entry u describes user index u. */
export interface UserInfo {
  ids: string[];
  /** Latest training timestamp of each user (the default query time when a request has none). */
  lastTimestamp: Float64Array;
  /** Optional per-user attributes for reports (age, occupation...). */
  attributes?: Record<string, (string | number | null)[]>;
  /** A user file's columns, which query features may read (sources `user.<name>`); unknown users have none. */
  columns?: AttributeColumn[];
}

/** Items per user (CSR): user u's items are `items[offsets[u] .. offsets[u+1])`, sorted. */
export interface SeenItems {
  offsets: Int32Array;
  items: Int32Array;
  /**
   * `[items]` the latest time the user interacted with each item, when known: a recent history
   * (`HistoryOptions.recent`) reads the items in this order.
   */
  times?: Float64Array;
}

/**
 * The catalogue as the candidate features read it: sources `item`, `title`, `genres` (the
 * combination, `'A|B'`), and, when the features read them (`sources`; all when omitted),
 * `genres:labels` (`'A B'`) and the attribute columns (`item.<name>`, see `attributeInputs`).
 */
export function candidateColumns(c: Catalogue, sources?: readonly string[]): Record<string, Column> {
  const wanted = sources && new Set(sources);
  const out: Record<string, Column> = { item: c.ids, title: c.titles, genres: c.genres.map(combinationToken) };
  if (!wanted || wanted.has(labelsSource('genres'))) out[labelsSource('genres')] = c.genres.map(labelTokens);
  if (c.columns) Object.assign(out, attributeInputs('item', c.columns, Int32Array.from(c.ids, (_, j) => j), wanted));
  return out;
}

/**
 * The query as the query features read it: sources `user` and `timestamp`, and the user file's
 * columns the features read (`user.<name>`) for each user (an unknown user has none), or
 * `attributes[i]`'s values in place of user i's where given (see `attributeInputs`).
 */
export function queryColumns(
  users: UserInfo,
  index: (id: string) => number,
  ids: ArrayLike<string>,
  timestamps: ArrayLike<number>,
  sources?: readonly string[],
  attributes?: ReadonlyArray<GivenAttributes | undefined>,
): Record<string, Column> {
  const out: Record<string, Column> = { user: ids, timestamp: timestamps };
  if (users.columns && users.columns.length > 0) {
    const wanted = sources && new Set(sources);
    if (!wanted || [...wanted].some((s) => s.startsWith('user.'))) {
      Object.assign(out, attributeInputs('user', users.columns, Int32Array.from({ length: ids.length }, (_, i) => index(ids[i]!)), wanted, attributes));
    }
  }
  return out;
}

/**
 * Lookups by original id over a catalogue, its users and their training items: the id → index
 * maps (built once, at construction), each user's training items and the default query time.
 */
export class IdTables {
  private readonly itemIdx: Map<string, number>;
  private readonly userIdx: Map<string, number>;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly users: UserInfo,
    private readonly seen: SeenItems,
  ) {
    this.itemIdx = new Map(catalogue.ids.map((id, i) => [id, i]));
    this.userIdx = new Map(users.ids.map((id, i) => [id, i]));
  }

  get numItems(): number {
    return this.catalogue.ids.length;
  }

  get numUsers(): number {
    return this.users.ids.length;
  }

  /** Index of an item id, or -1. */
  itemIndex(id: string): number {
    return this.itemIdx.get(id) ?? -1;
  }

  /** Index of a user id, or -1. */
  userIndex(id: string): number {
    return this.userIdx.get(id) ?? -1;
  }

  /** Training items of a user index (sorted item indices; none for an index out of range). */
  seenItems(user: number): Int32Array {
    if (user < 0 || user >= this.numUsers) return new Int32Array(0);
    return this.seen.items.subarray(this.seen.offsets[user]!, this.seen.offsets[user + 1]!);
  }

  /** The query time used when a request gives none: the user's latest training time; for an unknown user the latest of all (0 without users). */
  defaultTimestamp(user: string): number {
    const u = this.userIndex(user);
    if (u >= 0) return this.users.lastTimestamp[u]!;
    let max = -Infinity;
    for (const t of this.users.lastTimestamp) if (t > max) max = t;
    return Number.isFinite(max) ? max : 0;
  }
}
