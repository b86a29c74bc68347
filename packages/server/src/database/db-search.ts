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
  const n = queries.length / model.dim;
  if (n === 0) return [];
  const found = await db.run(() => db.items.search(queries, k, { exclude: exclude.map((e) => (e.length > 0 ? e : undefined)) }));
  return publishedHits(
    model,
    Array.from({ length: n }, (_, q) => ({ ids: found.ids(q) as string[], scores: found.scoresOf(q) })),
    options,
  );
}

/**
 * Answers for ids found in the published items, best first: catalogue items with their title and
 * `segment` from the model (index ≥ 0), items added since publishing with their title from the
 * database (index −1; read in one statement for every list, or dropped with `catalogueOnly`).
 */
export async function publishedHits(model: ServingModel, lists: ReadonlyArray<{ ids: readonly string[]; scores: ArrayLike<number> }>, options: { catalogueOnly?: boolean } = {}): Promise<ItemSearch[]> {
  const rec = model.recommender;
  const others: string[] = [];
  if (!options.catalogueOnly) for (const l of lists) for (const id of l.ids) if (rec.itemIndex(id) < 0) others.push(id);
  const added = others.length > 0 ? await storeOf(model).addedItems(others) : new Map();
  return lists.map(({ ids, scores }) => {
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
    return { items, indices: Int32Array.from(indices) };
  });
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
