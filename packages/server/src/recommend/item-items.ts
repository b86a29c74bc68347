import { unknownItems, type ServingError } from '../errors';
import { findItem } from '../model/served-items';
import type { ServingModel } from '../model/serving-model';
import type { ItemItemsResult, ItemQuery } from '../schemas';
import type { RecommendDefaults } from './defaults';
import { searchItems } from './search-items';

/**
 * item2item for a batch of queries: each item's candidate-tower embedding against the items the
 * model serves (its item index and the items added after training, see `searchItems`), the item
 * itself and `exclude` left out. An added item can be the query too. Unknown items: 404.
 * @returns one result or error per query, in order
 */
export function itemItems(model: ServingModel, queries: readonly ItemQuery[], defaults: RecommendDefaults): Array<ItemItemsResult | ServingError> {
  return queries.map((q) => {
    const item = findItem(model, q.item);
    if (item === undefined) return unknownItems([q.item]);
    const excluded = q.exclude ? [q.item, ...q.exclude] : [q.item];
    const { items } = searchItems(model, item.vector, q.k ?? defaults.k, excluded);
    return { item: q.item, title: item.title, items };
  });
}
