import { ServingError } from '../errors';
import type { ServingModel } from '../model/serving-model';
import type { ServedItem } from '../model/served-items';
import type { ItemSearch } from '../recommend/search-items';
import { itemSegmentField } from '../recommend/segment-fields';
import type { ItemHit } from '../schemas';
import type { DatabaseStore } from './database-store';

/** The database a model is served from; throws when it is served from memory (a routing bug). */
export function storeOf(model: ServingModel): DatabaseStore {
  if (model.database === undefined) throw new Error('a database endpoint was called for a model served from memory');
  return model.database;
}

/**
 * The `k` best items (inner product) for each of `n` queries `[n × dim]` in the published item
 * table — the catalogue and every item added since publishing, by any replica — in one statement,
 * each query's `exclude` ids left out in SQL. Catalogue items carry their title and `segment`
 * from the model; added items their title from the database.
 * @param options.catalogueOnly drop added items from the answers (re-ranking: the ranking model has no inputs for them)
 */
export async function searchPublishedItems(model: ServingModel, queries: Float32Array, k: number, exclude: ReadonlyArray<readonly string[]>, options: { catalogueOnly?: boolean } = {}): Promise<ItemSearch[]> {
  const db = storeOf(model);
  const rec = model.recommender;
  const n = queries.length / model.dim;
  if (n === 0) return [];
  const found = await db.run(() => db.items.search(queries, k, { exclude: exclude.map((e) => (e.length > 0 ? e : undefined)) }));
  const others: string[] = [];
  for (let q = 0; q < n; q++) for (const id of found.ids(q)) if (rec.itemIndex(id as string) < 0) others.push(id as string);
  const added = others.length > 0 ? await db.addedItems(others) : new Map();
  const out: ItemSearch[] = [];
  for (let q = 0; q < n; q++) {
    const ids = found.ids(q) as string[];
    const scores = found.scoresOf(q);
    const items: ItemHit[] = [];
    const indices: number[] = [];
    ids.forEach((id, r) => {
      const i = rec.itemIndex(id);
      if (i >= 0) {
        items.push({ id, title: rec.catalogue.titles[i]!, score: scores[r]!, ...itemSegmentField(model, i) });
        indices.push(i);
      } else if (!options.catalogueOnly) {
        items.push({ id, title: added.get(id)?.title ?? id, score: scores[r]! });
        indices.push(-1);
      }
    });
    out.push({ items, indices: Int32Array.from(indices) });
  }
  return out;
}

/**
 * The items `ids` as the model serves them from the database: catalogue items from the model (its
 * embeddings are the published ones), items added since publishing from the database; absent when
 * neither has it.
 */
export async function findPublishedItems(model: ServingModel, ids: readonly string[]): Promise<Map<string, ServedItem>> {
  const rec = model.recommender;
  const out = new Map<string, ServedItem>();
  const others: string[] = [];
  for (const id of ids) {
    const i = rec.itemIndex(id);
    if (i >= 0) out.set(id, { id, title: rec.catalogue.titles[i]!, vector: model.itemVector(i), index: i });
    else others.push(id);
  }
  if (others.length > 0) {
    for (const [id, item] of await storeOf(model).addedItems(others)) out.set(id, { id, title: item.title, vector: item.vector, index: -1 });
  }
  return out;
}

/** 400 for a request option a model served from a database does not offer, saying why. */
export function notFromDatabase(field: string, why: string): ServingError {
  return new ServingError(400, 'BAD_REQUEST', `${field.slice(1)} is not available when the model is served from a database: ${why}`, { field });
}
