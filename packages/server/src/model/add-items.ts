import { embedNewItems, NewItemError } from '@twotower/recommender';
import { ServingError } from '../errors';
import type { AddItemsResult, NewItemBody } from '../admin-schemas';
import { findItem, servedItemCount } from './served-items';
import type { ServingModel } from './serving-model';

/** 409 for new items whose ids the model already serves (trained or added): every one named, the first one's field. */
function itemsExist(ids: string[], first: number): ServingError {
  const list = ids.slice(0, 10).map((i) => JSON.stringify(i)).join(', ') + (ids.length > 10 ? `, ... (${ids.length} in all)` : '');
  const one = ids.length === 1;
  return new ServingError(
    409,
    'ITEM_EXISTS',
    `item${one ? '' : 's'} ${list} ${one ? 'is' : 'are'} already served (in the model's catalogue, or added before): nothing was added; leave ${one ? 'it' : 'them'} out, or give ${one ? 'it a new id' : 'them new ids'} (items cannot be replaced: a model reload drops every added item)`,
    { field: `/items/${first}/id`, ids },
  );
}

/**
 * Adds items the model was not trained with to `model`: embeds them with its candidate tower from
 * their features (`embedNewItems`: title, genres, the catalogue's columns; the id reads the OOV
 * slot) in one call and adds them to `model.added`, searched beside the item index from then on —
 * by user-items, item-items (as neighbours, and as the query) and item-users. All or nothing.
 * @throws ServingError 409 `ITEM_EXISTS` naming every id the model serves already (no replace: ids
 *   stay stable), 400 naming the field of an id given twice, an attribute the catalogue has no
 *   column for, a number column given a non-number, an embedding that is not finite
 */
export function addItems(model: ServingModel, items: readonly NewItemBody[]): AddItemsResult {
  const existing: string[] = [];
  let first = -1;
  items.forEach((item, j) => {
    if (findItem(model, item.id) === undefined) return;
    existing.push(item.id);
    if (first < 0) first = j;
  });
  if (existing.length > 0) throw itemsExist(existing, first);
  let vectors: Float32Array;
  try {
    vectors = embedNewItems(model.recommender, items);
  } catch (e) {
    if (!(e instanceof NewItemError)) throw e;
    throw new ServingError(400, 'BAD_REQUEST', e.message, { field: `/items/${e.item}/${e.field}`, ids: [items[e.item]!.id] });
  }
  const ids = items.map((x) => x.id);
  model.added.add(ids, items.map((x) => x.title ?? x.id), vectors);
  return { version: model.version, added: ids, addedItems: model.added.size, items: servedItemCount(model) };
}
