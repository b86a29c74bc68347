import { ServingError, unknownItems, unknownUser } from '../errors';
import type { ServingModel } from '../model/serving-model';
import { answerKnownUsers } from './query-vectors';
import type { ItemHit, RankQuery, RankResult } from '../schemas';
import type { RecommendDefaults } from './defaults';
import { itemSegmentField } from './segment-fields';

/**
 * 404 for rank items that were added after training (`POST /admin/items`): rank scores the
 * catalogue the model was trained with (the ranking model has no inputs for added items, nor
 * popularity a count).
 */
export function addedItemsNotRanked(items: string[], field = '/items'): ServingError {
  const list = items.slice(0, 10).map((i) => JSON.stringify(i)).join(', ') + (items.length > 10 ? `, ... (${items.length} in all)` : '');
  return new ServingError(
    404,
    'UNKNOWN_ITEM',
    `${items.length > 1 ? 'items' : 'item'} ${list} ${items.length > 1 ? 'were' : 'was'} added after training (POST /admin/items): rank scores only the catalogue the model was trained with; user-items, item-items and item-users return added items, or retrain with them`,
    { field, ids: items },
  );
}

/**
 * Scores given items for a user: the two-tower score (dot product) of each, the ranker's score
 * when the artifact has one (`rankScore`: engagement × liked, or the ranking models' prediction)
 * and, with `liked: true`, the ranking models' own answer to "will the user like it?" (`liked`); items sorted best
 * first (by `rankScore` when present).
 * Unknown items: 404 naming all of them (items added after training too: see {@link addedItemsNotRanked}). Unknown user: popularity scores with `coldStart: true`
 * (or 404 when `defaults.coldStart` is `'not-found'`). Known users' query vectors come from one
 * batched call.
 * @returns one result or error per query, in order
 */
export function rank(model: ServingModel, queries: readonly RankQuery[], defaults: RecommendDefaults): Array<RankResult | ServingError> {
  const rec = model.recommender;
  const { titles } = rec.catalogue;
  const d = model.dim;
  const ranker = model.ranker;
  const out: Array<RankResult | ServingError> = new Array(queries.length);
  const itemIndices: Int32Array[] = new Array(queries.length);
  const known: number[] = [];
  const users: number[] = [];
  queries.forEach((q, qi) => {
    const idx = new Int32Array(q.items.length);
    const missing: string[] = [];
    const added: string[] = [];
    q.items.forEach((id, r) => {
      const i = rec.itemIndex(id);
      if (i < 0) (model.added.row(id) >= 0 ? added : missing).push(id);
      idx[r] = i;
    });
    itemIndices[qi] = idx;
    const u = rec.userIndex(q.user);
    if (missing.length > 0) out[qi] = unknownItems(missing, '/items');
    else if (added.length > 0) out[qi] = addedItemsNotRanked(added);
    else if (u >= 0) {
      known.push(qi);
      users.push(u);
    } else if (defaults.coldStart === 'not-found') out[qi] = unknownUser(q.user);
    else {
      const items: ItemHit[] = q.items.map((id, r) => ({ id, title: titles[idx[r]!]!, score: rec.popularity[idx[r]!]!, ...itemSegmentField(model, idx[r]!) }));
      items.sort((a, b) => b.score - a.score);
      out[qi] = { user: q.user, timestamp: q.timestamp ?? rec.defaultTimestamp(q.user), coldStart: true, scoreKind: 'popularity', rankKind: null, likedKind: null, items };
    }
  });
  answerKnownUsers(model, queries, known, users, out, (q, u, v, qi): RankResult => {
    const idx = itemIndices[qi]!;
    const timestamp = q.timestamp ?? rec.users.lastTimestamp[u]!;
    const items: ItemHit[] = q.items.map((id, r) => {
      const o = idx[r]! * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += v[j]! * model.itemVectors[o + j]!;
      return { id, title: titles[idx[r]!]!, score: s, ...itemSegmentField(model, idx[r]!) };
    });
    const pairUsers = new Array<string>(items.length).fill(q.user);
    const times = new Float64Array(items.length).fill(timestamp);
    if (ranker && items.length > 0) {
      const scores = ranker.scorePairs(pairUsers, idx, times);
      const liked = q.liked && ranker.liked ? (ranker.liked.sameAsScorePairs ? scores : ranker.liked.score(pairUsers, idx, times)) : undefined;
      items.forEach((h, r) => {
        if (liked) h.liked = liked[r]!;
        h.rankScore = scores[r]!;
      });
      items.sort((a, b) => b.rankScore! - a.rankScore!);
    } else {
      items.sort((a, b) => b.score - a.score);
    }
    return { user: q.user, timestamp, coldStart: false, scoreKind: 'dot', rankKind: ranker ? ranker.kind : null, likedKind: (q.liked && ranker?.liked?.kind) || null, items };
  });
  return out;
}
