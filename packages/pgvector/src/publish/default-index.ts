import type { PgIndexSpec } from '../index-spec';

/** The default ANN index of a published table below {@link HNSW_BELOW_ROWS} rows. */
export const DEFAULT_PUBLISH_INDEX: PgIndexSpec = { kind: 'hnsw', m: 16, efConstruction: 64 };

/**
 * Rows from which a published table's default index is IVFFlat rather than HNSW. On 2 cores an
 * HNSW build over 1M × 32 took 146-157 s (m 16, ef_construction 64) against 11-17 s for IVFFlat
 * with 1,000 lists, which searched 1M rows at recall@10 0.996 (5 probes) / 0.998 (10, the pool's
 * default) against HNSW's 0.961 at ef_search 120 (`pnpm bench:pgvector`). The in-memory index
 * policy switches at the same size (`chooseIndex`: exact below 100,000 rows, IVF above).
 */
export const HNSW_BELOW_ROWS = 100_000;

/**
 * The default index of a published table of `rows` rows: HNSW (m 16, ef_construction 64) below
 * {@link HNSW_BELOW_ROWS}, IVFFlat (lists: rows / 1000 up to 1M rows, √rows above) from there.
 */
export function defaultPublishIndex(rows: number): PgIndexSpec {
  return rows < HNSW_BELOW_ROWS ? DEFAULT_PUBLISH_INDEX : { kind: 'ivfflat' };
}
