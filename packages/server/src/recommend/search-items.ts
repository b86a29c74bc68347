import type { ServingModel } from '../model/serving-model';
import type { ItemHit } from '../schemas';
import { itemSegmentField } from './segment-fields';

/** The answer of {@link searchItems}: hits best first, and the catalogue index of each (-1: an added item). */
export interface ItemSearch {
  items: ItemHit[];
  /** `[hits]` catalogue index of each hit, -1 for an item added after training. */
  indices: Int32Array;
}

/**
 * The `k` items with the best inner product with `query` (`[dim]`) among those `model` serves:
 * its item index (exact or FAISS, as loaded) and the items added after training (an exact index of
 * their own), merged by score (ties: the catalogue's item first). With an exact item index the
 * answer is the exact top `k` of both. Catalogue items carry their `segment` in the candidates'
 * segmentation when the model has one (added items have none).
 * @param exclude ids to leave out (unknown ids are ignored)
 * @param options.added search the added items too (default true; re-ranking passes false, the
 *   ranking model having no inputs for them)
 */
export function searchItems(model: ServingModel, query: Float32Array, k: number, exclude: readonly string[], options: { added?: boolean } = {}): ItemSearch {
  const rec = model.recommender;
  const { titles } = rec.catalogue;
  const main = model.itemIndex.search(query, k, exclude.length > 0 ? { exclude: [exclude] } : {});
  const nMain = main.count(0);
  const added = (options.added ?? true) ? model.added.search(query, k, exclude) : { rows: new Int32Array(0), scores: new Float32Array(0) };
  const nAdded = added.rows.length;
  const n = Math.min(k, nMain + nAdded);
  const items: ItemHit[] = new Array(n);
  const indices = new Int32Array(n);
  let a = 0;
  let b = 0;
  for (let r = 0; r < n; r++) {
    if (b >= nAdded || (a < nMain && main.scores[a]! >= added.scores[b]!)) {
      const id = main.table[main.labels[a]!] as string;
      const i = rec.itemIndex(id);
      indices[r] = i;
      items[r] = { id, title: titles[i]!, score: main.scores[a]!, ...itemSegmentField(model, i) };
      a++;
    } else {
      const row = added.rows[b]!;
      indices[r] = -1;
      items[r] = { id: model.added.ids[row]!, title: model.added.titles[row]!, score: added.scores[b]! };
      b++;
    }
  }
  return { items, indices };
}
