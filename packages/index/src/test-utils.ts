/** Helpers shared by this package's tests (not shipped). */
import type { SearchResults } from './search-results';
import type { Metric, VectorId } from './types';
import { clusteredVectors } from './synthetic';

/** Seeded test data: `n` clustered vectors with ids `'v0'...` and `nq` queries. */
export function dataset(n: number, dim: number, nq: number, seed = 7): { ids: string[]; vectors: Float32Array; queries: Float32Array } {
  return {
    ids: Array.from({ length: n }, (_, i) => `v${i}`),
    vectors: clusteredVectors({ n, dim, clusters: 20, spread: 0.5, seed }),
    queries: clusteredVectors({ n: nq, dim, clusters: 20, spread: 0.5, seed: seed + 1000 }),
  };
}

/** The exact top-k by full sort in float64: the oracle. */
export function naiveTopK(
  ids: readonly VectorId[],
  vectors: Float32Array,
  query: Float32Array,
  k: number,
  metric: Metric,
  exclude: ReadonlySet<VectorId> = new Set(),
): Array<{ id: VectorId; score: number }> {
  const dim = query.length;
  const norm = (v: Float32Array, o: number) => {
    let s = 0;
    for (let j = 0; j < dim; j++) s += v[o + j]! ** 2;
    return Math.sqrt(s);
  };
  const qn = norm(query, 0);
  const all: Array<{ id: VectorId; score: number }> = [];
  for (let i = 0; i < ids.length; i++) {
    if (exclude.has(ids[i]!)) continue;
    let dot = 0;
    let dist = 0;
    for (let j = 0; j < dim; j++) {
      dot += query[j]! * vectors[i * dim + j]!;
      dist += (query[j]! - vectors[i * dim + j]!) ** 2;
    }
    const score = metric === 'ip' ? dot : metric === 'cosine' ? dot / (qn * norm(vectors, i * dim) || 1) : dist;
    all.push({ id: ids[i]!, score });
  }
  all.sort((a, b) => (metric === 'l2' ? a.score - b.score : b.score - a.score));
  return all.slice(0, k);
}

/**
 * Asserts that query `q` of `result` has the oracle's top-k: the same scores (within `tol`) and
 * the same ids, except where the oracle's k-th and (k+1)-th scores tie within `tol`.
 */
export function expectExactTopK(
  result: SearchResults,
  q: number,
  oracle: Array<{ id: VectorId; score: number }>,
  k: number,
  tol = 1e-3,
): void {
  const got = result.ids(q);
  const scores = Array.from(result.scoresOf(q));
  expect(got).toHaveLength(Math.min(k, oracle.length));
  for (let i = 0; i < got.length; i++) expect(Math.abs(scores[i]! - oracle[i]!.score)).toBeLessThan(tol * Math.max(1, Math.abs(oracle[i]!.score)));
  const boundaryTie = oracle.length > k && Math.abs(oracle[k - 1]!.score - oracle[k]!.score) < tol;
  if (!boundaryTie) expect(new Set(got)).toEqual(new Set(oracle.slice(0, k).map((e) => e.id)));
}
