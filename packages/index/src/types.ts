/**
 * The shared vocabulary of every index: ids, metrics, search options and the
 * {@link VectorIndex} interface itself.
 */
import type { ProgressCallback } from '@twotower/utils';
import type { SearchResults } from './search-results';

/** A caller's id for one vector: a string or a number (`1` and `'1'` are different ids). */
export type VectorId = string | number;

/**
 * How vectors are compared.
 * - `'ip'`: inner product, higher is better (what a two-tower model scores with).
 * - `'cosine'`: inner product of L2-normalised vectors (vectors and queries are normalised on the
 *   way in; stored vectors are the normalised copies), higher is better.
 * - `'l2'`: squared Euclidean distance, lower is better.
 */
export type Metric = 'ip' | 'cosine' | 'l2';

/** Every metric, for validation and for iteration in tests. */
export const METRICS: readonly Metric[] = ['ip', 'cosine', 'l2'];

/** Search-time parameters: `"efSearch=64,nprobe=8"` or `{ efSearch: 64, nprobe: 8 }`. */
export type SearchParams = string | Readonly<Record<string, number>>;

/** Options of one {@link VectorIndex.search} call. */
export interface SearchOptions {
  /**
   * Ids to leave out of each query's results (a user's already-seen items), one entry per query
   * (a `Set` or an array; `undefined` for none). Excluded ids do not count towards `k`: each
   * query still gets `k` results when the index holds enough others. Ids the index does not
   * hold are ignored. Default: no exclusions.
   */
  exclude?: ReadonlyArray<ReadonlySet<VectorId> | ReadonlyArray<VectorId> | undefined>;
  /**
   * Search parameters for this call only (FAISS: `efSearch` for HNSW; `nprobe`, `max_codes`,
   * `quantizer_efSearch` for IVF). The index's own parameters apply to everything not named.
   * The exact index has no parameters and ignores them. Default: the index's parameters.
   */
  params?: SearchParams;
}

/** What an index is, for logs, manifests and benchmark output. */
export interface IndexInfo {
  /** `'exact'` ({@link BruteForceIndex}), `'faiss'` ({@link FaissIndex}) or `'pgvector'` (`PgVectorIndex` of `@twotower/pgvector`). */
  kind: 'exact' | 'faiss' | 'pgvector';
  metric: Metric;
  dim: number;
  /** Number of vectors searchable now (removed ones excluded). */
  size: number;
  /** FAISS factory string (`'Flat'`, `'HNSW32'`, `'IVF1024,PQ16'`, ...); absent for exact. */
  factory?: string;
  /** Index-level search parameters in FAISS syntax; absent when none were set. */
  searchParams?: string;
}

/** Options of {@link VectorIndex.add}. */
export interface AddOptions {
  /**
   * Called with the rows added so far of the `n` being added: `(0, n)` first (FAISS types that
   * need training train before any row is added), then about every 1% of the rows (in adds of
   * at least 4,096 rows), the last with `done === n`. HNSW and NSG FAISS indexes, whose graph
   * would depend on the batching, are added in one call: `(0, n)` then `(n, n)`. Without it
   * the vectors are added in one call, as always.
   */
  onProgress?: ProgressCallback;
}

/**
 * One interface over every nearest-neighbour index.
 *
 * Vectors travel as row-major `Float32Array`s (`n × dim`), results as typed arrays. External ids
 * are the caller's own; internal positions never leak and removals never change anyone's id.
 */
export interface VectorIndex {
  /** Which implementation this is. */
  readonly kind: 'exact' | 'faiss';
  /** How vectors are compared (see {@link Metric}). */
  readonly metric: Metric;
  /** Vector dimension. */
  readonly dim: number;
  /** Number of vectors that searches can return (removed vectors excluded). */
  readonly size: number;
  /**
   * Adds vectors under the caller's ids.
   * @param ids `n` ids, none already in the index and no duplicates.
   * @param vectors `[n, dim]` row-major.
   * @param options progress reporting (see {@link AddOptions}).
   */
  add(ids: ArrayLike<VectorId>, vectors: Float32Array, options?: AddOptions): void;
  /**
   * Removes ids; unknown ids are ignored. Other ids keep their identity.
   * @returns how many were removed.
   */
  remove(ids: Iterable<VectorId>): number;
  /** Whether `id` is in the index. */
  has(id: VectorId): boolean;
  /**
   * Top-`k` search for a batch of queries.
   * @param queries `[nq, dim]` row-major (`nq` = `queries.length / dim`).
   * @param k results per query (≥ 1).
   */
  search(queries: Float32Array, k: number, options?: SearchOptions): SearchResults;
  /** Writes the index (vectors or FAISS structure, ids, metric) to one file, atomically. */
  save(file: string): Promise<void>;
  /** A description for logs and manifests. */
  info(): IndexInfo;
}
