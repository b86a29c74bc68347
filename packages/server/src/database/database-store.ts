import type { Pool, PoolClient } from 'pg';
import { createPool, PgVectorIndex, publishedSetTable, redactUrl, type PgPoolOptions } from '@twotower/pgvector';
import { ServingError } from '../errors';
import { DatabaseHealth } from './database-health';
import { servingErrorOf } from './database-errors';

/** Where a model is served from when it is served from PostgreSQL (`twotower-serve --database`). */
export interface DatabaseOptions {
  /** The primary's URL (`postgres://user:password@host:5432/db`): published model, and new items are written here. */
  url: string;
  /** A read replica's URL (a hot standby): searches and user state are read there. Default: `url`. */
  readUrl?: string;
  /** The published model's name (`twotower-train publish --name`). Default `'default'`. */
  name?: string;
  /** Pool sizes, timeouts and search settings of both pools (see `PgPoolOptions`). Default: 10 connections, 5 s to connect, 5 s statement timeout, HNSW ef_search 100, the ANN index preferred to a sequential scan (`search.preferIndex`). */
  pool?: PgPoolOptions;
}

/** What the database holds of a known user: the default-time query embedding, training items and time. */
export interface StoredUser {
  /** `[dim]` query embedding at the user's default time. */
  vector: Float32Array;
  /** Training item ids (left out of user-items answers by default). */
  seen: string[];
  /** The user's latest training timestamp (the default time). */
  lastTimestamp: number;
}

/** An item added after the model was published (`POST /admin/items` on any replica). */
export interface StoredItem {
  title: string;
  /** `[dim]` candidate-tower embedding. */
  vector: Float32Array;
}

/** A named embedding set published with the model. */
export interface PublishedSet {
  name: string;
  /** What a row is. */
  of: 'items' | 'users';
  /** Its table (cosine). */
  index: PgVectorIndex;
  /** Rows with a vector. */
  rows: number;
}

/** A statement timeout of the pools when none is given, ms (as `@twotower/pgvector`'s default). */
const DEFAULT_STATEMENT_TIMEOUT = 5000;

/** A lower-case identifier of one schema or set name, or throws naming it. */
function identifier(name: string, what: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`${what} ${JSON.stringify(name)} is not a plain lower-case SQL identifier`);
  return name;
}

/**
 * One published model version in PostgreSQL, as a serving replica uses it: the item and user
 * tables (pgvector indexes), the user state, the items added since publishing, and the named sets,
 * through a pool on the primary (writes) and one on the read replica (everything else; the same
 * pool when there is none). Every call goes through {@link run}: database failures become 503 / 504
 * serving errors and mark the database down until it answers again ({@link health}).
 */
export class DatabaseStore {
  /** The published model's name and version, and its schema (`tt_<version>`). */
  readonly name: string;
  readonly version: string;
  readonly schema: string;
  /** The URLs, password hidden, for messages and `GET /v1/model`. */
  readonly url: string;
  readonly readUrl: string;
  readonly statementTimeout: number;
  /** Candidate embeddings of the catalogue and of every item added since publishing (ip), read through the read pool. */
  readonly items: PgVectorIndex;
  /** Default-time query embedding of every known user (ip), read through the read pool. */
  readonly users: PgVectorIndex;
  /** Named embedding sets published with the model (cosine), by name: what a row is, the table, and how many rows have a vector. */
  readonly sets: ReadonlyMap<string, PublishedSet>;
  readonly health: DatabaseHealth;
  private readonly write: Pool;
  private readonly read: Pool;
  private readonly added = new Map<string, StoredItem>();

  private constructor(parts: { name: string; version: string; schema: string; url: string; readUrl: string; statementTimeout: number; write: Pool; read: Pool; items: PgVectorIndex; users: PgVectorIndex; sets: Map<string, PublishedSet>; onHealth?: (reason: string | undefined) => void }) {
    this.name = parts.name;
    this.version = parts.version;
    this.schema = parts.schema;
    this.url = parts.url;
    this.readUrl = parts.readUrl;
    this.statementTimeout = parts.statementTimeout;
    this.write = parts.write;
    this.read = parts.read;
    this.items = parts.items;
    this.users = parts.users;
    this.sets = parts.sets;
    this.health = new DatabaseHealth(parts.read, parts.onHealth);
  }

  /**
   * Opens the published version `version` of model `options.name`: its schema must be listed in
   * `twotower.models` (written by `twotower-train publish`). Refuses, naming the (redacted) URL and
   * what to do, when the database cannot be reached, has no such version, or its tables are not there.
   * @param namedSets named sets of the model directory (of items or users) to serve from the database, when published
   */
  static async open(options: DatabaseOptions, version: string, namedSets: ReadonlyArray<{ name: string; of: 'items' | 'users' }>, onHealth?: (reason: string | undefined) => void): Promise<DatabaseStore> {
    const name = options.name ?? 'default';
    const url = redactUrl(options.url);
    const readUrl = redactUrl(options.readUrl ?? options.url);
    // the planner would scan a catalogue of a few thousand items and sort it rather than walk its HNSW index
    const poolOptions = { ...options.pool, search: { preferIndex: true, ...options.pool?.search } };
    const write = createPool(options.url, poolOptions);
    const read = options.readUrl !== undefined && options.readUrl !== options.url ? createPool(options.readUrl, poolOptions) : write;
    try {
      let row: { schema: string } | undefined;
      try {
        row = (await write.query<{ schema: string }>('SELECT schema FROM twotower.models WHERE name = $1 AND version = $2', [name, version])).rows[0];
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === '3F000' || code === '42P01') throw new Error(`the database at ${url} has no published model (no twotower schema): publish one with twotower-train publish --model DIR --database URL`, { cause: e });
        throw new Error(`the database at ${url} cannot be reached: ${(e as Error).message}`, { cause: e });
      }
      if (row === undefined) {
        const published = (await write.query<{ version: string }>('SELECT version FROM twotower.models WHERE name = $1 ORDER BY published_at DESC', [name])).rows.map((r) => r.version);
        throw new Error(
          `model ${JSON.stringify(name)} version ${version} (this model directory's) is not published in the database at ${url}` +
            (published.length > 0 ? ` (published: ${published.join(', ')})` : ' (nothing is published under that name)') +
            `: publish it with twotower-train publish --model DIR --database URL${name === 'default' ? '' : ` --name ${name}`}, or serve the directory of a published version`,
        );
      }
      const schema = identifier(row.schema, 'published schema');
      const table = (t: string) => `${schema}.${t}`;
      let items: PgVectorIndex;
      let users: PgVectorIndex;
      const sets = new Map<string, PublishedSet>();
      try {
        items = await PgVectorIndex.open(read, table('items'));
        users = await PgVectorIndex.open(read, table('users'));
        for (const set of namedSets) {
          const t = publishedSetTable(set.name);
          const exists = (await read.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [schema, t])).rowCount;
          if (!exists) continue;
          const index = await PgVectorIndex.open(read, table(t));
          sets.set(set.name, { name: set.name, of: set.of, index, rows: await index.size() });
        }
      } catch (e) {
        throw new Error(`the published tables of version ${version} in ${schema} at ${readUrl} cannot be read (${(e as Error).message}): publish the model again (twotower-train publish), or wait for the replica to catch up`, { cause: e });
      }
      const statementTimeout = options.pool?.statementTimeoutMillis ?? DEFAULT_STATEMENT_TIMEOUT;
      return new DatabaseStore({ name, version, schema, url, readUrl, statementTimeout, write, read, items, users, sets, ...(onHealth ? { onHealth } : {}) });
    } catch (e) {
      await Promise.allSettled([write.end(), read === write ? Promise.resolve() : read.end()]);
      throw e;
    }
  }

  /**
   * Runs `fn` against the database: a failure to reach it (503 DATABASE_UNAVAILABLE) or a
   * statement timeout (504 DATABASE_TIMEOUT) becomes a serving error naming the URL, and marks the
   * database down until it answers again; a success marks it up.
   */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      const out = await fn();
      this.health.markUp();
      return out;
    } catch (e) {
      const mapped = servingErrorOf(e, this.readUrl, this.statementTimeout);
      if (mapped === undefined) throw e;
      if (mapped.code === 'DATABASE_UNAVAILABLE') this.health.markDown((e as Error).message);
      throw mapped;
    }
  }

  /** The stored state of known users, by id (ids the database does not hold are absent). */
  async userStates(ids: readonly string[]): Promise<Map<string, StoredUser>> {
    if (ids.length === 0) return new Map();
    const s = this.schema;
    const { rows } = await this.run(() =>
      this.read.query<{ id: string; last_ts: number; seen: string[]; v: number[] }>(
        `SELECT s.id, s.last_ts, s.seen, u.embedding::real[] AS v FROM ${s}.user_state s JOIN ${s}.users u ON u.id = s.id AND NOT u.num WHERE s.id = ANY($1::text[])`,
        [ids],
      ),
    );
    return new Map(rows.map((r) => [r.id, { vector: Float32Array.from(r.v), seen: r.seen, lastTimestamp: Number(r.last_ts) }]));
  }

  /**
   * A known user's default user-items search in ONE statement (one round trip, one prepared plan
   * per connection): each user's stored query embedding searched against the published items with
   * their training items and `exclude[i]` left out, `k` deep. Half the statements, and about 40%
   * less PostgreSQL CPU per request, than {@link userStates} followed by `items.search` (the
   * serving-db bench's profile).
   * @returns per user, in order: its default time and the ids found with their inner products,
   *   best first, or `undefined` for a user the database does not hold
   */
  async searchForUsers(ids: readonly string[], k: number, exclude: ReadonlyArray<readonly string[]>): Promise<Array<{ lastTimestamp: number; ids: string[]; scores: number[] } | undefined>> {
    if (ids.length === 0) return [];
    const { rows } = await this.run(() =>
      this.read.query<{ ord: number; last_ts: number; id: string | null; d: number | null }>({ name: `tt_user_items_${this.schema}`, text: this.userSearchSql(), values: [ids, k, exclude.flatMap((e, i) => e.map(() => i + 1)), exclude.flat()] }),
    );
    const out: Array<{ lastTimestamp: number; ids: string[]; scores: number[] } | undefined> = new Array(ids.length).fill(undefined);
    for (const r of rows) {
      const slot = (out[r.ord - 1] ??= { lastTimestamp: Number(r.last_ts), ids: [], scores: [] });
      if (r.id === null) continue;
      slot.ids.push(r.id);
      slot.scores.push(-Number(r.d));
    }
    return out;
  }

  /**
   * `$1` user ids, `$2` k, `$3`/`$4` extra excluded ids by user number (1-based). Users are a
   * MATERIALIZED CTE joined to their state and embedding; each searched by a LEFT JOIN LATERAL
   * ordered by the inner-product operator (the items' index serves it; pgvector's iterative scan
   * goes on until `k` rows pass the filter), so a user with no hit still returns one row.
   */
  private userSearchSql(): string {
    const s = this.schema;
    return (
      `WITH x AS MATERIALIZED (SELECT x.ord::int AS ord, st.last_ts, u.embedding AS v, st.seen || coalesce(e.ids, '{}') AS skip ` +
      `FROM unnest($1::text[]) WITH ORDINALITY AS x(id, ord) JOIN ${s}.user_state st ON st.id = x.id JOIN ${s}.users u ON u.id = x.id AND NOT u.num ` +
      `LEFT JOIN (SELECT e.q, array_agg(e.id) AS ids FROM unnest($3::int[], $4::text[]) AS e(q, id) GROUP BY e.q) e ON e.q = x.ord) ` +
      `SELECT x.ord, x.last_ts, r.id, r.d FROM x LEFT JOIN LATERAL (SELECT t.id, t.embedding <#> x.v AS d FROM ${s}.items t ` +
      `WHERE t.num OR t.id <> ALL (x.skip) ORDER BY t.embedding <#> x.v LIMIT $2) r ON true ORDER BY x.ord, r.d`
    );
  }

  /**
   * Items added after publishing among `ids` (by any replica): title and embedding, by id. Found
   * ones are remembered (items are never replaced), so each is read from the database once.
   */
  async addedItems(ids: readonly string[]): Promise<Map<string, StoredItem>> {
    const out = new Map<string, StoredItem>();
    const missing: string[] = [];
    for (const id of ids) {
      const known = this.added.get(id);
      if (known) out.set(id, known);
      else missing.push(id);
    }
    if (missing.length === 0) return out;
    const s = this.schema;
    const { rows } = await this.run(() =>
      this.read.query<{ id: string; title: string; v: number[] }>(
        `SELECT c.id, c.title, i.embedding::real[] AS v FROM ${s}.catalogue c JOIN ${s}.items i ON i.id = c.id AND NOT i.num WHERE c.added AND c.id = ANY($1::text[])`,
        [missing],
      ),
    );
    for (const r of rows) {
      const item = { title: r.title, vector: Float32Array.from(r.v) };
      this.added.set(r.id, item);
      out.set(r.id, item);
    }
    return out;
  }

  /** Number of items added since publishing (all replicas). */
  async addedCount(): Promise<number> {
    const { rows } = await this.run(() => this.read.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.schema}.catalogue WHERE added`));
    return Number(rows[0]!.n);
  }

  /**
   * Adds items to the published model on the primary, in one transaction (catalogue rows and
   * embeddings): every replica finds them from then on (a replica reading a standby once it has
   * replayed the commit).
   * @param vectors `[n × dim]` candidate-tower embeddings
   * @throws ServingError 409 ITEM_EXISTS naming the ids another replica added meanwhile
   */
  async addItems(ids: readonly string[], titles: readonly string[], vectors: Float32Array): Promise<void> {
    const s = this.schema;
    await this.run(async () => {
      const client: PoolClient = await this.write.connect();
      try {
        await client.query('BEGIN');
        const taken = await client.query<{ id: string }>(`SELECT id FROM ${s}.catalogue WHERE id = ANY($1::text[]) FOR SHARE`, [ids]);
        if (taken.rows.length > 0) {
          const list = taken.rows.map((r) => r.id);
          throw new ServingError(409, 'ITEM_EXISTS', `items ${list.map((i) => JSON.stringify(i)).join(', ')} are already served (added by another replica, or in the catalogue): nothing was added; give them new ids`, { ids: list });
        }
        await client.query(`INSERT INTO ${s}.catalogue (id, idx, title, added, added_at) SELECT id, -1, title, true, now() FROM unnest($1::text[], $2::text[]) AS t(id, title)`, [ids, titles]);
        await this.items.withDb(client).add(ids, vectors);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        if ((e as { code?: string }).code === '23505') throw new ServingError(409, 'ITEM_EXISTS', `one of items ${ids.map((i) => JSON.stringify(i)).join(', ')} was added by another replica meanwhile: nothing was added; retry without it`, { ids: [...ids] });
        throw e;
      } finally {
        client.release();
      }
    });
  }

  /** Ends both pools and the health probe. */
  async close(): Promise<void> {
    this.health.close();
    await Promise.allSettled([this.write.end(), this.read === this.write ? Promise.resolve() : this.read.end()]);
  }
}
