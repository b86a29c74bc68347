import { unknownUser, type ServingError } from '../errors';
import type { ServingModel } from '../model/serving-model';
import { answerKnownUsers } from './query-vectors';
import type { UserHit, UserQuery, UserUsersResult } from '../schemas';
import type { RecommendDefaults } from './defaults';

/** Users (indices) to leave out: `base` plus the known ones among `ids` (unknown ids ignored). */
export function skippedUsers(model: ServingModel, ids: readonly string[] | undefined, base: Iterable<number> = []): Set<number> {
  const skip = new Set<number>(base);
  for (const id of ids ?? []) {
    const u = model.recommender.userIndex(id);
    if (u >= 0) skip.add(u);
  }
  return skip;
}

/** Results of a distinct-user search as hits. */
export function userHits(model: ServingModel, found: { users: Int32Array; scores: Float32Array }): UserHit[] {
  const ids = model.recommender.users.ids;
  return Array.from(found.users, (u, r) => ({ id: ids[u]!, score: found.scores[r]! }));
}

/**
 * user2user for a batch of queries: each user's query embedding against the index of query
 * embeddings, one result per user (a user's best row), the user and `exclude` left out. Unknown
 * users: 404 (there is nothing to compare them with).
 * @returns one result or error per query, in order
 */
export function userUsers(model: ServingModel, queries: readonly UserQuery[], defaults: RecommendDefaults): Array<UserUsersResult | ServingError> {
  const rec = model.recommender;
  const out: Array<UserUsersResult | ServingError> = new Array(queries.length);
  const known: number[] = [];
  const users: number[] = [];
  queries.forEach((q, i) => {
    const u = rec.userIndex(q.user);
    if (u < 0) out[i] = unknownUser(q.user);
    else {
      known.push(i);
      users.push(u);
    }
  });
  answerKnownUsers(model, queries, known, users, out, (q, u, vector): UserUsersResult => {
    const skip = skippedUsers(model, q.exclude, [u]);
    const found = model.userIndex.search(vector, q.k ?? defaults.k, skip);
    return { user: q.user, timestamp: q.timestamp ?? rec.users.lastTimestamp[u]!, users: userHits(model, found) };
  });
  return out;
}
