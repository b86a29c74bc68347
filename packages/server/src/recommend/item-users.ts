import { unknownItems, type ServingError } from '../errors';
import { findItem } from '../model/served-items';
import type { ServingModel } from '../model/serving-model';
import type { ItemUsersQuery, ItemUsersResult } from '../schemas';
import type { RecommendDefaults } from './defaults';
import { skippedUsers, userHits } from './user-users';
import { DEFAULT_USER_ROWS, userIndexFor } from './user-rows';
import { itemSegmentField } from './segment-fields';

/**
 * item2user for a batch of queries: each item's candidate embedding (an item of the catalogue, or
 * one added after training) against the user rows the query asks for (`rows`, see `UserRows`): by
 * default one row per known user (the users whose default-time query vector scores highest with
 * the item), or with `rows: 'interactions'` the per-interaction query embeddings, a user scored by
 * their best row. One result per user; `exclude` users (and, with `excludeSeen`, the item's
 * training users: an added item has none) left out. Unknown items: 404.
 * @returns one result or error per query, in order
 */
export function itemUsers(model: ServingModel, queries: readonly ItemUsersQuery[], defaults: RecommendDefaults): Array<ItemUsersResult | ServingError> {
  const { offsets, users } = model.itemUsers;
  return queries.map((q) => {
    const item = findItem(model, q.item);
    if (item === undefined) return unknownItems([q.item]);
    const i = item.index;
    const seen = q.excludeSeen && i >= 0 ? users.subarray(offsets[i]!, offsets[i + 1]!) : [];
    const skip = skippedUsers(model, q.exclude, seen);
    const rows = q.rows ?? DEFAULT_USER_ROWS;
    const found = userIndexFor(model, rows).search(item.vector, q.k ?? defaults.k, skip.size > 0 ? skip : undefined);
    return { item: q.item, title: item.title, ...itemSegmentField(model, i), rows, users: userHits(model, found) };
  });
}
