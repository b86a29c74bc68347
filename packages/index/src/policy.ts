import { buildIndex } from './create-index';
import { faissStatus, type FaissStatus } from './faiss-native';
import type { AddOptions, SearchParams, VectorId, VectorIndex } from './types';

/**
 * How to index one set of embeddings (items, or the query embeddings of users): the serving app's
 * policy, and the trainer's when it prebuilds indexes into an artifact.
 */
export interface IndexPolicy {
  /**
   * `'exact'`: brute force (always correct, fine up to ~100k rows); `'faiss'`: a FAISS index
   * built with {@link factory}; `'auto'`: exact below {@link exactBelow} rows, FAISS above when
   * `@twotower/faiss-node` loads (exact otherwise, and with upstream faiss-node, which cannot set
   * nprobe). Default `'auto'`.
   */
  kind?: 'auto' | 'exact' | 'faiss';
  /**
   * FAISS `index_factory` string. Default `'IVF{nlist},Flat'` with `nlist` the power of two
   * nearest to √rows (1,024 for 1M rows).
   */
  factory?: string;
  /** FAISS search parameters. Default `{ nprobe: 8 }` for IVF factories, none otherwise. */
  searchParams?: SearchParams;
  /** `'auto'` builds an exact index below this many rows. Default 100,000. */
  exactBelow?: number;
}

/** The resolved choice for one index (for logs, `/v1/model` and metrics). */
export interface IndexChoice {
  kind: 'exact' | 'faiss';
  factory?: string;
  searchParams?: SearchParams;
}

/** The default FAISS factory for `rows` vectors: an inverted file with ~√rows lists. */
export function defaultFactory(rows: number): string {
  const nlist = 2 ** Math.max(2, Math.round(Math.log2(Math.sqrt(Math.max(1, rows)))));
  return `IVF${nlist},Flat`;
}

/**
 * Resolves a policy for `rows` vectors into a concrete index kind, factory and parameters.
 * `'auto'` takes FAISS only from a binding with per-call search parameters (`@twotower/faiss-node`):
 * upstream faiss-node cannot set nprobe, and IVF without it misses most neighbours, so with it
 * `'auto'` stays exact.
 * @param status what FAISS is loaded (default: this process's, `faissStatus()`)
 */
export function chooseIndex(rows: number, policy: IndexPolicy = {}, status: FaissStatus = faissStatus()): IndexChoice {
  const kind = policy.kind ?? 'auto';
  const wantFaiss = kind === 'faiss' || (kind === 'auto' && rows >= (policy.exactBelow ?? 100_000) && status.available && status.patched !== false);
  if (!wantFaiss) return { kind: 'exact' };
  const factory = policy.factory ?? defaultFactory(rows);
  const searchParams = policy.searchParams ?? (/^IVF/i.test(factory) ? { nprobe: 8 } : undefined);
  return searchParams === undefined ? { kind: 'faiss', factory } : { kind: 'faiss', factory, searchParams };
}

/**
 * Builds an inner-product index over `vectors` ([ids.length × dim]) as `choice` says (FAISS falls
 * back to exact, with one warning, when faiss-node cannot be loaded).
 * @param options `onProgress`: rows added of `ids.length` (see {@link AddOptions}).
 */
export function buildChosenIndex(ids: ArrayLike<VectorId>, vectors: Float32Array, dim: number, choice: IndexChoice, options: AddOptions = {}): VectorIndex {
  return buildIndex(ids, vectors, dim, { ...choice, metric: 'ip', onProgress: options.onProgress });
}
