import type { VectorIndex } from '@twotower/index';
import { searchDistinctUsers } from './distinct-users';
import { buildChosenIndex, type IndexChoice } from '@twotower/index';
import { UserGroupIndex } from './user-groups';

/** Search over query embeddings that answers with distinct users (user2user, item2user). */
export interface UserIndex {
  /** `'exact'`: {@link UserGroupIndex} (pruned exact scan); `'faiss'`: a FAISS index with de-duplication by over-fetching. */
  readonly kind: 'exact' | 'faiss' | 'pgvector';
  /** Query-embedding rows held. */
  readonly rows: number;
  /** FAISS factory and search parameters, when FAISS. */
  readonly factory?: string;
  readonly searchParams?: string;
  /**
   * The `k` best distinct users for `query` ([dim]), each scored by their best row, best first.
   * @param skip user indices to leave out
   */
  search(query: Float32Array, k: number, skip?: ReadonlySet<number>): { users: Int32Array; scores: Float32Array };
}

/** What a {@link UserIndex} says of the `VectorIndex` it searches: kind, rows, FAISS factory and parameters. */
export function userIndexFields(index: VectorIndex): Pick<UserIndex, 'kind' | 'rows' | 'factory' | 'searchParams'> {
  const info = index.info();
  return {
    kind: info.kind,
    rows: info.size,
    ...(info.factory !== undefined ? { factory: info.factory } : {}),
    ...(info.searchParams !== undefined ? { searchParams: info.searchParams } : {}),
  };
}

/** A {@link UserIndex} over a FAISS (or any) `VectorIndex` whose ids are row numbers. */
export function annUserIndex(index: VectorIndex, rowUser: Int32Array, rowsPerUser: Int32Array): UserIndex {
  return {
    ...userIndexFields(index),
    search(query, k, skip) {
      let skippedRows = 0;
      if (skip) for (const u of skip) skippedRows += rowsPerUser[u] ?? 0;
      return searchDistinctUsers(index, rowUser, query, k, skip ? { skip, skippedRows } : {});
    },
  };
}

/** A {@link UserIndex} over the exact, pruned {@link UserGroupIndex}. */
export function exactUserIndex(vectors: Float32Array, rowUser: Int32Array, numUsers: number, dim: number): UserIndex {
  const groups = new UserGroupIndex(vectors, rowUser, numUsers, dim);
  return {
    kind: 'exact',
    rows: groups.rows,
    search: (query, k, skip) => groups.search(query, k, skip),
  };
}

/** Builds the user index `choice` asks for over `[rows × dim]` query embeddings. */
export function buildUserIndex(vectors: Float32Array, rowUser: Int32Array, numUsers: number, dim: number, choice: IndexChoice): UserIndex {
  if (choice.kind === 'exact') return exactUserIndex(vectors, rowUser, numUsers, dim);
  const index = buildChosenIndex(Int32Array.from({ length: rowUser.length }, (_, r) => r), vectors, dim, choice);
  const rowsPerUser = new Int32Array(numUsers);
  for (const u of rowUser) rowsPerUser[u]! += 1;
  return index.kind === 'exact' ? exactUserIndex(vectors, rowUser, numUsers, dim) : annUserIndex(index, rowUser, rowsPerUser);
}
