import type { Recommender } from '@twotower/recommender';
import type { ServingModel } from '../model/serving-model';
import type { ItemHit, UserItemsQueryWithUser, UserItemsResult } from '../schemas';
import { readsAttributes, type RequestAttributes } from './query-attributes';
import type { RequestHistory } from './request-history';
import { itemSegmentField } from './segment-fields';

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
 * the item-item score of the history (`Recommender.answerColdHistory`), `scoreKind: 'item-item'`,
 * `score` the blend; the `exclude` ids left out. `historyUsed` counts every catalogue item of the
 * history (the stage has no history length); items added after training are named in the note.
 */
export function coldHistoryAnswer(model: ServingModel, q: UserItemsQueryWithUser, h: RequestHistory, exclude: readonly string[], k: number, timestamp: number): UserItemsResult {
  const rec = model.recommender;
  const { ids, titles } = rec.catalogue;
  const left = exclude.map((id) => rec.itemIndex(id)).filter((j) => j >= 0 && j < rec.numItems);
  const found = rec.answerColdHistory(h.items, k, left)!;
  const items: ItemHit[] = Array.from(found.items, (j, r) => ({ id: ids[j]!, title: titles[j]!, score: found.scores[r]!, ...itemSegmentField(model, j) }));
  const added = h.added.length > 0 ? { note: `${h.added.length} of the history's items were added after training (${h.added.slice(0, 3).map((id) => JSON.stringify(id)).join(', ')}${h.added.length > 3 ? ', ...' : ''}): the item-item weights have no row for them, so they were not read` } : {};
  return { user: q.user, timestamp, coldStart: true, scoreKind: 'item-item', reranked: false, historyUsed: h.items.length, ...added, items };
}

/** What answers a user the model never saw from a history alone (`GET /v1/model`'s `summary.coldHistory`): the item-item stage, the query tower, or nothing (null: neither reads a history). */
export function coldHistoryKind(rec: Recommender): 'item-item' | 'towers' | null {
  if (rec.itemItem?.info.coldHistory) return 'item-item';
  return rec.historyLength > 0 ? 'towers' : null;
}
