import { buildChosenIndex, type IndexChoice, type VectorIndex } from '@twotower/index';
import { userIndexFields, type UserIndex } from './user-index';

/**
 * A {@link UserIndex} over **one row per user** — each known user's query vector at their default
 * time (`ServingModel.userVectors`) — in an inner-product `VectorIndex` whose ids are user indices
 * (numbers `0 .. numUsers-1`). A row is a user, so the top k rows are the top k users: no
 * grouping, no over-fetching. Skipped users go to the index as its `exclude` list (they do not
 * count towards `k`).
 * @param index inner-product index holding row `u` of the user vectors under id `u`
 */
export function userVectorIndex(index: VectorIndex): UserIndex {
  return {
    ...userIndexFields(index),
    search(query, k, skip) {
      const found = index.search(query, k, skip !== undefined && skip.size > 0 ? { exclude: [skip] } : {});
      const n = found.count(0);
      const users = new Int32Array(n);
      for (let r = 0; r < n; r++) users[r] = found.table[found.labels[r]!] as number;
      return { users, scores: found.scores.slice(0, n) };
    },
  };
}

/**
 * Builds the per-user index `choice` asks for (exact brute force, or FAISS — the item index's
 * policy of `@twotower/index`, `chooseIndex(numUsers, policy)`) over `[numUsers × dim]` user
 * vectors, and wraps it as a {@link UserIndex} ({@link userVectorIndex}).
 * @param vectors `[numUsers × dim]`, row u the query vector of user u
 * @throws Error naming the sizes when `vectors` does not hold `numUsers` rows of `dim`
 */
export function buildUserVectorIndex(vectors: Float32Array, numUsers: number, dim: number, choice: IndexChoice): UserIndex {
  if (vectors.length !== numUsers * dim) {
    throw new Error(`buildUserVectorIndex: ${vectors.length} values for ${numUsers} users × dim ${dim}: pass one row of dim values per user`);
  }
  const ids = Int32Array.from({ length: numUsers }, (_, u) => u);
  return userVectorIndex(buildChosenIndex(ids, vectors, dim, choice));
}
