/** A node-postgres pool with this project's timeouts and session defaults. */
import { Pool, type PoolClient } from 'pg';
import { PgVectorError } from './errors';

/** Something queries go through: a pool, or one client (a transaction, a dedicated connection). */
export type Queryable = Pool | PoolClient;

/** Session defaults of pgvector's search settings, sent at connect (see {@link PgPoolOptions.search}). */
export interface PgSessionSearchDefaults {
  /** `hnsw.ef_search`: candidates kept while walking an HNSW graph (recall vs time). Default 100 (pgvector's own is 40). */
  efSearch?: number;
  /** `ivfflat.probes`: IVFFlat lists scanned per query. Default 10 (pgvector's own is 1). */
  probes?: number;
  /**
   * Sends `enable_seqscan = off` for the session: the planner then takes a table's ANN index
   * even where it costs a sequential scan and sort lower — which it does for tables of a few
   * thousand rows, with exclusions checked on every row (ML-100K's 1,682 items: 2.6 ms and 2.8 ms of
   * PostgreSQL CPU per user-items request, against 0.9 ms / 0.6 ms through the HNSW index). Affects
   * every statement of the pool's sessions (a table without an index is still scanned). Default false.
   */
  preferIndex?: boolean;
}

/** Options of {@link createPool}. */
export interface PgPoolOptions {
  /** Most connections the pool opens. Default 10. */
  max?: number;
  /** Connecting, and waiting for a free client, fails after this (an unavailable error). Default 5000 ms. */
  connectionTimeoutMillis?: number;
  /** Sent as the session's `statement_timeout`: a statement running longer is cancelled (SQLSTATE 57014). `0` = none. Default 5000 ms. */
  statementTimeoutMillis?: number;
  /** An idle client is closed after this. Default 30000 ms. */
  idleTimeoutMillis?: number;
  /** `application_name` (shown in `pg_stat_activity`). Default `'twotower'`. */
  applicationName?: string;
  /**
   * Session defaults of the search settings, sent in the startup `options` with
   * `hnsw.iterative_scan = strict_order` and `ivfflat.iterative_scan = relaxed_order` (pgvector
   * 0.8: an index scan goes on until `k` rows pass the exclusions). `PgVectorIndex.search` relies
   * on them and sets nothing per call unless the call or the index names parameters. Default
   * `{ efSearch: 100, probes: 10 }`.
   */
  search?: PgSessionSearchDefaults;
}

/** The startup option that marks a session prepared by {@link createPool}. */
export const SESSION_MARKER = 'hnsw.iterative_scan=strict_order';

function positiveInt(value: unknown, field: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new PgVectorError('BAD_OPTIONS', `${field} must be an integer >= ${min}, got ${String(value)}.`);
  }
  return value;
}

/** The `-c name=value ...` startup options of a session with these search defaults. */
export function sessionOptions(search: PgSessionSearchDefaults = {}): string {
  const efSearch = positiveInt(search.efSearch ?? 100, 'search.efSearch', 1);
  const probes = positiveInt(search.probes ?? 10, 'search.probes', 1);
  const settings = [`-c ${SESSION_MARKER}`, '-c ivfflat.iterative_scan=relaxed_order', `-c hnsw.ef_search=${efSearch}`, `-c ivfflat.probes=${probes}`];
  if (search.preferIndex) settings.push('-c enable_seqscan=off');
  return settings.join(' ');
}

/**
 * A `pg` pool on `url` (`postgres://user:password@host:5432/db?sslmode=require`) with bounded
 * connects and statements, and the search session defaults of {@link PgPoolOptions.search}. An
 * `'error'` listener is attached, so a connection that dies while idle (the database restarting)
 * is dropped from the pool instead of crashing the process; the next query opens a new one.
 * Nothing connects until the first query.
 */
export function createPool(url: string, options: PgPoolOptions = {}): Pool {
  if (typeof url !== 'string' || url.length === 0) throw new PgVectorError('BAD_OPTIONS', 'url must be a postgres:// connection URL.');
  const statementTimeout = positiveInt(options.statementTimeoutMillis ?? 5000, 'statementTimeoutMillis', 0);
  const pool = new Pool({
    connectionString: url,
    max: positiveInt(options.max ?? 10, 'max', 1),
    connectionTimeoutMillis: positiveInt(options.connectionTimeoutMillis ?? 5000, 'connectionTimeoutMillis', 1),
    idleTimeoutMillis: positiveInt(options.idleTimeoutMillis ?? 30_000, 'idleTimeoutMillis', 0),
    application_name: options.applicationName ?? 'twotower',
    options: sessionOptions(options.search),
    ...(statementTimeout > 0 ? { statement_timeout: statementTimeout } : {}),
  });
  pool.on('error', () => {
    // An idle client lost its connection: pg has already removed it from the pool.
  });
  return pool;
}

/**
 * Whether connections of `db` carry the session defaults of {@link createPool} (so a search can
 * run as one statement without setting anything).
 */
export function hasSessionDefaults(db: Queryable): boolean {
  // duck-typed, not instanceof: the caller's pool may come from another copy of pg
  const isClient = typeof (db as { release?: unknown }).release === 'function';
  const options = isClient
    ? (db as unknown as { connectionParameters?: { options?: unknown } }).connectionParameters?.options
    : (db as unknown as { options?: { options?: unknown } }).options?.options;
  return typeof options === 'string' && options.includes(SESSION_MARKER);
}
