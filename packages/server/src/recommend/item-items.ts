import { notInEmbeddingSet, unknownEmbeddingSet, unknownItems, type ServingError } from '../errors';
import { namedVector } from '../model/named-sets';
import { findItem, type ServedItem } from '../model/served-items';
import type { ServingModel } from '../model/serving-model';
import type { ItemHit, ItemItemsResult, ItemQuery } from '../schemas';
import type { RecommendDefaults } from './defaults';
import { searchItems } from './search-items';
import { CANDIDATES, itemSegmentField } from './segment-fields';

/** Sets item-items answers from: `candidates` first, then the named sets of items. */
export function itemSetNames(model: ServingModel): string[] {
  return [CANDIDATES, ...[...model.namedSets.values()].filter((s) => s.of === 'items').map((s) => s.name)];
}

/** One item-items query answered from the named set of items `name` (cosine), the item itself and `exclude` left out. */
function fromNamedSet(model: ServingModel, q: ItemQuery, item: ServedItem, name: string, k: number): ItemItemsResult | ServingError {
  const set = model.namedSets.get(name);
  if (set === undefined || set.of !== 'items') {
    return unknownEmbeddingSet(name, 'item-items', itemSetNames(model), set ? `is a set of ${set.of}, not of items` : undefined);
  }
  const vector = namedVector(set, item.index);
  if (vector === undefined) return notInEmbeddingSet('item', q.item, name, set.covered, model.recommender.numItems);
  const excluded = q.exclude ? [q.item, ...q.exclude] : [q.item];
  const found = set.index.search(vector, k, { exclude: [excluded] });
  const rec = model.recommender;
  const n = found.count(0);
  const items: ItemHit[] = new Array(n);
  for (let r = 0; r < n; r++) {
    const id = found.table[found.labels[r]!] as string;
    const i = rec.itemIndex(id);
    items[r] = { id, title: rec.catalogue.titles[i]!, score: found.scores[r]!, ...itemSegmentField(model, i, name) };
  }
  return { item: q.item, title: item.title, ...itemSegmentField(model, item.index, name), embeddings: name, items };
}

/**
 * item2item for a batch of queries. By default (`embeddings` absent or `'candidates'`): each
 * item's candidate-tower embedding against the items the model serves (its item index and the
 * items added after training, see `searchItems`, dot product). With `embeddings` naming a set of
 * items (`item2vec`, `deepwalk`, `text`, ...): the item's vector in that set against the set's
 * cosine index (only the items the set has a vector for). The item itself and `exclude` are left
 * out; each answer says which set answered (`embeddings`) and, when that set has a segmentation,
 * each item's `segment` in it. Unknown items: 404; an item without a vector in the set: 404 saying
 * so; an unknown set: 400 listing the sets.
 * @returns one result or error per query, in order
 */
export function itemItems(model: ServingModel, queries: readonly ItemQuery[], defaults: RecommendDefaults): Array<ItemItemsResult | ServingError> {
  return queries.map((q) => {
    const name = q.embeddings ?? CANDIDATES;
    if (name !== CANDIDATES && !model.namedSets.has(name)) return unknownEmbeddingSet(name, 'item-items', itemSetNames(model));
    const item = findItem(model, q.item);
    if (item === undefined) return unknownItems([q.item]);
    const k = q.k ?? defaults.k;
    if (name !== CANDIDATES) return fromNamedSet(model, q, item, name, k);
    const excluded = q.exclude ? [q.item, ...q.exclude] : [q.item];
    const { items } = searchItems(model, item.vector, k, excluded);
    return { item: q.item, title: item.title, ...itemSegmentField(model, item.index), embeddings: CANDIDATES, items };
  });
}
