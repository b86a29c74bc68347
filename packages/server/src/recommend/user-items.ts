import type { PopularityLean, RerankKind } from '@twotower/recommender';
import { ServingError, unknownUser } from '../errors';
import type { ServingModel } from '../model/serving-model';
import { answerKnownUsers } from './query-vectors';
import type { ItemHit, UserItemsQueryWithUser, UserItemsResult } from '../schemas';
import type { RecommendDefaults } from './defaults';
import { answerFromHistories, historyFields, readsHistory, resolveHistory, type RequestHistory } from './request-history';
import { searchItems, type ItemSearch } from './search-items';
import { attributeFields, readsAttributes, resolveAttributes, withNotes, type RequestAttributes } from './query-attributes';
import { itemSegmentField } from './segment-fields';
import { answersColdHistory, coldHistoryAnswer } from './cold-history';

/** 409 answer for `rerank` on a model without a second stage. */
export function noRankingModel(field = '/rerank'): ServingError {
  return new ServingError(
    409,
    'NO_RANKING_MODEL',
    'rerank was asked for, but the loaded model has no second stage (no item-item stage, ranking or engagement model): send "rerank": false, or serve an artifact trained with one',
    { field },
  );
}

/** The `k` most popular items outside `exclude` (cold start), scores = training interactions. Items added after training have none and are not among them. */
export function popularItems(model: ServingModel, k: number, exclude: ReadonlySet<string>): ItemHit[] {
  const { ids, titles } = model.recommender.catalogue;
  const pop = model.recommender.popularity;
  const out: ItemHit[] = [];
  for (const i of model.popularOrder) {
    if (out.length >= k) break;
    const id = ids[i]!;
    if (exclude.has(id)) continue;
    out.push({ id, title: titles[i]!, score: pop[i]!, ...itemSegmentField(model, i) });
  }
  return out;
}

/** The answer to a user the model never saw, given nothing the towers read (`coldStart: 'popularity'`): the most popular items outside `excluded`. */
export function popularityAnswer(model: ServingModel, q: UserItemsQueryWithUser, h: RequestHistory | undefined, a: RequestAttributes | undefined, excluded: readonly string[], defaults: RecommendDefaults): UserItemsResult {
  return {
    user: q.user,
    timestamp: q.timestamp ?? model.recommender.defaultTimestamp(q.user),
    coldStart: true,
    scoreKind: 'popularity',
    reranked: false,
    ...queryFields(model, h, a, 'popularity'),
    items: popularItems(model, q.k ?? defaults.k, new Set(excluded)),
  };
}

/** Item ids a query leaves out: with `excludeSeen` (default true) the user's training items (`user` >= 0) and the history's items; then `exclude`. */
export function excludedIds(model: ServingModel, q: UserItemsQueryWithUser, user: number, history: RequestHistory | undefined): string[] {
  const ids = model.recommender.catalogue.ids;
  const out: string[] = [];
  if (q.excludeSeen ?? true) {
    if (user >= 0) for (const item of model.recommender.seenItems(user)) out.push(ids[item]!);
    if (history) out.push(...history.ids);
  }
  if (q.exclude) out.push(...q.exclude);
  return out;
}

/**
 * The popularity lean of a user-items query the towers answer (`Recommender.popularityLean`): the
 * model's, when the query has no `timestamp` (towers trained with time dropout then read no time)
 * and its list is the towers' own; none for a query with a time, for the candidates of a
 * re-ranked list (`rerank` on a model with a second stage: the trainer measured the two-stage
 * list, and chose its blend, on the dot products alone), or on a model without a lean.
 */
export function userQueryLean(model: ServingModel, q: { timestamp?: number; rerank?: boolean }): PopularityLean | undefined {
  if (q.timestamp !== undefined || (q.rerank && model.recommender.rerankKind)) return undefined;
  return model.recommender.popularityLean;
}

/**
 * The items of one query for its query vector `[dim]`: a search over the items the model serves
 * (`searchItems`: its index and the items added after training), or, with `rerank`, over its
 * catalogue's top `rerankCandidates` re-ordered by the model's second stage (`Recommender.rerank`,
 * which has no inputs for added items, reads the retrieval scores). The towers' own list adds the
 * query's popularity lean ({@link userQueryLean}); re-ranking's candidates and scores do not.
 * `pairVectors`: hand the ranker this query vector (a query embedded from a history the ranker
 * would not know).
 */
function rankedItems(model: ServingModel, q: UserItemsQueryWithUser, vector: Float32Array, timestamp: number, excluded: string[], defaults: RecommendDefaults, pairVectors: boolean, history: RequestHistory | undefined): Reranked {
  const k = q.k ?? defaults.k;
  const lean = userQueryLean(model, q);
  if (!(q.rerank && model.recommender.rerankKind)) return { items: searchItems(model, vector, k, excluded, { lean }).items, reranked: false };
  const depth = Math.max(k, q.rerankCandidates ?? defaults.rerankCandidates);
  // the item-item stage reads the user's training items (its default) and the request's history
  const rec = model.recommender;
  const u = rec.userIndex(q.user);
  const items = rec.itemItem && history && history.items.length > 0 ? [...(u >= 0 ? rec.seenItems(u) : []), ...history.items] : undefined;
  return rerankHits(model, q.user, vector, timestamp, searchItems(model, vector, depth, excluded, { added: false }), k, pairVectors, items);
}

/** Items of one query, and whether (and by what) a second stage re-ordered them. */
export interface Reranked {
  items: ItemHit[];
  reranked: boolean;
  rerankedBy?: RerankKind;
}

/**
 * Re-orders the candidates `found` of one query (catalogue items only: the second stage has no
 * inputs for added items) by the model's second stage (`Recommender.rerank`: its item-item stage
 * over `history`, or its ranker at `timestamp`), keeping the best `k`; each hit gets its
 * `rankScore`. `pairVectors`: hand a ranker the query vector `[dim]` (a query embedded from a
 * history the ranker would not know). `history`: catalogue indices of the items the item-item
 * stage reads (default: the user's training items). The model must have a second stage.
 */
export function rerankHits(model: ServingModel, user: string, vector: Float32Array, timestamp: number, found: ItemSearch, k: number, pairVectors: boolean, history?: ArrayLike<number>): Reranked {
  const { items, indices } = found;
  const n = items.length;
  if (n === 0) return { items, reranked: false };
  const rec = model.recommender;
  const d = model.dim;
  const vectors = pairVectors ? { query: new Float32Array(n * d), item: new Float32Array(n * d) } : undefined;
  if (vectors) {
    for (let r = 0; r < n; r++) {
      vectors.query.set(vector, r * d);
      vectors.item.set(model.itemVector(indices[r]!), r * d);
    }
  }
  const retrieval = Float32Array.from(items, (hit) => hit.score);
  const { scores, by } = rec.rerank(user, indices, retrieval, { timestamp, ...(history ? { history } : {}), vectors });
  for (let r = 0; r < n; r++) items[r]!.rankScore = scores[r]!;
  return { items: items.slice().sort((a, b) => b.rankScore! - a.rankScore!).slice(0, k), reranked: true, rerankedBy: by };
}

/**
 * user2item for a batch of queries: each user's query-tower embedding (cached at the default
 * time; computed, in one batched call, for explicit timestamps) against the items the model
 * serves, the user's training items and `exclude` left out, optionally re-ranked by the ranking
 * model over the top `rerankCandidates`. Unknown users get the most popular items with
 * `coldStart: true` (or a 404 when `defaults.coldStart` is `'not-found'`). A query the towers
 * answer without a `timestamp` (a known user at their default time, or a query embedded from its
 * history or attributes) scores each catalogue item with the model's popularity lean added
 * ({@link userQueryLean}) unless it is re-ranked; the popularity and item-item (cold history) answers do not.
 *
 * A query with a `history` (item ids; an unknown id is a 400 naming it): when the model's query
 * tower reads a history, the query is embedded from it (in one batched call for the batch's
 * queries) — for a user the model never saw (`coldStart: true`, `scoreKind: 'history'`) as for a
 * known one, whose training items it replaces (`coldStart: false`, `scoreKind: 'history'`); when
 * it does not, or an unknown user's history has no catalogue item, the answer is what it would be
 * without it (popularity cold start, or the known user's own embedding) with `historyUsed: 0` and a
 * `note` saying why. Either way the history's items are left out of the answer (unless
 * `excludeSeen: false`), and `historyUsed` says how many of them the tower read.
 *
 * A query with `attributes` (values by user column) that the query tower reads is embedded too,
 * the values in place of the user file's (with its history, if any, else the known user's training
 * items): a user the model never saw gets `coldStart: true` and `scoreKind: 'attributes'` (or
 * `'history'` when a history was read too); `attributesUsed` names what was read, the `note` what
 * was not and why. A value of the wrong kind is a 400 naming `/attributes/<name>`.
 * @returns one result or error per query, in order
 */
export function userItems(model: ServingModel, queries: readonly UserItemsQueryWithUser[], defaults: RecommendDefaults): Array<UserItemsResult | ServingError> {
  const rec = model.recommender;
  const out: Array<UserItemsResult | ServingError> = new Array(queries.length);
  const histories: Array<RequestHistory | undefined> = new Array(queries.length);
  const known: number[] = [];
  const users: number[] = [];
  const attributes: Array<RequestAttributes | undefined> = new Array(queries.length);
  const fromHistory: number[] = [];
  const historyRead = new Set<number>();
  queries.forEach((q, i) => {
    if (q.rerank && !rec.rerankKind) {
      out[i] = noRankingModel();
      return;
    }
    const h = q.history ? resolveHistory(model, q.history) : undefined;
    if (h instanceof ServingError) return void (out[i] = h);
    const a = q.attributes ? resolveAttributes(model, q.attributes) : undefined;
    if (a instanceof ServingError) return void (out[i] = a);
    histories[i] = h;
    attributes[i] = a;
    const u = rec.userIndex(q.user);
    if (answersColdHistory(model, u >= 0, h, a)) {
      out[i] = coldHistoryAnswer(model, q, h, excludedIds(model, q, -1, h), q.k ?? defaults.k, q.timestamp ?? rec.defaultTimestamp(q.user));
      return;
    }
    if (readsHistory(model, h, u >= 0)) historyRead.add(i);
    if (historyRead.has(i) || readsAttributes(a)) {
      fromHistory.push(i);
      return;
    }
    if (u >= 0) {
      known.push(i);
      users.push(u);
      return;
    }
    if (defaults.coldStart === 'not-found') {
      out[i] = unknownUser(q.user);
      return;
    }
    out[i] = popularityAnswer(model, q, h, a, excludedIds(model, q, -1, h), defaults);
  });
  answerKnownUsers(model, queries, known, users, out, (q, u, vector, qi): UserItemsResult => {
    const timestamp = q.timestamp ?? rec.users.lastTimestamp[u]!;
    const h = histories[qi];
    const { items, ...reranked } = rankedItems(model, q, vector, timestamp, excludedIds(model, q, u, h), defaults, false, h);
    return { user: q.user, timestamp, coldStart: false, scoreKind: 'dot', ...reranked, ...queryFields(model, h, attributes[qi], 'user'), items };
  });
  answerFromHistories(
    model,
    queries,
    fromHistory,
    histories,
    out,
    (q, vector, timestamp, qi): UserItemsResult => {
      const u = rec.userIndex(q.user);
      const h = histories[qi];
      const { items, ...reranked } = rankedItems(model, q, vector, timestamp, excludedIds(model, q, u, h), defaults, true, h);
      const kind = embeddedKind(historyRead.has(qi), u >= 0);
      return { user: q.user, timestamp, coldStart: u < 0, scoreKind: kind, ...reranked, ...queryFields(model, h, attributes[qi], kind === 'dot' ? 'user' : kind), items };
    },
    attributes,
  );
  return out;
}

/** The score kind of a query the query tower embedded from what it was given: its history when read, else (attributes only) the known user's own (`dot`) or a new user's `attributes`. */
export function embeddedKind(historyRead: boolean, knownUser: boolean): 'history' | 'dot' | 'attributes' {
  if (historyRead) return 'history';
  return knownUser ? 'dot' : 'attributes';
}

/**
 * The answer's fields about what the query gave beside its user (see `historyFields` and
 * `attributeFields`): `historyUsed`, `attributesUsed` and one `note`. `answeredWith`: how it was
 * answered (from the history read, the user's own embedding, the attributes alone, or popularity).
 */
export function queryFields(model: ServingModel, h: RequestHistory | undefined, a: RequestAttributes | undefined, answeredWith: 'history' | 'user' | 'popularity' | 'attributes'): { historyUsed?: number; attributesUsed?: string[]; note?: string } {
  const historyPart = h ? historyFields(model, h, answeredWith) : {};
  return a ? withNotes(historyPart, attributeFields(a, answeredWith !== 'popularity')) : historyPart;
}
