/** The ANN index of a table: HNSW, IVFFlat or none (exact search), and what it means in SQL. */
import type { Metric } from '@twotower/index';
import { PgVectorError } from './errors';

/**
 * The index a table's searches use.
 * - `{ kind: 'hnsw', m, efConstruction }`: pgvector's HNSW graph. `m` (default 16): links per
 *   node; `efConstruction` (default 64): candidates kept while building. Searched with
 *   `hnsw.ef_search`.
 * - `{ kind: 'ivfflat', lists }`: k-means lists. `lists` default: pgvector's advice, rows / 1000
 *   up to 1M rows and sqrt(rows) above (at least 1), from the row count when the index is built.
 *   Searched with `ivfflat.probes`.
 * - `{ kind: 'exact' }`: no index, every search scans the table (exact results).
 */
export type PgIndexSpec = { kind: 'hnsw'; m?: number; efConstruction?: number } | { kind: 'ivfflat'; lists?: number } | { kind: 'exact' };

/** The operator ordering rows by distance, and the index operator class, per metric. */
export const METRIC_SQL: Record<Metric, { operator: string; opclass: string }> = {
  ip: { operator: '<#>', opclass: 'vector_ip_ops' },
  cosine: { operator: '<=>', opclass: 'vector_cosine_ops' },
  l2: { operator: '<->', opclass: 'vector_l2_ops' },
};

/**
 * The score the other indexes give from pgvector's distance `d`: inner product (`<#>` is its
 * negative), cosine similarity (`1 - <=>`), squared L2 distance (`<->` is the distance).
 */
export function scoreOf(metric: Metric, d: number): number {
  return metric === 'ip' ? -d : metric === 'cosine' ? 1 - d : d * d;
}

function intIn(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new PgVectorError('BAD_OPTIONS', `${field} must be an integer from ${min} to ${max}, got ${String(value)}.`);
  }
  return value;
}

/** Checks a spec (pgvector's ranges) and fills its defaults, except IVFFlat's `lists` (known at build time). */
export function checkIndexSpec(spec: unknown, field = 'index'): PgIndexSpec {
  const kind = (spec as { kind?: unknown } | undefined)?.kind;
  if (kind === 'exact') return { kind };
  if (kind === 'hnsw') {
    const s = spec as { m?: unknown; efConstruction?: unknown };
    const m = intIn(s.m ?? 16, `${field}.m`, 2, 100);
    const efConstruction = intIn(s.efConstruction ?? 64, `${field}.efConstruction`, 4, 1000);
    if (efConstruction < 2 * m) throw new PgVectorError('BAD_OPTIONS', `${field}.efConstruction (${efConstruction}) must be at least 2 × m (${2 * m}).`);
    return { kind, m, efConstruction };
  }
  if (kind === 'ivfflat') {
    const lists = (spec as { lists?: unknown }).lists;
    return lists === undefined ? { kind } : { kind, lists: intIn(lists, `${field}.lists`, 1, 32768) };
  }
  throw new PgVectorError('BAD_OPTIONS', `${field}.kind must be 'hnsw', 'ivfflat' or 'exact', got ${JSON.stringify(kind)}.`);
}

/** pgvector's advice for IVFFlat lists: rows / 1000 up to 1M rows, sqrt(rows) above; at least 1. */
export function defaultLists(rows: number): number {
  return Math.max(1, Math.min(32768, rows <= 1_000_000 ? Math.round(rows / 1000) : Math.round(Math.sqrt(rows))));
}

/** `'hnsw(m=16,ef_construction=64)'`, `'ivfflat(lists=1000)'` (`'ivfflat'` before it is built), `'exact'`. */
export function factoryOf(spec: PgIndexSpec): string {
  if (spec.kind === 'hnsw') return `hnsw(m=${spec.m ?? 16},ef_construction=${spec.efConstruction ?? 64})`;
  if (spec.kind === 'ivfflat') return spec.lists === undefined ? 'ivfflat' : `ivfflat(lists=${spec.lists})`;
  return 'exact';
}

/** The `CREATE INDEX` statement of `spec` on `table` (names and numbers checked before). */
export function createIndexSql(table: string, metric: Metric, spec: PgIndexSpec, rows: number): string | undefined {
  const opclass = METRIC_SQL[metric].opclass;
  if (spec.kind === 'hnsw') return `CREATE INDEX ON ${table} USING hnsw (embedding ${opclass}) WITH (m = ${spec.m ?? 16}, ef_construction = ${spec.efConstruction ?? 64})`;
  if (spec.kind === 'ivfflat') return `CREATE INDEX ON ${table} USING ivfflat (embedding ${opclass}) WITH (lists = ${spec.lists ?? defaultLists(rows)})`;
  return undefined;
}
