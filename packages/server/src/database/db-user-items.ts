import type { PopularityLean } from '@twotower/recommender';
import { ServingError, unknownUser } from '../errors';
import type { ServingModel } from '../model/serving-model';
import type { RecommendDefaults } from '../recommend/defaults';
import { badTimestamp, finiteRow } from '../recommend/query-vectors';
import { embedHistories, readsHistory, resolveHistory, type RequestHistory } from '../recommend/request-history';
import { embeddedKind, noRankingModel, popularityAnswer, queryFields, rerankHits, userQueryLean } from '../recommend/user-items';
import { firstFetch, leanedTop } from '../recommend/leaned-search';
import { readsAttributes, resolveAttributes, type RequestAttributes } from '../recommend/query-attributes';
import type { UserItemsQueryWithUser, UserItemsResult } from '../schemas';
import type { StoredUser } from './database-store';
import { publishedHits, storeOf } from './db-search';
import { searchPublishedLeaned } from './db-leaned-search';
import { answersColdHistory, coldHistoryAnswer } from '../recommend/cold-history';

/** One query ready to search: its vector, what it leaves out, and how its answer begins. */
interface Planned {
  position: number;
  vector: Float32Array;
  exclude: string[];
  timestamp: number;
  /** Answer fields besides `items` and `reranked`. */
  head: Omit<UserItemsResult, 'items' | 'reranked'>;
  /** Hand the ranker the query vector (a query embedded from a history). */
  pairVectors: boolean;
}

/**
 * The histories of the queries that have one, resolved against the catalogue and the items added
 * since publishing (read from the database in one statement for the whole batch).
 */
async function resolveHistories(model: ServingModel, queries: readonly UserItemsQueryWithUser[]): Promise<Array<RequestHistory | ServingError | undefined>> {
  const rec = model.recommender;
  const outside = new Set<string>();
  for (const q of queries) for (const id of q.history ?? []) if (rec.itemIndex(id) < 0) outside.add(id);
  const added = outside.size > 0 ? await storeOf(model).addedItems([...outside]) : new Map();
  return queries.map((q) => (q.history ? resolveHistory(model, q.history, (id) => added.has(id)) : undefined));
}

/**
 * user2item for a model served from a database (`twotower-serve --database`): the answers of the
 * in-memory `userItems`, with the user state read from PostgreSQL — a known user's default-time
 * query embedding, training items (the default exclusions) and default time — in one statement for
 * the batch, and the items found by one pgvector search for the batch over the published items,
 * including those any replica added since. Explicit timestamps and histories go through the query
 * tower in memory; re-ranking by the second stage in memory (over catalogue items only). A query
 * the towers answer without a `timestamp` takes the model's popularity lean as in memory
 * (`userQueryLean`): the search over-fetches until the best by inner product plus lean are certain
 * (`searchPublishedLeaned`).
 * @returns one result or error per query, in order
 */
export async function dbUserItems(model: ServingModel, queries: readonly UserItemsQueryWithUser[], defaults: RecommendDefaults): Promise<Array<UserItemsResult | ServingError>> {
  const out: Array<UserItemsResult | ServingError> = new Array(queries.length);
  const rest = await defaultUserItems(model, queries, defaults, out);
  if (rest.length === 0) return out;
  const answered = await plannedUserItems(model, rest.map((i) => queries[i]!), defaults);
  rest.forEach((i, j) => (out[i] = answered[j]!));
  return out;
}

/**
 * What the item-item stage reads for a query served from the database: the stored user's items
 * (not the artifact's: the database may hold users and items it does not) and the request's
 * history, as catalogue indices; undefined without an item-item stage (the ranker reads none).
 */
function stageHistory(rec: ServingModel['recommender'], state: StoredUser | undefined, h: RequestHistory | undefined): number[] | undefined {
  if (!rec.itemItem) return undefined;
  const seen = (state?.seen ?? []).map((id) => rec.itemIndex(id)).filter((x) => x >= 0);
  return [...seen, ...(h?.items ?? [])];
}

/** A query a known user's stored state answers as is: no time, no history, no attributes, no re-ranking, training items left out. */
function isDefaultQuery(model: ServingModel, q: UserItemsQueryWithUser): boolean {
  return q.timestamp === undefined && q.history === undefined && q.attributes === undefined && !q.rerank && (q.excludeSeen ?? true) && model.recommender.userIndex(q.user) >= 0;
}

/**
 * Answers the default queries of the batch (a known user at its default time, {@link isDefaultQuery})
 * with one statement that reads the user state and searches (`DatabaseStore.searchForUsers`),
 * writing them into `out`.
 * @returns the positions left for the general path (other queries, and users the database lacks)
 */
async function defaultUserItems(model: ServingModel, queries: readonly UserItemsQueryWithUser[], defaults: RecommendDefaults, out: Array<UserItemsResult | ServingError>): Promise<number[]> {
  const db = storeOf(model);
  const fast: number[] = [];
  const rest: number[] = [];
  queries.forEach((q, i) => (db.items.metric === 'ip' && isDefaultQuery(model, q) ? fast : rest).push(i));
  if (fast.length === 0) return rest;
  const k = Math.max(...fast.map((i) => queries[i]!.k ?? defaults.k));
  // a default query has no timestamp: the model's popularity lean applies, over-fetched (see leanedList)
  const lean = model.recommender.popularityLean;
  const fetch = lean ? firstFetch(k, Infinity) : k;
  const found = await db.searchForUsers(
    fast.map((i) => queries[i]!.user),
    fetch,
    fast.map((i) => queries[i]!.exclude ?? []),
  );
  const lists = found.map((f, j) => (f && lean ? leanedList(model, f, fetch, queries[fast[j]!]!.k ?? defaults.k, lean) : f));
  const hits = await publishedHits(model, lists.map((f) => f ?? { ids: [], scores: [] }));
  fast.forEach((i, j) => {
    const q = queries[i]!;
    const f = found[j];
    // a user the database lacks, or a leaned answer the first fetch could not prove: the general path
    if (f === undefined || lists[j] === undefined) return void rest.push(i);
    out[i] = { user: q.user, timestamp: f.lastTimestamp, coldStart: false, scoreKind: 'dot', reranked: false, items: hits[j]!.items.slice(0, q.k ?? defaults.k) };
  });
  return rest.sort((a, b) => a - b);
}

/**
 * The best `k` by leaned score of one user's `fetch` items found by inner product (ids and scores,
 * best first; `leanedTop`), or `undefined` when they do not prove it.
 */
function leanedList(model: ServingModel, found: { ids: string[]; scores: number[] }, fetch: number, k: number, lean: PopularityLean): { ids: string[]; scores: Float32Array } | undefined {
  const rec = model.recommender;
  const top = leanedTop({ indices: found.ids.map((id) => rec.itemIndex(id)), scores: found.scores }, fetch, Infinity, k, lean);
  return top && { ids: Array.from(top.order, (r) => found.ids[r]!), scores: top.scores };
}

/** The general path: user state read, queries embedded in memory where they need it, one search for the batch. */
async function plannedUserItems(model: ServingModel, queries: readonly UserItemsQueryWithUser[], defaults: RecommendDefaults): Promise<Array<UserItemsResult | ServingError>> {
  const db = storeOf(model);
  const rec = model.recommender;
  const d = model.dim;
  const out: Array<UserItemsResult | ServingError> = new Array(queries.length);
  const histories = await resolveHistories(model, queries);
  const knownIds = [...new Set(queries.filter((q) => rec.userIndex(q.user) >= 0).map((q) => q.user))];
  const states = await db.userStates(knownIds);
  const planned: Planned[] = [];
  const fromHistory: number[] = [];
  const historyRead = new Set<number>();
  const timed: number[] = [];
  const userHistories: Array<RequestHistory | undefined> = queries.map((_, i) => {
    const h = histories[i];
    return h instanceof ServingError ? undefined : h;
  });
  const attributes: Array<RequestAttributes | ServingError | undefined> = queries.map((q) => (q.attributes ? resolveAttributes(model, q.attributes) : undefined));
  const userAttributes = attributes.map((a) => (a instanceof ServingError ? undefined : a));
  const exclusions = (q: UserItemsQueryWithUser, state: StoredUser | undefined, h: RequestHistory | undefined): string[] => {
    const ids: string[] = [];
    if (q.excludeSeen ?? true) {
      if (state) ids.push(...state.seen);
      if (h) ids.push(...h.ids);
    }
    if (q.exclude) ids.push(...q.exclude);
    return ids;
  };
  queries.forEach((q, i) => {
    const h = histories[i];
    if (h instanceof ServingError) return void (out[i] = h);
    const a = attributes[i];
    if (a instanceof ServingError) return void (out[i] = a);
    if (q.rerank && !rec.rerankKind) return void (out[i] = noRankingModel());
    const state = states.get(q.user);
    if (answersColdHistory(model, state !== undefined, h, a)) {
      out[i] = coldHistoryAnswer(model, q, h, exclusions(q, undefined, h), q.k ?? defaults.k, q.timestamp ?? rec.defaultTimestamp(q.user));
      return;
    }
    if (readsHistory(model, h, state !== undefined)) historyRead.add(i);
    if (historyRead.has(i) || readsAttributes(a)) return void fromHistory.push(i);
    if (state === undefined) {
      if (defaults.coldStart === 'not-found') return void (out[i] = unknownUser(q.user));
      return void (out[i] = popularityAnswer(model, q, h, a, exclusions(q, undefined, h), defaults));
    }
    if (q.timestamp !== undefined) return void timed.push(i);
    const head = { user: q.user, timestamp: state.lastTimestamp, coldStart: false, scoreKind: 'dot' as const, ...queryFields(model, h, a, 'user') };
    planned.push({ position: i, vector: state.vector, exclude: exclusions(q, state, h), timestamp: state.lastTimestamp, head, pairVectors: false });
  });
  if (timed.length > 0) {
    const vectors = rec.embedQueries(timed.map((i) => queries[i]!.user), Float64Array.from(timed, (i) => queries[i]!.timestamp!));
    timed.forEach((i, j) => {
      const q = queries[i]!;
      if (!finiteRow(vectors, j, d)) return void (out[i] = badTimestamp(q.timestamp));
      const h = userHistories[i];
      const head = { user: q.user, timestamp: q.timestamp!, coldStart: false, scoreKind: 'dot' as const, ...queryFields(model, h, userAttributes[i], 'user') };
      planned.push({ position: i, vector: vectors.slice(j * d, (j + 1) * d), exclude: exclusions(q, states.get(q.user), h), timestamp: q.timestamp!, head, pairVectors: false });
    });
  }
  if (fromHistory.length > 0) {
    const { vectors, timestamps } = embedHistories(model, queries, fromHistory, userHistories, userAttributes);
    fromHistory.forEach((i, j) => {
      const q = queries[i]!;
      if (!finiteRow(vectors, j, d)) return void (out[i] = badTimestamp(q.timestamp));
      const state = states.get(q.user);
      const h = userHistories[i];
      const kind = embeddedKind(historyRead.has(i), state !== undefined);
      const head = { user: q.user, timestamp: timestamps[j]!, coldStart: state === undefined, scoreKind: kind, ...queryFields(model, h, userAttributes[i], kind === 'dot' ? 'user' : kind) };
      planned.push({ position: i, vector: vectors.slice(j * d, (j + 1) * d), exclude: exclusions(q, state, h), timestamp: timestamps[j]!, head, pairVectors: true });
    });
  }
  if (planned.length === 0) return out;
  // one search for every query of the batch, as deep as the deepest asks
  const depthOf = (p: Planned) => {
    const q = queries[p.position]!;
    const k = q.k ?? defaults.k;
    return q.rerank ? Math.max(k, q.rerankCandidates ?? defaults.rerankCandidates) : k;
  };
  const depth = Math.max(...planned.map(depthOf));
  const vectors = new Float32Array(planned.length * d);
  planned.forEach((p, j) => vectors.set(p.vector, j * d));
  const found = await searchPublishedLeaned(
    model,
    vectors,
    depth,
    planned.map((p) => p.exclude),
    // every planned query is answered by the towers: the popularity lean when it has no timestamp
    planned.map((p) => userQueryLean(model, queries[p.position]!)),
  );
  planned.forEach((p, j) => {
    const q = queries[p.position]!;
    const k = q.k ?? defaults.k;
    const hits = found[j]!;
    if (q.rerank) {
      const keep = hits.items.map((_, r) => r).filter((r) => hits.indices[r]! >= 0).slice(0, depthOf(p));
      const catalogue = { items: keep.map((r) => hits.items[r]!), indices: Int32Array.from(keep, (r) => hits.indices[r]!) };
      const { items, ...reranked } = rerankHits(model, q.user, p.vector, p.timestamp, catalogue, k, p.pairVectors, stageHistory(rec, states.get(q.user), userHistories[p.position]));
      out[p.position] = { ...p.head, ...reranked, items };
    } else {
      out[p.position] = { ...p.head, reranked: false, items: hits.items.slice(0, k) };
    }
  });
  return out;
}
