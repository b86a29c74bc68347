/** Timing helpers of the pgvector benchmark. */
import type { SearchOptions, SearchResults } from '@twotower/index';

export const log = (message: string): void => void process.stderr.write(`[bench:pgvector] ${message}\n`);
export const seconds = (t0: number): number => (performance.now() - t0) / 1000;
export const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

type Search = (queries: Float32Array, k: number, options?: SearchOptions) => Promise<SearchResults> | SearchResults;

/** Queries `[nq × dim]` one at a time, each awaited before the next: queries per second. */
export async function sequentialQps(search: Search, queries: Float32Array, dim: number, count = queries.length / dim): Promise<number> {
  const n = Math.min(count, queries.length / dim);
  for (let i = 0; i < Math.min(5, n); i++) await search(queries.subarray(i * dim, (i + 1) * dim), 10); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await search(queries.subarray(i * dim, (i + 1) * dim), 10);
  return n / seconds(t0);
}

/** Queries in batches of `batch` (one call each, sequential): queries per second, and the results in order. */
export async function batchedQps(search: Search, queries: Float32Array, dim: number, batch = 64): Promise<{ qps: number; results: SearchResults[] }> {
  const nq = queries.length / dim;
  const results: SearchResults[] = [];
  const t0 = performance.now();
  for (let q = 0; q < nq; q += batch) results.push(await search(queries.subarray(q * dim, Math.min(nq, q + batch) * dim), 10));
  return { qps: nq / seconds(t0), results };
}

/** Single queries, `concurrency` in flight at once: queries per second. */
export async function concurrentQps(search: Search, queries: Float32Array, dim: number, concurrency = 8): Promise<number> {
  const nq = queries.length / dim;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let q = next++; q < nq; q = next++) await search(queries.subarray(q * dim, (q + 1) * dim), 10);
    }),
  );
  return nq / seconds(t0);
}

/** Recall@10 of results (in query order, possibly in several batches) against the truth's id lists. */
export function recallOf(results: readonly SearchResults[], truth: ReadonlyArray<ReadonlySet<unknown>>): number {
  let sum = 0;
  let q = 0;
  for (const r of results) {
    for (let i = 0; i < r.queries; i++, q++) {
      const t = truth[q]!;
      let hits = 0;
      for (const id of r.ids(i).slice(0, 10)) if (t.has(id)) hits++;
      sum += hits / Math.max(1, t.size);
    }
  }
  return sum / q;
}
