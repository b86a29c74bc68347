import { embedNewItems, NewItemError } from '@twotower/recommender';
import { ServingError } from '../errors';
import type { AddItemsResult, NewItemBody } from '../admin-schemas';
import type { ServingModel } from '../model/serving-model';
import { storeOf } from './db-search';

/**
 * `POST /admin/items` for a model served from a database: embeds the new items with the candidate
 * tower in memory (from their features, as `addItems` does) and writes them to the published model
 * on the primary in one transaction, so that every replica serving that version returns them, by
 * all four kinds (a replica reading a standby once it has replayed the commit). All or nothing.
 * @throws ServingError 409 ITEM_EXISTS naming the ids already served (in the catalogue, or added by
 *   any replica), 400 naming the field of a bad attribute, 503/504 when the database fails
 */
export async function dbAddItems(model: ServingModel, items: readonly NewItemBody[]): Promise<AddItemsResult> {
  const db = storeOf(model);
  const rec = model.recommender;
  const inCatalogue = items.map((x, j) => ({ id: x.id, j })).filter((x) => rec.itemIndex(x.id) >= 0);
  if (inCatalogue.length > 0) {
    const ids = inCatalogue.map((x) => x.id);
    throw new ServingError(409, 'ITEM_EXISTS', `item${ids.length === 1 ? '' : 's'} ${ids.map((i) => JSON.stringify(i)).join(', ')} ${ids.length === 1 ? 'is' : 'are'} in the model's catalogue already: nothing was added; give new items new ids`, { field: `/items/${inCatalogue[0]!.j}/id`, ids });
  }
  let vectors: Float32Array;
  try {
    vectors = embedNewItems(rec, items);
  } catch (e) {
    if (!(e instanceof NewItemError)) throw e;
    throw new ServingError(400, 'BAD_REQUEST', e.message, { field: `/items/${e.item}/${e.field}`, ids: [items[e.item]!.id] });
  }
  const ids = items.map((x) => x.id);
  await db.addItems(ids, items.map((x) => x.title ?? x.id), vectors);
  const added = await db.addedCount();
  return { version: model.version, added: ids, addedItems: added, items: rec.numItems + added };
}
