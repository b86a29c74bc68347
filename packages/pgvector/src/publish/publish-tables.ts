import type { PoolClient } from 'pg';
import { PgVectorIndex, type PgBuildIndexOptions } from '../pg-vector-index';
import { defaultPublishIndex } from './default-index';
import { copyCsvRows, csvFloat, csvText, textArrayLiteral } from './copy-rows';
import { PUBLISHED_TABLES, publishedSetTable, qualified } from './layout';
import type { PublishIndexSpecs, PublishInput, PublishOptions, SeenInput } from './publish-types';

type Progress = PublishOptions['onProgress'];

/** The item ids user u trained on. */
function seenIds(seen: SeenInput, itemIds: readonly string[], u: number): readonly string[] {
  if (Array.isArray(seen)) return seen[u] as readonly string[];
  const { offsets, items } = seen as { offsets: Int32Array; items: Int32Array };
  const out: string[] = [];
  for (let p = offsets[u]!; p < offsets[u + 1]!; p++) out.push(itemIds[items[p]!]!);
  return out;
}

/** Creates a PgVectorIndex table and COPYs its rows in (no ANN index yet); `spec` undefined: the default for its rows (`defaultPublishIndex`). */
async function vectorTable(client: PoolClient, schema: string, table: string, spec: PublishIndexSpecs['items'], metric: 'ip' | 'cosine', dim: number, ids: readonly string[], vectors: Float32Array, onProgress: Progress): Promise<PgVectorIndex> {
  const index = await PgVectorIndex.create(client, { table: qualified(schema, table), dim, metric, index: spec ?? defaultPublishIndex(ids.length) });
  onProgress?.({ phase: 'copy', table, done: 0, total: ids.length });
  await index.add(ids, vectors, onProgress ? { onProgress: (done, total) => onProgress({ phase: 'copy', table, done, total }) } : {});
  return index;
}

/** Rows `rows` of `[n × dim]` vectors and their ids. */
function pick(ids: readonly string[], vectors: Float32Array, dim: number, rows: Int32Array): { ids: string[]; vectors: Float32Array } {
  if (rows.length === ids.length) return { ids: [...ids], vectors };
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => out.set(vectors.subarray(r * dim, (r + 1) * dim), i * dim));
  return { ids: Array.from(rows, (r) => ids[r]!), vectors: out };
}

/**
 * Writes the tables of one version into `schema` (already created, inside the publish
 * transaction): rows first, with COPY, then every ANN index.
 * @param keptSetRows `[sets]` rows of each named set that have a vector (all-zero rows are left out)
 * @param build options of every index build (`maintenance_work_mem`)
 * @returns rows written per table
 */
export async function publishTables(client: PoolClient, schema: string, model: PublishInput, keptSetRows: readonly Int32Array[], index: PublishIndexSpecs, build: PgBuildIndexOptions, onProgress: Progress): Promise<Record<string, number>> {
  const { items, users, dim } = model;
  const rows: Record<string, number> = {};
  const indexes: Array<[string, PgVectorIndex]> = [];

  indexes.push([PUBLISHED_TABLES.items, await vectorTable(client, schema, PUBLISHED_TABLES.items, index.items, 'ip', dim, items.ids, items.vectors, onProgress)]);
  rows[PUBLISHED_TABLES.items] = items.ids.length;

  const catalogue = qualified(schema, PUBLISHED_TABLES.catalogue);
  await client.query(`CREATE TABLE ${catalogue} (id text PRIMARY KEY, idx int NOT NULL, title text NOT NULL, added boolean NOT NULL DEFAULT false, added_at timestamptz)`);
  const tick = (table: string) => (done: number) => onProgress?.({ phase: 'copy', table, done, total: table === PUBLISHED_TABLES.catalogue ? items.ids.length : users.ids.length });
  await copyCsvRows(client, catalogue, ['id', 'idx', 'title', 'added'], items.ids.length, (i) => `${csvText(items.ids[i]!)},${i},${csvText(items.titles[i]!)},false`, tick(PUBLISHED_TABLES.catalogue));
  rows[PUBLISHED_TABLES.catalogue] = items.ids.length;

  indexes.push([PUBLISHED_TABLES.users, await vectorTable(client, schema, PUBLISHED_TABLES.users, index.users, 'ip', dim, users.ids, users.vectors, onProgress)]);
  rows[PUBLISHED_TABLES.users] = users.ids.length;

  const userState = qualified(schema, PUBLISHED_TABLES.userState);
  await client.query(`CREATE TABLE ${userState} (id text PRIMARY KEY, idx int NOT NULL, last_ts double precision NOT NULL, seen text[] NOT NULL)`);
  await copyCsvRows(
    client,
    userState,
    ['id', 'idx', 'last_ts', 'seen'],
    users.ids.length,
    (u) => `${csvText(users.ids[u]!)},${u},${csvFloat(users.lastTimestamp[u]!)},${csvText(textArrayLiteral(seenIds(users.seen, items.ids, u)))}`,
    tick(PUBLISHED_TABLES.userState),
  );
  rows[PUBLISHED_TABLES.userState] = users.ids.length;

  for (const [s, set] of (model.sets ?? []).entries()) {
    const table = publishedSetTable(set.name);
    const kept = pick(set.ids, set.vectors, set.dim, keptSetRows[s]!);
    indexes.push([table, await vectorTable(client, schema, table, index.sets, 'cosine', set.dim, kept.ids, kept.vectors, onProgress)]);
    rows[table] = kept.ids.length;
  }

  for (const [table, built] of indexes) {
    onProgress?.({ phase: 'index', table, done: 0, total: 1 });
    await built.buildIndex(build);
    onProgress?.({ phase: 'index', table, done: 1, total: 1 });
  }
  return rows;
}
