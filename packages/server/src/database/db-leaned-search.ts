import type { PopularityLean } from '@twotower/recommender';
import type { ServingModel } from '../model/serving-model';
import { firstFetch, leanedTop, nextFetch, type LeanedTop } from '../recommend/leaned-search';
import type { ItemSearch } from '../recommend/search-items';
import { searchPublishedItems } from './db-search';

/**
 * The hits of `found` that `top` chose (`top.order`: positions in `found`), in its order, each
 * `score` the leaned one.
 */
export function leanedHits(found: ItemSearch, top: LeanedTop): ItemSearch {
  return {
    items: Array.from(top.order, (r, j) => ({ ...found.items[r]!, score: top.scores[j]! })),
    indices: Int32Array.from(top.order, (r) => found.indices[r]!),
  };
}

/**
 * `searchPublishedItems` for a batch of queries of which some carry a popularity lean (a user
 * query without a timestamp, see `userQueryLean`): each query's best `k` of the published items,
 * by inner product, or by inner product plus its lean (items added since publishing: the
 * catalogue's median lean, `lean.forNew`). The leaned queries are over-fetched (`firstFetch`, then `nextFetch` for
 * those `leanedTop` cannot prove yet), one statement per round for the queries still open.
 * @param queries `[n × dim]` query vectors
 * @param exclude per query, the ids to leave out
 * @param leans per query, its lean or `undefined`
 * @returns per query, its hits best first (at most `k`)
 */
export async function searchPublishedLeaned(
  model: ServingModel,
  queries: Float32Array,
  k: number,
  exclude: ReadonlyArray<readonly string[]>,
  leans: ReadonlyArray<PopularityLean | undefined>,
): Promise<ItemSearch[]> {
  const d = model.dim;
  const out: ItemSearch[] = new Array(leans.length);
  let open = leans.map((_, q) => q);
  let fetch = leans.some((lean) => lean !== undefined) ? firstFetch(k, Infinity) : k;
  while (open.length > 0) {
    const vectors = new Float32Array(open.length * d);
    open.forEach((q, j) => vectors.set(queries.subarray(q * d, (q + 1) * d), j * d));
    const found = await searchPublishedItems(
      model,
      vectors,
      fetch,
      open.map((q) => exclude[q]!),
    );
    const next: number[] = [];
    open.forEach((q, j) => {
      const hits = found[j]!;
      const lean = leans[q];
      if (lean === undefined) return void (out[q] = { items: hits.items.slice(0, k), indices: hits.indices.slice(0, k) });
      const top = leanedTop({ indices: hits.indices, scores: Float32Array.from(hits.items, (h) => h.score) }, fetch, Infinity, k, lean);
      if (top) out[q] = leanedHits(hits, top);
      else next.push(q);
    });
    open = next;
    fetch = nextFetch(fetch, Infinity);
  }
  return out;
}
