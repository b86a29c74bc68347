import { unknownItems, type ServingError } from '../errors';
import type { ServingModel } from '../model/serving-model';
import type { ItemUsersQuery, ItemUsersResult } from '../schemas';
import type { RecommendDefaults } from './defaults';
import { skippedUsers, userHits } from './user-users';

/**
 * item2user for a batch of queries: each item's candidate embedding against the index of query
 * embeddings, one result per user; `exclude` users (and, with `excludeSeen`, the item's training
 * users) left out. Unknown items: 404.
 * @returns one result or error per query, in order
 */
export function itemUsers(model: ServingModel, queries: readonly ItemUsersQuery[], defaults: RecommendDefaults): Array<ItemUsersResult | ServingError> {
  const rec = model.recommender;
  const { titles } = rec.catalogue;
  const { offsets, users } = model.itemUsers;
  return queries.map((q) => {
    const i = rec.itemIndex(q.item);
    if (i < 0) return unknownItems([q.item]);
    const seen = q.excludeSeen ? users.subarray(offsets[i]!, offsets[i + 1]!) : [];
    const skip = skippedUsers(model, q.exclude, seen);
    const found = model.userIndex.search(model.itemVector(i), q.k ?? defaults.k, skip.size > 0 ? skip : undefined);
    return { item: q.item, title: titles[i]!, users: userHits(model, found) };
  });
}
