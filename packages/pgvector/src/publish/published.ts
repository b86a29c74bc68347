import type { Pool } from 'pg';
import { LOCK_KEYS, REGISTRY_SCHEMA } from './layout';
import { PublishError } from './publish-error';
import type { PublishedVersion } from './publish-types';
import { inTransaction, lock, schemaExists } from './transaction';

/** Whether the registry (`twotower.models`) exists: nothing was ever published when it does not. */
async function hasRegistry(db: Pool): Promise<boolean> {
  const r = await db.query<{ t: string | null }>(`SELECT to_regclass('${REGISTRY_SCHEMA}.models')::text AS t`);
  return r.rows[0]?.t != null;
}

/**
 * Every published version (of model `name`, or of every name), newest first, each with whether
 * `twotower.current` points at it. Empty when nothing was ever published.
 */
export async function listPublished(db: Pool, name?: string): Promise<PublishedVersion[]> {
  if (!(await hasRegistry(db))) return [];
  const r = await db.query<{ name: string; version: string; schema: string; dim: number; published_at: Date; current: boolean }>(
    `SELECT m.name, m.version, m.schema, m.dim, m.published_at, (c.version IS NOT NULL) AS current
       FROM ${REGISTRY_SCHEMA}.models m
       LEFT JOIN ${REGISTRY_SCHEMA}.current c ON c.name = m.name AND c.version = m.version
      WHERE $1::text IS NULL OR m.name = $1
      ORDER BY m.name, m.published_at DESC, m.version`,
    [name ?? null],
  );
  return r.rows.map((row) => ({ name: row.name, version: row.version, schema: row.schema, dim: row.dim, publishedAt: row.published_at, current: row.current }));
}

/** The version `twotower.current` points at for model `name` and its schema, or undefined when none (or nothing was ever published). */
export async function currentPublished(db: Pool, name: string): Promise<{ version: string; schema: string } | undefined> {
  if (!(await hasRegistry(db))) return undefined;
  const r = await db.query<{ version: string; schema: string }>(`SELECT version, schema FROM ${REGISTRY_SCHEMA}.current WHERE name = $1`, [name]);
  const row = r.rows[0];
  return row && { version: row.version, schema: row.schema };
}

/** What {@link dropPublished} removed. */
export interface DropReport {
  name: string;
  version: string;
  schema: string;
  /** `false` when another model name still lists the same schema (the same version published under two names): only this name's row went. */
  schemaDropped: boolean;
}

/**
 * Removes a published version of model `name`: its `twotower.models` row and its schema
 * (`DROP SCHEMA tt_<version> CASCADE`, unless another name still lists it), in one transaction
 * under the name's advisory lock (never during a publish of the same name).
 * @throws PublishError `IS_CURRENT` for the version `current` points at (publish another first),
 *   `NOT_PUBLISHED` (naming the versions there are) for a version that is not published
 */
export async function dropPublished(db: Pool, name: string, version: string): Promise<DropReport> {
  if (!(await hasRegistry(db))) throw new PublishError('NOT_PUBLISHED', `nothing is published in this database (no ${REGISTRY_SCHEMA}.models): nothing to drop`);
  return inTransaction(db, async (client) => {
    await client.query('SET LOCAL statement_timeout = 0');
    await lock(client, LOCK_KEYS.name(name));
    const row = await client.query<{ schema: string }>(`SELECT schema FROM ${REGISTRY_SCHEMA}.models WHERE name = $1 AND version = $2`, [name, version]);
    const schema = row.rows[0]?.schema;
    if (schema === undefined) {
      const there = await client.query<{ version: string }>(`SELECT version FROM ${REGISTRY_SCHEMA}.models WHERE name = $1 ORDER BY published_at DESC`, [name]);
      const versions = there.rows.map((r) => r.version);
      throw new PublishError('NOT_PUBLISHED', `version ${version} of model "${name}" is not published: ${versions.length > 0 ? `the published versions are ${versions.join(', ')}` : `no version of "${name}" is published`}`);
    }
    const current = await client.query<{ version: string }>(`SELECT version FROM ${REGISTRY_SCHEMA}.current WHERE name = $1`, [name]);
    if (current.rows[0]?.version === version) {
      throw new PublishError(
        'IS_CURRENT',
        `version ${version} is the current version of model "${name}" (${schema}): servers read it. Publish another version first (twotower-train publish --model DIR --database URL${name === 'default' ? '' : ` --name ${name}`}), then drop this one`,
      );
    }
    await client.query(`DELETE FROM ${REGISTRY_SCHEMA}.models WHERE name = $1 AND version = $2`, [name, version]);
    await lock(client, LOCK_KEYS.schema(schema));
    const others = await client.query(`SELECT 1 FROM ${REGISTRY_SCHEMA}.models WHERE schema = $1 LIMIT 1`, [schema]);
    const schemaDropped = (others.rowCount ?? 0) === 0 && (await schemaExists(client, schema));
    if (!/^tt_[a-z0-9_]{1,59}$/.test(schema)) throw new PublishError('CONFLICT', `${REGISTRY_SCHEMA}.models lists schema ${JSON.stringify(schema)} for version ${version}, which publishing never writes: drop it by hand`);
    if (schemaDropped) await client.query(`DROP SCHEMA ${schema} CASCADE`);
    return { name, version, schema, schemaDropped };
  });
}
