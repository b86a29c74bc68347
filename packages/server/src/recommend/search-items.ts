import type { PopularityLean } from '@twotower/recommender';
import type { ServingModel } from '../model/serving-model';
import type { ItemHit } from '../schemas';
import { searchLeaned } from './leaned-search';
import { itemSegmentField } from './segment-fields';

/** The answer of {@link searchItems}: hits best first, and the catalogue index of each (-1: an added item). */
export interface ItemSearch {
  items: ItemHit[];
  /** `[hits]` catalogue index of each hit, -1 for an item added after training. */
  indices: Int32Array;
}

/** Options of {@link searchItems}. */
export interface SearchItemsOptions {
  /**
   * Search the added items too (default true; re-ranking passes false, the ranking model having
   * no inputs for them).
   */
  added?: boolean;
  /**
   * The popularity lean to add to each item's score (`Recommender.popularityLean`: a user query
   * without a timestamp); an item added after training gets `lean.forNew`, the catalogue's median
   * lean. Default: none.
   */
  lean?: PopularityLean;
}

/**
 * The `k` items with the best inner product with `query` (`[dim]`) among those `model` serves:
 * its item index (exact or FAISS, as loaded) and the items added after training (an exact index of
 * their own), merged by score (ties: the catalogue's item first). With `options.lean`, a catalogue
 * item's score is its inner product plus its lean (`lean.bias[catalogue index]`; the item index is
 * over-fetched until the best `k` by that score are certain, see `searchLeaned`), an added item's
 * its inner product plus the catalogue's median lean (`lean.forNew`). With an exact item index the answer is the exact top `k` of both.
 * Catalogue items carry their `segment` in the candidates' segmentation when the model has one
 * (added items have no segment).
 * @param exclude ids to leave out (unknown ids are ignored)
 */
export function searchItems(model: ServingModel, query: Float32Array, k: number, exclude: readonly string[], options: SearchItemsOptions = {}): ItemSearch {
  const rec = model.recommender;
  const { titles } = rec.catalogue;
  const main = searchMain(model, query, k, exclude, options.lean);
  const nMain = main.indices.length;
  const found = (options.added ?? true) ? model.added.search(query, k, exclude) : { rows: new Int32Array(0), scores: new Float32Array(0) };
  // an added item's lean is the catalogue's median (its popularity is not known yet): the same for all, so their order stands
  const forNew = options.lean?.forNew ?? 0;
  const added = { rows: found.rows, scores: forNew === 0 ? found.scores : Float32Array.from(found.scores, (x) => x + forNew) };
  const nAdded = added.rows.length;
  const n = Math.min(k, nMain + nAdded);
  const items: ItemHit[] = new Array(n);
  const indices = new Int32Array(n);
  let a = 0;
  let b = 0;
  for (let r = 0; r < n; r++) {
    if (b >= nAdded || (a < nMain && main.scores[a]! >= added.scores[b]!)) {
      const i = main.indices[a]!;
      indices[r] = i;
      items[r] = { id: rec.catalogue.ids[i]!, title: titles[i]!, score: main.scores[a]!, ...itemSegmentField(model, i) };
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

/**
 * The best `k` catalogue items of the item index, by inner product, or by inner product plus
 * `lean` (over-fetched: `searchLeaned`): `[hits]` catalogue indices and scores, best first.
 */
function searchMain(model: ServingModel, query: Float32Array, k: number, exclude: readonly string[], lean: PopularityLean | undefined): { indices: Int32Array; scores: Float32Array } {
  const rec = model.recommender;
  const index = model.itemIndex;
  const options = exclude.length > 0 ? { exclude: [exclude] } : {};
  const search = (fetch: number) => {
    const found = index.search(query, fetch, options);
    const n = found.count(0);
    return { indices: Int32Array.from({ length: n }, (_, r) => rec.itemIndex(found.table[found.labels[r]!] as string)), scores: found.scores.subarray(0, n) };
  };
  if (!lean) return search(k);
  const { hits, top } = searchLeaned(search, k, index.size, lean);
  return { indices: Int32Array.from(top.order, (r) => hits.indices[r]!), scores: top.scores };
}
