import type { Pool, PoolClient } from 'pg';
import { LOCK_KEYS, REGISTRY_DDL } from './layout';
import { PublishError } from './publish-error';

/**
 * Runs `work` in one transaction on a client of `db`: COMMIT when it resolves, ROLLBACK when it
 * throws (the error passes through). The client goes back to the pool, or is discarded when the
 * connection broke.
 */
export async function inTransaction<T>(db: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const out = await work(client);
    await client.query('COMMIT');
    return out;
  } catch (e) {
    try {
      await client.query('ROLLBACK');
    } catch (rollback) {
      broken = rollback as Error;
    }
    throw e;
  } finally {
    client.release(broken);
  }
}

/** Takes the transaction-scoped advisory lock of `key` (waits for whoever holds it). */
export async function lock(client: PoolClient, key: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
}

/** Whether a schema exists. */
export async function schemaExists(client: PoolClient | Pool, schema: string): Promise<boolean> {
  const r = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  return (r.rowCount ?? 0) > 0;
}

/**
 * Creates what every publish needs, when missing, in its own short transaction (one publisher at a
 * time, so concurrent first publishes do not race on `CREATE ... IF NOT EXISTS`): the `vector`
 * extension and the registry (`twotower.models`, `twotower.current`).
 * @throws PublishError `NO_PGVECTOR` when `CREATE EXTENSION vector` fails
 */
export async function ensureRegistry(db: Pool): Promise<void> {
  await inTransaction(db, async (client) => {
    await lock(client, LOCK_KEYS.registry);
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS vector');
    } catch (e) {
      throw new PublishError('NO_PGVECTOR', `CREATE EXTENSION vector failed: install pgvector on the server or ask your provider to enable it (${(e as Error).message})`);
    }
    for (const sql of REGISTRY_DDL) await client.query(sql);
  });
}
