import { unknownItems, type ServingError } from '../errors';
import type { ServingModel } from '../model/serving-model';
import type { ItemHit, ItemItemsResult, ItemQuery } from '../schemas';
import type { RecommendDefaults } from './defaults';

/**
 * item2item for a batch of queries: each item's candidate-tower embedding against the item
 * index, the item itself and `exclude` left out. Unknown items: 404.
 * @returns one result or error per query, in order
 */
export function itemItems(model: ServingModel, queries: readonly ItemQuery[], defaults: RecommendDefaults): Array<ItemItemsResult | ServingError> {
  const rec = model.recommender;
  const { titles } = rec.catalogue;
  return queries.map((q) => {
    const i = rec.itemIndex(q.item);
    if (i < 0) return unknownItems([q.item]);
    const excluded = q.exclude ? [q.item, ...q.exclude] : [q.item];
    const found = model.itemIndex.search(model.itemVector(i), q.k ?? defaults.k, { exclude: [excluded] });
    const n = found.count(0);
    const items: ItemHit[] = new Array(n);
    for (let r = 0; r < n; r++) {
      const id = found.table[found.labels[r]!] as string;
      items[r] = { id, title: titles[rec.itemIndex(id)]!, score: found.scores[r]! };
    }
    return { item: q.item, title: titles[i]!, items };
  });
}
