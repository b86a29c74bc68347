/** PostgreSQL + pgvector behind the AsyncVectorIndex interface of @twotower/index. */
import { checkTableName } from './identifiers';
import { IndexError, METRICS, normalizeRows, SearchResults } from '@twotower/index';
import type { AddOptions, AsyncVectorIndex, IndexInfo, Metric, SearchOptions, SearchParams, VectorId } from '@twotower/index';
import { checkK, checkNewIds, flattenExclusions, idFromRow, idKey, idKeys, rowCount } from './checks';
import { copyVectors } from './copy-vectors';
import { PgVectorError } from './errors';
import { checkIndexSpec, createIndexSql, defaultLists, factoryOf, scoreOf, type PgIndexSpec } from './index-spec';
import { hasSessionDefaults, type Queryable } from './pool';
import { searchSql, singleSearchSql } from './search-sql';
import { paramsText, toSettings } from './search-params';
import { inTransaction } from './session';
import { commentSql, readMeta, type TableMeta } from './table-meta';
import { parseVector, vectorLiteral } from './vector-format';

export type { PgIndexSpec } from './index-spec';

/** Options of {@link PgVectorIndex.create}. */
export interface PgVectorIndexOptions {
  /** `'table'` or `'schema.table'` (the schema must exist), each part `[a-z_][a-z0-9_]{0,62}`. Required. */
  table: string;
  /** Vector dimension (the column is `vector(dim)`, at most 2,000 for an HNSW or IVFFlat index). Required. */
  dim: number;
  /** How vectors are compared (see `Metric` of `@twotower/index`). Required. */
  metric: Metric;
  /** The ANN index {@link PgVectorIndex.buildIndex} makes. Default `{ kind: 'hnsw' }` (m 16, efConstruction 64). */
  index?: PgIndexSpec;
  /**
   * Search parameters of every search through this object (`efSearch`, `probes`; see
   * {@link PgVectorIndex.search}); a search then sets them in a transaction. Default: none, the
   * session's (a {@link createPool} pool: efSearch 100, probes 10).
   */
  searchParams?: SearchParams;
}

/** Options of {@link PgVectorIndex.add}. */
export interface PgAddOptions extends AddOptions {
  /** `statement_timeout` of the COPY. Default 0 (none: a bulk load outlasts a serving pool's timeout). */
  timeoutMillis?: number;
}

/** Options of {@link PgVectorIndex.buildIndex}. */
export interface PgBuildIndexOptions {
  /** `statement_timeout` of the `CREATE INDEX`. Default 0 (none). */
  timeoutMillis?: number;
  /** `maintenance_work_mem` for the build (`'1GB'`, `'512MB'`); an HNSW graph that fits builds much faster. Default: the server's. */
  maintenanceWorkMem?: string;
  /** `max_parallel_maintenance_workers` for the build (0 = none). Default: the server's. */
  parallelWorkers?: number;
}

function nonNegativeInt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new PgVectorError('BAD_OPTIONS', `${field} must be an integer >= 0, got ${String(value)}.`);
  return value;
}

/** The duplicate id named by a unique violation's detail: `Key (id, num)=(v1, f) already exists.` */
function duplicateOf(e: unknown): string | undefined {
  if ((e as { code?: unknown })?.code !== '23505') return undefined;
  const match = /=\((.*), ([tf])\) already exists/.exec(String((e as { detail?: unknown }).detail ?? ''));
  if (!match) return 'an id already in the table';
  return JSON.stringify(match[2] === 't' ? Number(match[1]) : match[1]);
}

/**
 * A table of `(id text, num boolean, embedding vector(dim))` searched with pgvector: the caller's
 * ids (`num` says the id was a number: `1` and `'1'` are different ids), bulk adds by binary
 * COPY, HNSW / IVFFlat / exact search, batches of queries in one statement, exclusions in SQL.
 * What the table is (dim, metric, index) is kept in its comment, so {@link open} can read it
 * back. Every method takes the table's `Queryable` (a pool or a client); {@link withDb} gives
 * the same table through another one (a read replica, the caller's transaction).
 */
export class PgVectorIndex implements AsyncVectorIndex {
  readonly kind = 'pgvector' as const;
  readonly table: string;
  readonly metric: Metric;
  readonly dim: number;
  private spec: PgIndexSpec;
  private readonly db: Queryable;
  private readonly searchParams: SearchParams | undefined;

  private constructor(db: Queryable, table: string, meta: TableMeta, searchParams: SearchParams | undefined) {
    this.db = db;
    this.table = table;
    this.dim = meta.dim;
    this.metric = meta.metric;
    this.spec = meta.index;
    toSettings(searchParams);
    this.searchParams = searchParams;
  }

  /**
   * Creates the table (and the `vector` extension when missing: that needs the privilege to
   * create it), empty and without its ANN index: {@link add} the rows, then {@link buildIndex}.
   * @throws PgVectorError naming the option at fault, `TABLE_EXISTS` when the table is there already,
   * `NO_EXTENSION` when pgvector cannot be enabled.
   */
  static async create(db: Queryable, options: PgVectorIndexOptions): Promise<PgVectorIndex> {
    const table = checkTableName(options?.table);
    const dim = options.dim;
    if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 1 || dim > 16000) throw new PgVectorError('BAD_OPTIONS', `dim must be an integer from 1 to 16000, got ${String(dim)}.`);
    if (!METRICS.includes(options.metric)) throw new PgVectorError('BAD_OPTIONS', `metric must be one of ${METRICS.join(', ')}, got ${JSON.stringify(options.metric)}.`);
    const meta: TableMeta = { dim, metric: options.metric, index: checkIndexSpec(options.index ?? { kind: 'hnsw' }) };
    const index = new PgVectorIndex(db, table, meta, options.searchParams);
    await inTransaction(db, {}, async (client) => {
      const { rows } = await client.query<{ has: boolean }>("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') AS has");
      if (!rows[0]!.has) {
        await client.query('CREATE EXTENSION IF NOT EXISTS vector').catch((e: Error) => {
          throw new PgVectorError('NO_EXTENSION', `the pgvector extension is not enabled and CREATE EXTENSION vector failed (${e.message}): ask the database's owner to run it, or enable pgvector in the provider's settings.`);
        });
      }
      await client.query(`CREATE TABLE ${table} (id text NOT NULL, num boolean NOT NULL, embedding vector(${dim}) NOT NULL, PRIMARY KEY (id, num))`).catch((e: { code?: string; message?: string }) => {
        if (e.code === '42P07') throw new PgVectorError('TABLE_EXISTS', `table ${table} already exists: open it with PgVectorIndex.open, or drop it first.`);
        if (e.code === '3F000') throw new PgVectorError('BAD_OPTIONS', `table ${table}: ${e.message ?? 'no such schema'} (create the schema first).`);
        throw e;
      });
      await client.query(commentSql(table, meta));
    });
    return index;
  }

  /**
   * Opens a table made by {@link create}, reading its dim, metric and index from its comment.
   * @throws PgVectorError `NOT_OUR_TABLE` naming the table when it is missing or not one of ours.
   */
  static async open(db: Queryable, table: string, options: { searchParams?: SearchParams } = {}): Promise<PgVectorIndex> {
    const name = checkTableName(table);
    return new PgVectorIndex(db, name, await readMeta(db, name), options.searchParams);
  }

  /** The same table through another pool or client (a read replica, a transaction). */
  withDb(db: Queryable): PgVectorIndex {
    return new PgVectorIndex(db, this.table, { dim: this.dim, metric: this.metric, index: this.spec }, this.searchParams);
  }

  /** The index spec (IVFFlat's `lists` filled in once built). */
  get indexSpec(): PgIndexSpec {
    return { ...this.spec };
  }

  /**
   * Adds rows with one binary `COPY ... FROM STDIN` (all or nothing); `'cosine'` rows are stored
   * normalised. Rows added after {@link buildIndex} enter the index as PostgreSQL maintains it.
   * @param ids `n` new ids (strings or finite numbers).
   * @param vectors `[n × dim]` row-major.
   * @throws IndexError `DUPLICATE_ID` naming an id repeated in `ids` or already in the table.
   */
  async add(ids: ArrayLike<VectorId>, vectors: Float32Array, options: PgAddOptions = {}): Promise<void> {
    const n = rowCount(vectors, this.dim, 'vectors');
    checkNewIds(ids, n);
    const timeout = nonNegativeInt(options.timeoutMillis ?? 0, 'timeoutMillis');
    const text = new Array<string>(n);
    const nums = new Array<boolean>(n);
    for (let i = 0; i < n; i++) [text[i], nums[i]] = idKey(ids[i]!);
    const rows = this.metric === 'cosine' ? normalizeRows(vectors, this.dim) : vectors;
    try {
      await inTransaction(this.db, { statement_timeout: String(timeout) }, (client) => copyVectors(client, this.table, text, nums, rows, this.dim, options.onProgress));
    } catch (e) {
      const id = duplicateOf(e);
      if (id !== undefined) throw new IndexError('DUPLICATE_ID', `${id} is already in ${this.table}: remove it first, or give each vector its own id (nothing of this add was stored).`);
      throw e;
    }
  }

  /**
   * Builds the table's HNSW or IVFFlat index (`CREATE INDEX ... USING hnsw|ivfflat (embedding
   * vector_ip_ops|vector_cosine_ops|vector_l2_ops)`) — after the bulk {@link add}, which is
   * much faster than adding into an index. Does nothing for `'exact'` or when the table has its
   * index already. IVFFlat's `lists` default is taken from the row count now.
   */
  async buildIndex(options: PgBuildIndexOptions = {}): Promise<void> {
    if (this.spec.kind === 'exact') return;
    const settings: Record<string, string> = { statement_timeout: String(nonNegativeInt(options.timeoutMillis ?? 0, 'timeoutMillis')) };
    if (options.maintenanceWorkMem !== undefined) {
      if (!/^\d+\s*(kB|MB|GB|TB)$/.test(options.maintenanceWorkMem)) throw new PgVectorError('BAD_OPTIONS', `maintenanceWorkMem must be like '512MB' or '2GB', got ${JSON.stringify(options.maintenanceWorkMem)}.`);
      settings.maintenance_work_mem = options.maintenanceWorkMem;
    }
    if (options.parallelWorkers !== undefined) settings.max_parallel_maintenance_workers = String(nonNegativeInt(options.parallelWorkers, 'parallelWorkers'));
    this.spec = await inTransaction(this.db, settings, async (client) => {
      const { rows } = await client.query<{ has: boolean }>(
        "SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = to_regclass($1) AND a.amname IN ('hnsw', 'ivfflat')) AS has",
        [this.table],
      );
      if (rows[0]!.has) return this.spec;
      let spec = this.spec;
      if (spec.kind === 'ivfflat' && spec.lists === undefined) {
        const count = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.table}`);
        spec = { kind: 'ivfflat', lists: defaultLists(count.rows[0]!.n) };
        await client.query(commentSql(this.table, { dim: this.dim, metric: this.metric, index: spec }));
      }
      await client.query(createIndexSql(this.table, this.metric, spec, 0)!);
      return spec;
    });
  }

  /** Removes ids (unknown ones are ignored); resolves how many rows were removed. */
  async remove(ids: Iterable<VectorId>): Promise<number> {
    const keys = idKeys(ids);
    if (keys.text.length === 0) return 0;
    const result = await this.db.query(`DELETE FROM ${this.table} t USING unnest($1::text[], $2::bool[]) AS d(id, num) WHERE t.id = d.id AND t.num = d.num`, [keys.text, keys.num]);
    return result.rowCount ?? 0;
  }

  /** Whether `id` is in the table. */
  async has(id: VectorId): Promise<boolean> {
    const keys = idKeys([id]);
    if (keys.text.length === 0) return false;
    const { rows } = await this.db.query<{ has: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${this.table} WHERE id = $1 AND num = $2) AS has`, [keys.text[0], keys.num[0]]);
    return rows[0]!.has;
  }

  /** Number of rows. */
  async size(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.table}`);
    return rows[0]!.n;
  }

  /** The stored rows of `ids` (`'cosine'`: the normalised copies), `undefined` for an id not in the table. */
  async vectors(ids: readonly VectorId[]): Promise<Array<Float32Array | undefined>> {
    const keys = idKeys(ids);
    const found = new Map<string, Float32Array>();
    if (keys.text.length > 0) {
      const { rows } = await this.db.query<{ id: string; num: boolean; e: string }>(`SELECT id, num, embedding::text AS e FROM ${this.table} WHERE id = ANY($1::text[])`, [keys.text]);
      for (const row of rows) found.set(`${row.num ? 'n' : 's'}:${row.id}`, parseVector(row.e));
    }
    return ids.map((id) => {
      const [text, num] = idKey(id);
      return found.get(`${num ? 'n' : 's'}:${text}`);
    });
  }

  /**
   * Top-`k` for every query in one statement (a plain `ORDER BY ... LIMIT` for a single query). Scores as the other indexes give them: inner
   * product or cosine similarity (higher first), squared L2 distance (lower first). Excluded ids
   * are filtered in SQL and do not count towards `k` (pgvector 0.8's iterative index scans go on
   * until `k` rows pass, up to `hnsw.max_scan_tuples`). `params`: `efSearch` (HNSW), `probes` or
   * `nprobe` (IVFFlat), `maxScanTuples`, `maxProbes`; named ones (here or in the index's
   * `searchParams`) are set with `SET LOCAL` in a transaction of their own; the exact kind ignores
   * them.
   * @param queries `[nq × dim]` row-major (`'cosine'`: normalised on the way).
   */
  async search(queries: Float32Array, k: number, options: SearchOptions = {}): Promise<SearchResults> {
    const nq = rowCount(queries, this.dim, 'queries');
    checkK(k);
    const ex = flattenExclusions(options.exclude, nq);
    const settings = this.searchSettings(options.params);
    const labels = new Int32Array(nq * k).fill(-1);
    const scores = new Float32Array(nq * k).fill(NaN);
    const table: VectorId[] = [];
    if (nq === 0) return new SearchResults(0, k, labels, scores, table);
    const q = this.metric === 'cosine' ? normalizeRows(queries, this.dim) : queries;
    const literals = Array.from({ length: nq }, (_, i) => vectorLiteral(q, this.dim, i));
    const excluding = ex.q.length > 0;
    let sql: string;
    let values: unknown[];
    if (nq === 1) {
      // one query: a plain statement (no CTE or LATERAL to plan)
      sql = singleSearchSql(this.table, this.metric, this.dim, excluding);
      values = excluding ? [literals[0], k, ex.text.filter((_, i) => !ex.num[i]), ex.text.filter((_, i) => ex.num[i])] : [literals[0], k];
    } else {
      sql = searchSql(this.table, this.metric, this.dim, excluding);
      values = excluding ? [literals, k, ex.q, ex.text, ex.num] : [literals, k];
    }
    type Row = { q: number; id: string; num: boolean; d: number };
    const { rows } = Object.keys(settings).length === 0 ? await this.db.query<Row>(sql, values) : await inTransaction(this.db, settings, (client) => client.query<Row>(sql, values));
    const filled = new Int32Array(nq);
    for (const row of rows) {
      const qi = row.q - 1;
      const slot = qi * k + filled[qi]!++;
      labels[slot] = table.length;
      table.push(idFromRow(row.id, row.num));
      scores[slot] = this.metric === 'l2' ? Math.max(0, scoreOf('l2', row.d)) : scoreOf(this.metric, row.d);
    }
    return new SearchResults(nq, k, labels, scores, table);
  }

  /** The settings a search must set: the named parameters, and the session defaults where the pool lacks them. */
  private searchSettings(params: SearchParams | undefined): Record<string, string> {
    const named = { ...toSettings(this.searchParams), ...toSettings(params) };
    if (this.spec.kind === 'exact') return {};
    if (hasSessionDefaults(this.db)) return named;
    return { 'hnsw.iterative_scan': 'strict_order', 'ivfflat.iterative_scan': 'relaxed_order', 'hnsw.ef_search': '100', 'ivfflat.probes': '10', ...named };
  }

  /** `kind: 'pgvector'`, the row count, `factory` (`'hnsw(m=16,ef_construction=64)'`, `'ivfflat(lists=1000)'`, `'exact'`) and the index's own `searchParams`. */
  async info(): Promise<IndexInfo> {
    const text = paramsText(this.searchParams);
    return { kind: 'pgvector', metric: this.metric, dim: this.dim, size: await this.size(), factory: factoryOf(this.spec), ...(text !== undefined ? { searchParams: text } : {}) };
  }
}
