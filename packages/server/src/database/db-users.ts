import { notInEmbeddingSet, ServingError, unknownEmbeddingSet, unknownItems, unknownUser } from '../errors';
import type { ServingModel } from '../model/serving-model';
import type { RecommendDefaults } from '../recommend/defaults';
import { badTimestamp, finiteRow } from '../recommend/query-vectors';
import { itemSegmentField, userSegmentField } from '../recommend/segment-fields';
import type { ItemUsersQuery, ItemUsersResult, UserHit, UserQuery, UserUsersResult } from '../schemas';
import { findPublishedItems, notFromDatabase, storeOf } from './db-search';

const ROWS_WHY = 'the per-interaction query embeddings are not published (one row per user is): leave "rows" out, or send "rows": "users"';

/** The hits of query `q` of a search over user ids, each with its `segment` (in `set`'s segmentation, else the model's users'). */
function hitsOf(model: ServingModel, ids: readonly string[], scores: Float32Array, set?: string): UserHit[] {
  return ids.map((id, r) => ({ id, score: scores[r]!, ...userSegmentField(model, model.recommender.userIndex(id), set) }));
}

/**
 * The `k` best users for each of `n` query vectors `[n × dim]` among the published users (their
 * default-time query vectors, inner product), each query's `exclude` user ids left out in SQL:
 * one pgvector statement for the batch.
 */
async function searchPublishedUsers(model: ServingModel, vectors: Float32Array, k: number, exclude: ReadonlyArray<readonly string[]>): Promise<Array<{ ids: string[]; scores: Float32Array }>> {
  const db = storeOf(model);
  const found = await db.run(() => db.users.search(vectors, k, { exclude: exclude.map((e) => (e.length > 0 ? e : undefined)) }));
  return exclude.map((_, q) => ({ ids: found.ids(q) as string[], scores: found.scoresOf(q) }));
}

/** One user-users query answered from the published named set of users `name` (cosine). */
async function fromPublishedSet(model: ServingModel, q: UserQuery, name: string, k: number): Promise<UserUsersResult | ServingError> {
  const db = storeOf(model);
  const set = db.sets.get(name);
  const names = [...db.sets.values()].filter((s) => s.of === 'users').map((s) => s.name);
  if (set === undefined || set.of !== 'users') return unknownEmbeddingSet(name, 'user-users', names, set ? `is a set of ${set.of}, not of users` : undefined);
  if (q.timestamp !== undefined) return new ServingError(400, 'BAD_REQUEST', `timestamp is for the two-tower's query tower; embedding set ${JSON.stringify(name)} has one vector per user: leave one of them out`, { field: '/timestamp' });
  const [vector] = await db.run(() => set.index.vectors([q.user]));
  if (vector === undefined) return notInEmbeddingSet('user', q.user, name, set.rows, model.recommender.numUsers);
  const found = await db.run(() => set.index.search(vector, k, { exclude: [[q.user, ...(q.exclude ?? [])]] }));
  const u = model.recommender.userIndex(q.user);
  return { user: q.user, timestamp: model.recommender.users.lastTimestamp[u]!, embeddings: name, ...userSegmentField(model, u, name), users: hitsOf(model, found.ids(0) as string[], found.scoresOf(0), name) };
}

/**
 * user2user for a model served from a database: each known user's default-time query vector read
 * from PostgreSQL (or, with `timestamp`, computed by the query tower in memory) against the
 * published users, the user and `exclude` left out; `embeddings` naming a published set of users
 * searches that set's table. `rows: 'interactions'` is not offered (400 saying why).
 * @returns one result or error per query, in order
 */
export async function dbUserUsers(model: ServingModel, queries: readonly UserQuery[], defaults: RecommendDefaults): Promise<Array<UserUsersResult | ServingError>> {
  const db = storeOf(model);
  const rec = model.recommender;
  const d = model.dim;
  const out: Array<UserUsersResult | ServingError> = new Array(queries.length);
  const states = await db.userStates([...new Set(queries.map((q) => q.user).filter((id) => rec.userIndex(id) >= 0))]);
  const ready: Array<{ i: number; vector: Float32Array; timestamp: number }> = [];
  const timed: number[] = [];
  for (const [i, q] of queries.entries()) {
    const state = states.get(q.user);
    if (state === undefined) out[i] = unknownUser(q.user);
    else if (q.embeddings !== undefined) out[i] = await fromPublishedSet(model, q, q.embeddings, q.k ?? defaults.k);
    else if (q.rows === 'interactions') out[i] = notFromDatabase('/rows', ROWS_WHY);
    else if (q.timestamp !== undefined) timed.push(i);
    else ready.push({ i, vector: state.vector, timestamp: state.lastTimestamp });
  }
  if (timed.length > 0) {
    const vectors = rec.embedQueries(timed.map((i) => queries[i]!.user), Float64Array.from(timed, (i) => queries[i]!.timestamp!));
    timed.forEach((i, j) => {
      if (finiteRow(vectors, j, d)) ready.push({ i, vector: vectors.slice(j * d, (j + 1) * d), timestamp: queries[i]!.timestamp! });
      else out[i] = badTimestamp(queries[i]!.timestamp);
    });
  }
  if (ready.length === 0) return out;
  const vectors = new Float32Array(ready.length * d);
  ready.forEach((r, j) => vectors.set(r.vector, j * d));
  const depth = Math.max(...ready.map((r) => queries[r.i]!.k ?? defaults.k));
  const found = await searchPublishedUsers(model, vectors, depth, ready.map((r) => [queries[r.i]!.user, ...(queries[r.i]!.exclude ?? [])]));
  ready.forEach((r, j) => {
    const q = queries[r.i]!;
    const k = q.k ?? defaults.k;
    out[r.i] = { user: q.user, timestamp: r.timestamp, rows: 'users', ...userSegmentField(model, rec.userIndex(q.user)), users: hitsOf(model, found[j]!.ids.slice(0, k), found[j]!.scores.subarray(0, k)) };
  });
  return out;
}

/**
 * item2user for a model served from a database: each item's candidate embedding (a catalogue
 * item's from the model, an added item's from the database) against the published users' default
 * query vectors, in one pgvector statement for the batch; `exclude` users and, with `excludeSeen`,
 * the item's training users left out in SQL. `rows: 'interactions'` is not offered (400 saying why).
 * @returns one result or error per query, in order
 */
export async function dbItemUsers(model: ServingModel, queries: readonly ItemUsersQuery[], defaults: RecommendDefaults): Promise<Array<ItemUsersResult | ServingError>> {
  const rec = model.recommender;
  const d = model.dim;
  const out: Array<ItemUsersResult | ServingError> = new Array(queries.length);
  const items = await findPublishedItems(model, queries.map((q) => q.item));
  const ready: number[] = [];
  queries.forEach((q, i) => {
    if (!items.has(q.item)) out[i] = unknownItems([q.item]);
    else if (q.rows === 'interactions') out[i] = notFromDatabase('/rows', ROWS_WHY);
    else ready.push(i);
  });
  if (ready.length === 0) return out;
  const { offsets, users } = model.itemUsers;
  const exclude = ready.map((i) => {
    const q = queries[i]!;
    const ids = [...(q.exclude ?? [])];
    const index = items.get(q.item)!.index;
    if (q.excludeSeen && index >= 0) for (let p = offsets[index]!; p < offsets[index + 1]!; p++) ids.push(rec.users.ids[users[p]!]!);
    return ids;
  });
  const vectors = new Float32Array(ready.length * d);
  ready.forEach((i, j) => vectors.set(items.get(queries[i]!.item)!.vector, j * d));
  const depth = Math.max(...ready.map((i) => queries[i]!.k ?? defaults.k));
  const found = await searchPublishedUsers(model, vectors, depth, exclude);
  ready.forEach((i, j) => {
    const q = queries[i]!;
    const item = items.get(q.item)!;
    const k = q.k ?? defaults.k;
    out[i] = { item: q.item, title: item.title, ...itemSegmentField(model, item.index), rows: 'users', users: hitsOf(model, found[j]!.ids.slice(0, k), found[j]!.scores.subarray(0, k)) };
  });
  return out;
}
