import { notInEmbeddingSet, ServingError, unknownEmbeddingSet, unknownUser } from '../errors';
import { namedVector } from '../model/named-sets';
import type { ServingModel } from '../model/serving-model';
import { answerKnownUsers } from './query-vectors';
import type { UserHit, UserQuery, UserUsersResult } from '../schemas';
import type { RecommendDefaults } from './defaults';
import { DEFAULT_USER_ROWS, userIndexFor } from './user-rows';
import { userSegmentField } from './segment-fields';

/** Users (indices) to leave out: `base` plus the known ones among `ids` (unknown ids ignored). */
export function skippedUsers(model: ServingModel, ids: readonly string[] | undefined, base: Iterable<number> = []): Set<number> {
  const skip = new Set<number>(base);
  for (const id of ids ?? []) {
    const u = model.recommender.userIndex(id);
    if (u >= 0) skip.add(u);
  }
  return skip;
}

/**
 * Results of a distinct-user search as hits, each with its `segment` (in the segmentation of
 * `set` when given, else of the model's `users` set) when the model has it.
 */
export function userHits(model: ServingModel, found: { users: Int32Array; scores: Float32Array }, set?: string): UserHit[] {
  const ids = model.recommender.users.ids;
  return Array.from(found.users, (u, r) => ({ id: ids[u]!, score: found.scores[r]!, ...userSegmentField(model, u, set) }));
}

/** Named sets of users user-users answers from. */
export function userSetNames(model: ServingModel): string[] {
  return [...model.namedSets.values()].filter((s) => s.of === 'users').map((s) => s.name);
}

/** One user-users query of known user `u` answered from the named set of users `name` (cosine; no tfjs work). */
function fromNamedSet(model: ServingModel, q: UserQuery, u: number, name: string, defaults: RecommendDefaults): UserUsersResult | ServingError {
  const set = model.namedSets.get(name);
  const names = userSetNames(model);
  if (set === undefined || set.of !== 'users') {
    if (names.length === 0) {
      return new ServingError(400, 'BAD_REQUEST', `embeddings ${JSON.stringify(name)}: this model has no named set of users, so user-users answers from the two-tower's query vectors only: leave "embeddings" out (GET /v1/model lists the sets)`, { field: '/embeddings' });
    }
    return unknownEmbeddingSet(name, 'user-users', names, set ? `is a set of ${set.of}, not of users` : undefined);
  }
  if (q.timestamp !== undefined) return new ServingError(400, 'BAD_REQUEST', `timestamp is for the two-tower's query tower; embedding set ${JSON.stringify(name)} has one vector per user: leave one of them out`, { field: '/timestamp' });
  if (q.rows !== undefined) return new ServingError(400, 'BAD_REQUEST', `rows chooses among the two-tower's query embeddings; embedding set ${JSON.stringify(name)} has one vector per user: leave one of them out`, { field: '/rows' });
  const vector = namedVector(set, u);
  if (vector === undefined) return notInEmbeddingSet('user', q.user, name, set.covered, model.recommender.numUsers);
  const found = set.users!.search(vector, q.k ?? defaults.k, skippedUsers(model, q.exclude, [u]));
  return { user: q.user, timestamp: model.recommender.users.lastTimestamp[u]!, embeddings: name, ...userSegmentField(model, u, name), users: userHits(model, found, name) };
}

/**
 * user2user for a batch of queries: each user's query embedding (at `timestamp`, default their
 * latest training interaction) against the user rows the query asks for (`rows`, see `UserRows`):
 * by default one row per known user (their default-time query vector, `model.userVectorIndex`),
 * or with `rows: 'interactions'` the per-interaction query embeddings, a user scored by their
 * best row (`model.userIndex`). One result per user, the user and `exclude` left out. Unknown
 * users: 404 (there is nothing to compare them with). With `embeddings` naming a set of users
 * (e.g. `users`): the user's vector in it against the set's cosine index (no timestamp, no rows;
 * a user without a vector in it: 404). Users carry their `segment` when the model has the
 * segmentation (of the set that answered, else of its `users` set).
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
    else if (q.embeddings !== undefined) out[i] = fromNamedSet(model, q, u, q.embeddings, defaults);
    else {
      known.push(i);
      users.push(u);
    }
  });
  answerKnownUsers(model, queries, known, users, out, (q, u, vector): UserUsersResult => {
    const skip = skippedUsers(model, q.exclude, [u]);
    const rows = q.rows ?? DEFAULT_USER_ROWS;
    const found = userIndexFor(model, rows).search(vector, q.k ?? defaults.k, skip);
    return { user: q.user, timestamp: q.timestamp ?? rec.users.lastTimestamp[u]!, rows, ...userSegmentField(model, u), users: userHits(model, found) };
  });
  return out;
}
