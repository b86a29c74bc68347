import * as net from 'node:net';
import { isSkip, startTestCluster, type TestCluster } from '@twotower/pg-test';
import type { Pool } from 'pg';
import { isTimeout, isUnavailable } from './errors';
import { PgVectorIndex } from './pg-vector-index';
import { createPool } from './pool';
import { describePg } from './test-utils';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The rejection of `p` (fails the test when `p` resolves). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

// This file stops its database: it has a cluster of its own, not the run's shared one.
describePg('failures: timeouts and outages', () => {
  let cluster: TestCluster;
  let pool: Pool;
  beforeAll(async () => {
    const started = await startTestCluster();
    if (isSkip(started)) throw new Error(started.skip);
    cluster = started;
    pool = createPool(cluster.primary, { connectionTimeoutMillis: 1000, statementTimeoutMillis: 50, max: 3 });
  });
  afterAll(async () => {
    await pool?.end();
    await cluster?.stop();
  });

  it('a statement past statement_timeout is a timeout, not an outage', async () => {
    const e = await rejection(pool.query('SELECT pg_sleep(1)'));
    expect(e).toMatchObject({ code: '57014' });
    expect(isTimeout(e)).toBe(true);
    expect(isUnavailable(e)).toBe(false);
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('a database that goes away is unavailable (idle and mid-query), and the same pool recovers when it is back', async () => {
    // Set up without the 50 ms statement timeout (CREATE EXTENSION can take longer on a loaded
    // machine), then search through the short-timeout pool.
    const setup = createPool(cluster.primary, { statementTimeoutMillis: 0, max: 1 });
    try {
      const created = await PgVectorIndex.create(setup, { table: 'outage', dim: 2, metric: 'ip', index: { kind: 'exact' } });
      await created.add(['a'], Float32Array.from([1, 0]));
    } finally {
      await setup.end();
    }
    const index = await PgVectorIndex.open(pool, 'outage');
    const slow = createPool(cluster.primary, { statementTimeoutMillis: 0, max: 1 });
    const midQuery = rejection(slow.query('SELECT pg_sleep(30)'));
    await sleep(100);
    await cluster.stopPrimary();
    const e1 = await midQuery;
    expect(isUnavailable(e1)).toBe(true);
    await slow.end();
    const e2 = await rejection(index.search(Float32Array.from([1, 0]), 1));
    expect(isUnavailable(e2)).toBe(true);
    expect(isTimeout(e2)).toBe(false);
    await cluster.startPrimary();
    let answer: string[] | undefined;
    for (let tries = 0; tries < 100 && answer === undefined; tries++) {
      try {
        answer = (await index.search(Float32Array.from([1, 0]), 1)).ids(0) as string[];
      } catch (e) {
        // While the database starts: unavailable, or (a cold catalogue on a loaded machine) past
        // the 50 ms statement timeout. Anything else fails the test.
        expect(isUnavailable(e) || isTimeout(e)).toBe(true);
        await sleep(100);
      }
    }
    expect(answer).toEqual(['a']);
  });

  it('a server that accepts but never answers fails the connect after connectionTimeoutMillis, as unavailable', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const stuck = createPool(`postgres://twotower@127.0.0.1:${port}/postgres`, { connectionTimeoutMillis: 200 });
    try {
      const e = await rejection(stuck.query('SELECT 1'));
      expect(isUnavailable(e)).toBe(true);
      expect(String((e as Error).message)).toMatch(/timeout/i);
    } finally {
      await stuck.end();
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
