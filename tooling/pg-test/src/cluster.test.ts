import { Client } from 'pg';
import { isSkip, startTestCluster, SKIP_PG_ENV, type TestCluster } from './index';

let cluster: TestCluster | undefined;
let skip = '';

beforeAll(async () => {
  const started = await startTestCluster();
  if (isSkip(started)) skip = started.skip;
  else cluster = started;
});
afterAll(async () => cluster?.stop());

async function query<T extends object>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

function needCluster(): TestCluster | undefined {
  if (!cluster) console.warn(`skipped: ${skip}`);
  return cluster;
}

test('a primary that takes writes and a replica in recovery that sees them after replay', async () => {
  const c = needCluster();
  if (!c) return;
  expect(c.primary).toMatch(/^postgres:\/\/twotower@127\.0\.0\.1:\d+\/postgres$/);
  const [p] = await query<{ r: boolean; v: string }>(c.primary, "SELECT pg_is_in_recovery() AS r, (SELECT default_version FROM pg_available_extensions WHERE name = 'vector') AS v");
  expect(p).toEqual({ r: false, v: expect.stringMatching(/^0\.\d+\.\d+$/) });
  const [r] = await query<{ r: boolean }>(c.replica, 'SELECT pg_is_in_recovery() AS r');
  expect(r!.r).toBe(true);
  await query(c.primary, 'CREATE TABLE t (id int primary key, name text)');
  await query(c.primary, "INSERT INTO t VALUES (1, 'one')");
  const lsn = await c.waitForReplica();
  expect(lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
  expect(await query(c.replica, 'SELECT id, name FROM t')).toEqual([{ id: 1, name: 'one' }]);
  await expect(query(c.replica, "INSERT INTO t VALUES (2, 'two')")).rejects.toThrow(/read-only/);
});

test('stopPrimary makes the primary refuse connections; startPrimary brings it back with its data', async () => {
  const c = needCluster();
  if (!c) return;
  await query(c.primary, 'CREATE TABLE IF NOT EXISTS kept (x int)');
  await query(c.primary, 'INSERT INTO kept VALUES (42)');
  await c.stopPrimary();
  await expect(query(c.primary, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED|terminat|connect/i);
  await c.startPrimary();
  expect(await query(c.primary, 'SELECT x FROM kept')).toEqual([{ x: 42 }]);
});

test(`${SKIP_PG_ENV} turns every start into a skip with the reason`, async () => {
  const before = process.env[SKIP_PG_ENV];
  process.env[SKIP_PG_ENV] = '1';
  try {
    expect(await startTestCluster()).toEqual({ skip: expect.stringContaining(SKIP_PG_ENV) });
  } finally {
    if (before === undefined) delete process.env[SKIP_PG_ENV];
    else process.env[SKIP_PG_ENV] = before;
  }
});
