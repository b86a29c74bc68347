/** Running statements on one connection with settings that end with the call. */
import type { PoolClient } from 'pg';
import { isUnavailable } from './errors';
import type { Queryable } from './pool';

/** Whether `db` is one client (it has `release`) rather than a pool. */
export function isClient(db: Queryable): db is PoolClient {
  return typeof (db as { release?: unknown }).release === 'function';
}

/** One `SELECT set_config(...)` for every setting (`is_local`: they end with the transaction). */
async function setLocal(client: PoolClient, settings: Record<string, string>): Promise<void> {
  const names = Object.keys(settings);
  if (names.length === 0) return;
  const calls = names.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ');
  await client.query(`SELECT ${calls}`, names.flatMap((n) => [n, settings[n]!]));
}

/**
 * Runs `fn` on one connection of `db` inside a transaction with `settings` in force for it only
 * (`set_config(name, value, true)`, i.e. `SET LOCAL`):
 * - a pool: a client is taken, `BEGIN` ... `COMMIT` (`ROLLBACK` on error), released (destroyed
 *   when the error says the connection is gone);
 * - an idle client: `BEGIN` ... `COMMIT` on it;
 * - a client already in a transaction (the caller's): the settings are set, `fn` runs, and the
 *   settings' previous values are put back, so the caller's transaction goes on as it was.
 */
export async function inTransaction<T>(db: Queryable, settings: Record<string, string>, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  if (isClient(db)) {
    const status = db.getTransactionStatus?.();
    if (status === 'T' || status === 'E') return inCallersTransaction(db, settings, fn);
    return ownTransaction(db, settings, fn);
  }
  const client = await db.connect();
  let broken: unknown;
  try {
    return await ownTransaction(client, settings, fn);
  } catch (e) {
    if (isUnavailable(e)) broken = e;
    throw e;
  } finally {
    client.release(broken instanceof Error ? broken : undefined);
  }
}

async function ownTransaction<T>(client: PoolClient, settings: Record<string, string>, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await setLocal(client, settings);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

async function inCallersTransaction<T>(client: PoolClient, settings: Record<string, string>, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const names = Object.keys(settings);
  const previous: Record<string, string> = {};
  if (names.length > 0) {
    const { rows } = await client.query<{ v: Array<string | null> }>('SELECT array(SELECT current_setting(n, true) FROM unnest($1::text[]) WITH ORDINALITY AS u(n, o) ORDER BY o) AS v', [names]);
    names.forEach((n, i) => {
      const value = rows[0]!.v[i];
      if (value !== null && value !== undefined) previous[n] = value;
    });
  }
  await setLocal(client, settings);
  const result = await fn(client);
  await setLocal(client, previous);
  return result;
}
