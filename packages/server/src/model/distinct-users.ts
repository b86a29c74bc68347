import type { VectorIndex } from '@twotower/index';

/** Options of {@link searchDistinctUsers}. */
export interface DistinctUsersOptions {
  /** Users (indices) to leave out of the results. Default: none. */
  skip?: ReadonlySet<number>;
  /**
   * Rows the skipped users own in the index, added to the first fetch so that one search usually
   * suffices. Default 0.
   */
  skippedRows?: number;
}

/** The best `k` distinct users for one query, best first. */
export interface DistinctUsers {
  /** User indices. */
  users: Int32Array;
  /** Each user's best score (the best of their rows). */
  scores: Float32Array;
  /** Rows fetched from the index by the last search (for tests and logs). */
  fetched: number;
}

/**
 * Top-`k` **distinct** users for one query vector over an index of query embeddings, in which a
 * user may own many rows (one per training interaction): over-fetches rows, keeps each user's best
 * row, and fetches four times more while fewer than `k` distinct users were found and the index
 * has more rows to give.
 * @param index inner-product index whose ids are row numbers of `rowUser`
 * @param rowUser `[rows]` user index of each row
 * @param query `[dim]` query vector
 * @param k distinct users wanted (fewer when the index holds fewer eligible users)
 */
export function searchDistinctUsers(
  index: VectorIndex,
  rowUser: Int32Array,
  query: Float32Array,
  k: number,
  options: DistinctUsersOptions = {},
): DistinctUsers {
  const total = index.size;
  const skip = options.skip;
  let fetch = Math.min(total, Math.max(4 * k, 64) + (options.skippedRows ?? 0));
  const users: number[] = [];
  const scores: number[] = [];
  for (;;) {
    if (fetch < 1) return { users: new Int32Array(0), scores: new Float32Array(0), fetched: 0 };
    const result = index.search(query, fetch);
    const got = result.count(0);
    const taken = new Set<number>();
    users.length = 0;
    scores.length = 0;
    for (let r = 0; r < got && users.length < k; r++) {
      const row = result.table[result.labels[r]!] as number;
      const u = rowUser[row]!;
      if (taken.has(u) || (skip !== undefined && skip.has(u))) continue;
      taken.add(u);
      users.push(u);
      scores.push(result.scores[r]!);
    }
    // enough users, or the index gave everything it could (exhausted, or an ANN index's probes ran dry)
    if (users.length >= k || got < fetch || fetch >= total) {
      return { users: Int32Array.from(users), scores: Float32Array.from(scores), fetched: fetch };
    }
    fetch = Math.min(total, fetch * 4);
  }
}
