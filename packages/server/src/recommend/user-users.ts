import { unknownUser, type ServingError } from '../errors';
import type { ServingModel } from '../model/serving-model';
import { answerKnownUsers } from './query-vectors';
import type { UserHit, UserQuery, UserUsersResult } from '../schemas';
import type { RecommendDefaults } from './defaults';
import { DEFAULT_USER_ROWS, userIndexFor } from './user-rows';

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
 * user2user for a batch of queries: each user's query embedding (at `timestamp`, default their
 * latest training interaction) against the user rows the query asks for (`rows`, see `UserRows`):
 * by default one row per known user (their default-time query vector, `model.userVectorIndex`),
 * or with `rows: 'interactions'` the per-interaction query embeddings, a user scored by their
 * best row (`model.userIndex`). One result per user, the user and `exclude` left out. Unknown
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
    const rows = q.rows ?? DEFAULT_USER_ROWS;
    const found = userIndexFor(model, rows).search(vector, q.k ?? defaults.k, skip);
    return { user: q.user, timestamp: q.timestamp ?? rec.users.lastTimestamp[u]!, rows, users: userHits(model, found) };
  });
  return out;
}
