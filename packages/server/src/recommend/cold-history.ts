import type { ServingModel } from '../model/serving-model';
import type { ItemHit, UserItemsQueryWithUser, UserItemsResult } from '../schemas';
import { readsAttributes, type RequestAttributes } from './query-attributes';
import { addedItemsNote, type RequestHistory } from './request-history';
import { itemSegmentField } from './segment-fields';

/** Why `rerank: true` does not re-order the answer from a history alone. */
const RERANK_NOTE = 'rerank: not applied, an answer from a history alone is already ordered by the item-item stage';

/**
 * Whether a user-items query is answered by the item-item stage from its history alone: a user the
 * model never saw, a history with catalogue items, no attributes the query tower reads, and a
 * model whose trainer chose that answer for such users (the stage's `coldHistory`).
 */
export function answersColdHistory(model: ServingModel, knownUser: boolean, h: RequestHistory | undefined, a: RequestAttributes | undefined): h is RequestHistory {
  return !knownUser && h !== undefined && h.items.length > 0 && !readsAttributes(a) && model.recommender.itemItem?.info.coldHistory !== undefined;
}

/**
 * The answer for such a query ({@link answersColdHistory}): the most popular items re-ordered by
 * the item-item score of the history (`ItemItemReranker.answerColdHistory`), `scoreKind: 'item-item'`,
 * `score` the blend; the `exclude` ids left out. `historyUsed` counts every catalogue item of the
 * history (the stage has no history length). The note names items added after training, and
 * says why `rerank: true` left the order as it is (this answer is already the item-item stage's).
 */
export function coldHistoryAnswer(model: ServingModel, q: UserItemsQueryWithUser, h: RequestHistory, exclude: readonly string[], k: number, timestamp: number): UserItemsResult {
  const rec = model.recommender;
  const { ids, titles } = rec.catalogue;
  const left = exclude.map((id) => rec.itemIndex(id)).filter((j) => j >= 0 && j < rec.numItems);
  const found = rec.itemItem!.answerColdHistory(rec.popularity, h.items, k, left)!;
  const items: ItemHit[] = Array.from(found.items, (j, r) => ({ id: ids[j]!, title: titles[j]!, score: found.scores[r]!, ...itemSegmentField(model, j) }));
  const notes = [...(h.added.length > 0 ? [addedItemsNote(h, 'the item-item weights have')] : []), ...(q.rerank ? [RERANK_NOTE] : [])];
  return { user: q.user, timestamp, coldStart: true, scoreKind: 'item-item', reranked: false, historyUsed: h.items.length, ...(notes.length > 0 ? { note: notes.join('; ') } : {}), items };
}

