import { ServingError, unknownUser } from '../errors';
import type { ServingModel } from '../model/serving-model';
import { answerKnownUsers } from './query-vectors';
import type { ItemHit, UserItemsQuery, UserItemsResult } from '../schemas';
import type { RecommendDefaults } from './defaults';

/** 409 answer for `rerank` on a model without a ranking model. */
export function noRankingModel(field = '/rerank'): ServingError {
  return new ServingError(
    409,
    'NO_RANKING_MODEL',
    'rerank was asked for, but the loaded model has no ranking model: send "rerank": false, or serve an artifact trained with a ranking model',
    { field },
  );
}

/** The `k` most popular items outside `exclude` (cold start), scores = training interactions. */
export function popularItems(model: ServingModel, k: number, exclude: ReadonlySet<string>): ItemHit[] {
  const { ids, titles } = model.recommender.catalogue;
  const pop = model.recommender.popularity;
  const out: ItemHit[] = [];
  for (const i of model.popularOrder) {
    if (out.length >= k) break;
    const id = ids[i]!;
    if (exclude.has(id)) continue;
    out.push({ id, title: titles[i]!, score: pop[i]! });
  }
  return out;
}

/**
 * user2item for a batch of queries: each user's query-tower embedding (cached at the default
 * time; computed, in one batched call, for explicit timestamps) against the item index, the
 * user's training items and `exclude` left out, optionally re-ranked by the ranking model over
 * the top `rerankCandidates`. Unknown users get the most popular items with `coldStart: true`
 * (or a 404 when `defaults.coldStart` is `'not-found'`).
 * @returns one result or error per query, in order
 */
export function userItems(model: ServingModel, queries: readonly UserItemsQuery[], defaults: RecommendDefaults): Array<UserItemsResult | ServingError> {
  const rec = model.recommender;
  const out: Array<UserItemsResult | ServingError> = new Array(queries.length);
  const known: number[] = [];
  const users: number[] = [];
  queries.forEach((q, i) => {
    if (q.rerank && !model.ranker) {
      out[i] = noRankingModel();
      return;
    }
    const u = rec.userIndex(q.user);
    if (u >= 0) {
      known.push(i);
      users.push(u);
      return;
    }
    if (defaults.coldStart === 'not-found') {
      out[i] = unknownUser(q.user);
      return;
    }
    out[i] = {
      user: q.user,
      timestamp: q.timestamp ?? rec.defaultTimestamp(q.user),
      coldStart: true,
      scoreKind: 'popularity',
      reranked: false,
      items: popularItems(model, q.k ?? defaults.k, new Set(q.exclude ?? [])),
    };
  });
  const { ids, titles } = rec.catalogue;
  answerKnownUsers(model, queries, known, users, out, (q, u, vector): UserItemsResult => {
    const k = q.k ?? defaults.k;
    const timestamp = q.timestamp ?? rec.users.lastTimestamp[u]!;
    const excluded: string[] = [];
    if (q.excludeSeen ?? true) for (const item of rec.seenItems(u)) excluded.push(ids[item]!);
    if (q.exclude) excluded.push(...q.exclude);
    const depth = q.rerank ? Math.max(k, q.rerankCandidates ?? defaults.rerankCandidates) : k;
    const found = model.itemIndex.search(vector, depth, excluded.length > 0 ? { exclude: [excluded] } : {});
    const n = found.count(0);
    const items: ItemHit[] = new Array(n);
    const idx = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const id = found.table[found.labels[r]!] as string;
      const i = rec.itemIndex(id);
      idx[r] = i;
      items[r] = { id, title: titles[i]!, score: found.scores[r]! };
    }
    let reranked = false;
    let answer = items;
    if (q.rerank && model.ranker && n > 0) {
      const scores = model.ranker.scorePairs(new Array<string>(n).fill(q.user), idx, new Float64Array(n).fill(timestamp));
      for (let r = 0; r < n; r++) items[r]!.rankScore = scores[r]!;
      answer = items.slice().sort((a, b) => b.rankScore! - a.rankScore!);
      reranked = true;
    }
    return { user: q.user, timestamp, coldStart: false, scoreKind: 'dot', reranked, items: answer.slice(0, k) };
  });
  return out;
}
