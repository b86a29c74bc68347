/** Comparing an approximate search with the exact one. */
import type { SearchResults } from './search-results';

/**
 * Mean recall@k of `approx` against `exact`: for each query, the share of the exact top-`k` ids
 * found in the approximate top-`k`, averaged over queries (queries whose exact list is empty are
 * skipped). Both results must cover the same queries.
 */
export function recallAtK(approx: SearchResults, exact: SearchResults, k = Math.min(approx.k, exact.k)): number {
  let sum = 0;
  let counted = 0;
  for (let q = 0; q < exact.queries; q++) {
    const truth = exact.ids(q).slice(0, k);
    if (truth.length === 0) continue;
    const found = new Set(approx.ids(q).slice(0, k));
    let hits = 0;
    for (const id of truth) if (found.has(id)) hits++;
    sum += hits / truth.length;
    counted++;
  }
  return counted === 0 ? 1 : sum / counted;
}
