/**
 * One asynchronous interface over the in-memory indexes and the database-backed ones, so that
 * code (a server, a contract test) can hold either.
 */
import type { SearchResults } from './search-results';
import type { AddOptions, IndexInfo, Metric, SearchOptions, VectorId, VectorIndex } from './types';

/**
 * {@link VectorIndex} with every operation returning a promise: what a store behind a network
 * (`PgVectorIndex` of `@twotower/pgvector`) can offer, and what {@link asyncIndex} makes of the
 * in-memory indexes. Vectors travel as row-major `Float32Array`s (`[n × dim]`), results as
 * {@link SearchResults}; ids are the caller's own (`1` and `'1'` are different ids).
 */
export interface AsyncVectorIndex {
  /** Which implementation this is. */
  readonly kind: 'exact' | 'faiss' | 'pgvector';
  /** How vectors are compared (see {@link Metric}). */
  readonly metric: Metric;
  /** Vector dimension. */
  readonly dim: number;
  /** Number of vectors that searches can return. */
  size(): Promise<number>;
  /**
   * Adds vectors under the caller's ids (none already in the index, no duplicates: an
   * `IndexError` naming the id otherwise).
   * @param vectors `[n × dim]` row-major.
   */
  add(ids: ArrayLike<VectorId>, vectors: Float32Array, options?: AddOptions): Promise<void>;
  /** Removes ids (unknown ones are ignored); resolves how many were removed. */
  remove(ids: Iterable<VectorId>): Promise<number>;
  /** Whether `id` is in the index. */
  has(id: VectorId): Promise<boolean>;
  /**
   * Top-`k` search for a batch of queries (see {@link VectorIndex.search}).
   * @param queries `[nq × dim]` row-major.
   */
  search(queries: Float32Array, k: number, options?: SearchOptions): Promise<SearchResults>;
  /** A description for logs and manifests. */
  info(): Promise<IndexInfo>;
}

/**
 * The exact or FAISS index behind the {@link AsyncVectorIndex} interface. Every call runs the
 * synchronous operation at once (no worker thread) and resolves with its result; an error it
 * throws becomes a rejection. The wrapped index stays usable directly.
 */
export function asyncIndex(index: VectorIndex): AsyncVectorIndex {
  return {
    kind: index.kind,
    metric: index.metric,
    dim: index.dim,
    size: async () => index.size,
    add: async (ids, vectors, options) => index.add(ids, vectors, options),
    remove: async (ids) => index.remove(ids),
    has: async (id) => index.has(id),
    search: async (queries, k, options) => index.search(queries, k, options),
    info: async () => index.info(),
  };
}
