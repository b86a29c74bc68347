import type { Pool, PoolClient } from 'pg';
import { checkIndexSpec, type PgIndexSpec } from '../index-spec';
export { DEFAULT_PUBLISH_INDEX, HNSW_BELOW_ROWS, defaultPublishIndex } from './default-index';
import { checkPublishInput, nonZeroRows } from './check-input';
import { publishTables } from './publish-tables';
import { LOCK_KEYS, publishedSchema, REGISTRY_SCHEMA } from './layout';
import { PublishError } from './publish-error';
import type { PublishIndexSpecs, PublishInput, PublishOptions, PublishReport } from './publish-types';
import { ensureRegistry, inTransaction, lock, schemaExists } from './transaction';

/** The spec of each kind of table, checked (pgvector's ranges) before anything is written; `undefined`: the default for its size (`defaultPublishIndex`). */
function indexSpecs(index: PublishOptions['index']): PublishIndexSpecs {
  const given: PublishIndexSpecs = index !== undefined && 'kind' in index ? { items: index, users: index, sets: index } : ((index ?? {}) as PublishIndexSpecs);
  const checked = (spec: PgIndexSpec | undefined, field: string) => (spec === undefined ? undefined : checkIndexSpec(spec, field));
  return {
    ...(given.items ? { items: checked(given.items, 'index.items') } : {}),
    ...(given.users ? { users: checked(given.users, 'index.users') } : {}),
    ...(given.sets ? { sets: checked(given.sets, 'index.sets') } : {}),
  };
}

/** Points `twotower.current` of `name` at a published version; returns the version it pointed at before. */
async function switchCurrent(client: PoolClient, name: string, version: string, schema: string): Promise<string | undefined> {
  const before = await client.query<{ version: string }>(`SELECT version FROM ${REGISTRY_SCHEMA}.current WHERE name = $1`, [name]);
  await client.query(
    `INSERT INTO ${REGISTRY_SCHEMA}.current (name, version, schema, switched_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, schema = excluded.schema, switched_at = excluded.switched_at`,
    [name, version, schema],
  );
  const previous = before.rows[0]?.version;
  return previous === version ? undefined : previous;
}

async function insertModel(client: PoolClient, name: string, input: PublishInput, schema: string): Promise<void> {
  await client.query(`INSERT INTO ${REGISTRY_SCHEMA}.models (name, version, schema, dim, published_at, manifest) VALUES ($1, $2, $3, $4, now(), $5::jsonb)`, [
    name,
    input.version,
    schema,
    input.dim,
    JSON.stringify(input.manifest ?? null),
  ]);
}

/**
 * Publishes one model version into PostgreSQL (layout: packages/pgvector/README.md, "Published
 * layout") in one transaction: the schema `tt_<version>`, its tables (`items` and `users` as
 * `PgVectorIndex` tables of inner product, `catalogue`, `user_state`, a cosine `set_<name>` per
 * named set), every row sent with COPY, the ANN indexes built after the rows, the
 * `twotower.models` row and the switch of `twotower.current`. Either all of it is visible or none
 * (a failure rolls back: no schema, `current` unchanged).
 *
 * Idempotent: a version already in `twotower.models` under `name` only switches `current` to it.
 * Publishes of one name take an advisory lock on it, so concurrent publishes of the same version
 * write it once (the second waits, then only switches). The same version under another name shares
 * the schema. Old versions stay until {@link dropPublished}.
 *
 * `statement_timeout` is off inside the transaction (a pool's timeout would stop the index builds).
 * @param db a pool (a client of it holds the transaction)
 * @throws PublishError `BAD_INPUT` before anything is written (naming the field and row), and
 *   PgVectorError `BAD_OPTIONS` for an index spec out of pgvector's ranges;
 *   `NO_PGVECTOR` when the extension cannot be created, `CONFLICT` when `tt_<version>` exists but
 *   no published model lists it; errors of PostgreSQL pass through (after the rollback)
 */
export async function publishModel(db: Pool, model: PublishInput, options: PublishOptions = {}): Promise<PublishReport> {
  const t0 = performance.now();
  const name = options.name ?? 'default';
  checkPublishInput(model, name);
  const schema = publishedSchema(model.version);
  const index = indexSpecs(options.index);
  const keptSetRows = (model.sets ?? []).map((set) => nonZeroRows(set.vectors, set.dim));
  await ensureRegistry(db);
  return inTransaction(db, async (client) => {
    await client.query('SET LOCAL statement_timeout = 0');
    await lock(client, LOCK_KEYS.name(name));
    const report = (created: boolean, previous: string | undefined, rows: Record<string, number>): PublishReport => {
      const out: PublishReport = { name, version: model.version, schema, created, rows, seconds: (performance.now() - t0) / 1000 };
      if (previous !== undefined) out.previous = previous;
      return out;
    };
    const mine = await client.query(`SELECT schema FROM ${REGISTRY_SCHEMA}.models WHERE name = $1 AND version = $2`, [name, model.version]);
    if ((mine.rowCount ?? 0) > 0) {
      if (!(await schemaExists(client, schema))) {
        throw new PublishError('CONFLICT', `version ${model.version} of model "${name}" is listed in ${REGISTRY_SCHEMA}.models but its schema ${schema} is gone: delete that row (DELETE FROM ${REGISTRY_SCHEMA}.models WHERE name = '${name}' AND version = '${model.version}') and publish again`);
      }
      return report(false, await switchCurrent(client, name, model.version, schema), {});
    }
    await lock(client, LOCK_KEYS.schema(schema));
    const shared = await client.query(`SELECT name FROM ${REGISTRY_SCHEMA}.models WHERE schema = $1 LIMIT 1`, [schema]);
    if ((shared.rowCount ?? 0) > 0 && (await schemaExists(client, schema))) {
      await insertModel(client, name, model, schema);
      return report(false, await switchCurrent(client, name, model.version, schema), {});
    }
    if (await schemaExists(client, schema)) {
      throw new PublishError('CONFLICT', `schema ${schema} exists but no published model lists it (not written by a publish): drop it (DROP SCHEMA ${schema} CASCADE) if it is a leftover, then publish again`);
    }
    await client.query(`CREATE SCHEMA ${schema}`);
    const build = options.maintenanceWorkMem === null ? {} : { maintenanceWorkMem: options.maintenanceWorkMem ?? '1GB' };
    const rows = await publishTables(client, schema, model, keptSetRows, index, build, options.onProgress);
    await insertModel(client, name, model, schema);
    return report(true, await switchCurrent(client, name, model.version, schema), rows);
  });
}
