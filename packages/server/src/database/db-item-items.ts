import { notInEmbeddingSet, unknownEmbeddingSet, unknownItems, type ServingError } from '../errors';
import type { ServingModel } from '../model/serving-model';
import type { RecommendDefaults } from '../recommend/defaults';
import { CANDIDATES, itemSegmentField } from '../recommend/segment-fields';
import type { ItemHit, ItemItemsResult, ItemQuery } from '../schemas';
import { findPublishedItems, searchPublishedItems, storeOf } from './db-search';

/** Sets item-items answers from in a database-served model: `candidates`, then the published sets of items. */
export function publishedItemSets(model: ServingModel): string[] {
  return [CANDIDATES, ...[...storeOf(model).sets.values()].filter((s) => s.of === 'items').map((s) => s.name)];
}

/** One query answered from the published named set of items `name` (cosine), or the error. */
async function fromPublishedSet(model: ServingModel, q: ItemQuery, name: string, k: number): Promise<ItemItemsResult | ServingError> {
  const db = storeOf(model);
  const rec = model.recommender;
  const set = db.sets.get(name);
  if (set === undefined || set.of !== 'items') return unknownEmbeddingSet(name, 'item-items', publishedItemSets(model), set ? `is a set of ${set.of}, not of items` : undefined);
  const i = rec.itemIndex(q.item);
  if (i < 0) {
    const added = await db.addedItems([q.item]);
    return added.has(q.item) ? notInEmbeddingSet('item', q.item, name, set.rows, rec.numItems) : unknownItems([q.item]);
  }
  const [vector] = await db.run(() => set.index.vectors([q.item]));
  if (vector === undefined) return notInEmbeddingSet('item', q.item, name, set.rows, rec.numItems);
  const found = await db.run(() => set.index.search(vector, k, { exclude: [q.exclude ? [q.item, ...q.exclude] : [q.item]] }));
  const items: ItemHit[] = (found.ids(0) as string[]).map((id, r) => {
    const j = rec.itemIndex(id);
    return { id, title: rec.catalogue.titles[j] ?? id, score: found.scores[r]!, ...itemSegmentField(model, j, name) };
  });
  return { item: q.item, title: rec.catalogue.titles[i]!, ...itemSegmentField(model, i, name), embeddings: name, items };
}

/**
 * item2item for a model served from a database: the answers of the in-memory `itemItems`, each
 * item's candidate embedding (a catalogue item's from the model, an added item's from the
 * database) searched over the published items in one pgvector statement for the batch; with
 * `embeddings` naming a published set of items, over that set's table.
 * @returns one result or error per query, in order
 */
export async function dbItemItems(model: ServingModel, queries: readonly ItemQuery[], defaults: RecommendDefaults): Promise<Array<ItemItemsResult | ServingError>> {
  const db = storeOf(model);
  const out: Array<ItemItemsResult | ServingError> = new Array(queries.length);
  const named: number[] = [];
  const plain: number[] = [];
  queries.forEach((q, i) => {
    const name = q.embeddings ?? CANDIDATES;
    if (name === CANDIDATES) plain.push(i);
    else if (!db.sets.has(name)) out[i] = unknownEmbeddingSet(name, 'item-items', publishedItemSets(model));
    else named.push(i);
  });
  for (const i of named) out[i] = await fromPublishedSet(model, queries[i]!, queries[i]!.embeddings!, queries[i]!.k ?? defaults.k);
  const items = await findPublishedItems(model, plain.map((i) => queries[i]!.item));
  const ready = plain.filter((i) => {
    if (items.has(queries[i]!.item)) return true;
    out[i] = unknownItems([queries[i]!.item]);
    return false;
  });
  if (ready.length === 0) return out;
  const d = model.dim;
  const vectors = new Float32Array(ready.length * d);
  ready.forEach((i, j) => vectors.set(items.get(queries[i]!.item)!.vector, j * d));
  const depth = Math.max(...ready.map((i) => queries[i]!.k ?? defaults.k));
  const found = await searchPublishedItems(model, vectors, depth, ready.map((i) => [queries[i]!.item, ...(queries[i]!.exclude ?? [])]));
  ready.forEach((i, j) => {
    const q = queries[i]!;
    const item = items.get(q.item)!;
    out[i] = { item: q.item, title: item.title, ...itemSegmentField(model, item.index), embeddings: CANDIDATES, items: found[j]!.items.slice(0, q.k ?? defaults.k) };
  });
  return out;
}
