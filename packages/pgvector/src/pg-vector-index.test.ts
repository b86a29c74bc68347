import { BruteForceIndex, clusteredVectors, recallAtK } from '@twotower/index';
import { waitForReplay } from '@twotower/pg-test';
import { Pool } from 'pg';
import { PgVectorIndex } from './pg-vector-index';
import { searchSql, singleSearchSql } from './search-sql';
import { describePg, freshTable, PG, testPool } from './test-utils';

const DIM = 16;

describePg('PgVectorIndex on PostgreSQL', () => {
  let pool: Pool;
  beforeAll(() => {
    pool = testPool();
  });
  afterAll(() => pool.end());

  it('bulk-loads a few thousand rows by COPY, reporting progress, and stores them as given', async () => {
    const n = 5000;
    const vectors = clusteredVectors({ n, dim: DIM, seed: 3 });
    const ids = Array.from({ length: n }, (_, i) => `item-${i}`);
    const index = await PgVectorIndex.create(pool, { table: freshTable('bulk'), dim: DIM, metric: 'l2', index: { kind: 'exact' } });
    const calls: Array<[number, number]> = [];
    await index.add(ids, vectors, { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls[0]).toEqual([0, n]);
    expect(calls.at(-1)).toEqual([n, n]);
    expect(calls.length).toBeGreaterThan(2);
    for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThanOrEqual(calls[i - 1]![0]);
    expect(await index.size()).toBe(n);
    const [first, missing, last] = await index.vectors(['item-0', 'nope', `item-${n - 1}`]);
    expect(first).toEqual(vectors.subarray(0, DIM));
    expect(missing).toBeUndefined();
    expect(last).toEqual(vectors.subarray((n - 1) * DIM));
    const cosine = await PgVectorIndex.create(pool, { table: freshTable('bulk_cos'), dim: 2, metric: 'cosine' });
    await cosine.add([7], Float32Array.from([3, 4]));
    const [stored] = await cosine.vectors([7]);
    expect(Array.from(stored!)).toEqual([Math.fround(0.6), Math.fround(0.8)]);
  });

  it('builds its HNSW index once, after the load, and the batched search uses it', async () => {
    const vectors = clusteredVectors({ n: 3000, dim: DIM, seed: 5 });
    const ids = Array.from({ length: 3000 }, (_, i) => i);
    const table = freshTable('built');
    const index = await PgVectorIndex.create(pool, { table, dim: DIM, metric: 'ip', index: { kind: 'hnsw', m: 8, efConstruction: 32 } });
    await index.add(ids, vectors);
    await index.buildIndex();
    await index.buildIndex();
    const { rows } = await pool.query<{ def: string }>('SELECT indexdef AS def FROM pg_indexes WHERE tablename = $1 AND indexdef LIKE $2', [table, '%hnsw%']);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.def).toMatch(/USING hnsw \(embedding vector_ip_ops\) WITH \(m='?8'?, ef_construction='?32'?\)/);
    const plan = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${searchSql(table, 'ip', DIM, true)}`, [['[' + Array(DIM).fill(0.1).join(',') + ']'], 10, [1], ['x'], [false]]);
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Scan using \w+ on \w+ t/);
    const single = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${singleSearchSql(table, 'ip', DIM, true)}`, ['[' + Array(DIM).fill(0.1).join(',') + ']', 10, ['x'], ['1']]);
    expect(single.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Scan using \w+ on \w+ t/);
    expect(await index.info()).toEqual({ kind: 'pgvector', metric: 'ip', dim: DIM, size: 3000, factory: 'hnsw(m=8,ef_construction=32)' });
    // rows added after the build enter the index
    await index.add(['late'], Float32Array.from({ length: DIM }, () => 10));
    expect((await index.search(Float32Array.from({ length: DIM }, () => 1), 1)).ids(0)).toEqual(['late']);
  });

  it('sizes IVFFlat lists from the rows at build time', async () => {
    const index = await PgVectorIndex.create(pool, { table: freshTable('ivf'), dim: DIM, metric: 'l2', index: { kind: 'ivfflat' } });
    await index.add(Array.from({ length: 4000 }, (_, i) => i), clusteredVectors({ n: 4000, dim: DIM, seed: 9 }));
    await index.buildIndex();
    expect(index.indexSpec).toEqual({ kind: 'ivfflat', lists: 4 });
    expect((await PgVectorIndex.open(pool, index.table)).indexSpec).toEqual({ kind: 'ivfflat', lists: 4 });
  });

  it('opens a table back from its comment, and refuses tables that are not its own', async () => {
    const vectors = clusteredVectors({ n: 500, dim: DIM, seed: 2 });
    const ids = Array.from({ length: 500 }, (_, i) => `u${i}`);
    const made = await PgVectorIndex.create(pool, { table: freshTable('reopen'), dim: DIM, metric: 'cosine', index: { kind: 'ivfflat', lists: 5 } });
    await made.add(ids, vectors);
    await made.buildIndex();
    const opened = await PgVectorIndex.open(pool, made.table, { searchParams: { probes: 5 } });
    expect([opened.dim, opened.metric, opened.indexSpec]).toEqual([DIM, 'cosine', { kind: 'ivfflat', lists: 5 }]);
    expect(await opened.info()).toMatchObject({ size: 500, factory: 'ivfflat(lists=5)', searchParams: 'probes=5' });
    const q = vectors.subarray(0, 3 * DIM);
    expect((await opened.search(q, 5)).toJSON()).toEqual((await made.search(q, 5, { params: { probes: 5 } })).toJSON());
    await pool.query('CREATE TABLE not_ours (x int)');
    await expect(PgVectorIndex.open(pool, 'not_ours')).rejects.toMatchObject({ code: 'NOT_OUR_TABLE', message: expect.stringContaining('not_ours was not made by PgVectorIndex.create') });
    await expect(PgVectorIndex.open(pool, 'no_such_table')).rejects.toMatchObject({ code: 'NOT_OUR_TABLE', message: expect.stringContaining('no_such_table does not exist') });
    await expect(PgVectorIndex.open(pool, 'Bad-Name')).rejects.toMatchObject({ code: 'BAD_IDENTIFIER', message: expect.stringContaining('"Bad-Name"') });
    await expect(PgVectorIndex.create(pool, { table: made.table, dim: DIM, metric: 'ip' })).rejects.toMatchObject({ code: 'TABLE_EXISTS' });
    await expect(PgVectorIndex.create(pool, { table: 'x; drop table y', dim: DIM, metric: 'ip' })).rejects.toMatchObject({ code: 'BAD_IDENTIFIER' });
    await expect(PgVectorIndex.create(pool, { table: 'ok', dim: DIM, metric: 'ip', index: { kind: 'hnsw', m: 1 } })).rejects.toMatchObject({ code: 'BAD_OPTIONS', message: expect.stringContaining('index.m') });
  });

  it('gets k results past many exclusions (iterative scan), per-call ef_search changes recall, and a pool of its own works too', async () => {
    const n = 4000;
    const vectors = clusteredVectors({ n, dim: DIM, clusters: 40, seed: 21 });
    const ids = Array.from({ length: n }, (_, i) => `r${i}`);
    const index = await PgVectorIndex.create(pool, { table: freshTable('iter'), dim: DIM, metric: 'l2', index: { kind: 'hnsw', m: 16, efConstruction: 64 } });
    await index.add(ids, vectors);
    await index.buildIndex();
    const queries = clusteredVectors({ n: 30, dim: DIM, clusters: 40, seed: 22 });
    const reference = new BruteForceIndex({ dim: DIM, metric: 'l2' });
    reference.add(ids, vectors);
    const near = reference.search(queries, 200);
    const exclude = Array.from({ length: 30 }, (_, q) => near.ids(q));
    const got = await index.search(queries, 10, { exclude, params: { efSearch: 10 } });
    for (let q = 0; q < 30; q++) {
      expect(got.count(q)).toBe(10);
      for (const id of got.ids(q)) expect(exclude[q]).not.toContain(id);
    }
    const truth = reference.search(queries, 10);
    const narrow = recallAtK(await index.search(queries, 10, { params: { efSearch: 1 } }), truth);
    const wide = recallAtK(await index.search(queries, 10, { params: 'efSearch=400' }), truth);
    expect(wide).toBeGreaterThan(narrow);
    await expect(index.search(queries, 10, { params: { nlist: 3 } })).rejects.toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringContaining('nlist') });
    // a pg Pool not made by createPool: the search sets iterative scans itself
    const plain = new Pool({ connectionString: PG.primary, max: 2 });
    try {
      const viaPlain = await index.withDb(plain).search(queries, 10, { exclude, params: { efSearch: 10 } });
      expect(viaPlain.toJSON()).toEqual(got.toJSON());
    } finally {
      await plain.end();
    }
  });

  it("works inside the caller's transaction and leaves its settings as they were", async () => {
    const index = await PgVectorIndex.create(pool, { table: freshTable('tx'), dim: 2, metric: 'ip' });
    await index.add(['a'], Float32Array.from([1, 0]));
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SET LOCAL hnsw.ef_search = 33");
      const inTx = index.withDb(client);
      await inTx.add(['b'], Float32Array.from([0, 1]));
      expect((await inTx.search(Float32Array.from([0, 1]), 1, { params: { efSearch: 400 } })).ids(0)).toEqual(['b']);
      const { rows } = await client.query<{ v: string; t: string }>("SELECT current_setting('hnsw.ef_search') AS v, current_setting('statement_timeout') AS t");
      expect(rows[0]).toEqual({ v: '33', t: '5s' });
      expect(client.getTransactionStatus()).toBe('T');
      expect(await index.has('b')).toBe(false);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await index.size()).toBe(1);
  });

  it('answers from the hot standby once it has replayed the writes', async () => {
    const replica = testPool('replica');
    try {
      const vectors = clusteredVectors({ n: 1000, dim: DIM, seed: 31 });
      const ids = Array.from({ length: 1000 }, (_, i) => `s${i}`);
      const index = await PgVectorIndex.create(pool, { table: freshTable('standby'), dim: DIM, metric: 'ip' });
      await index.add(ids, vectors);
      await index.buildIndex();
      await waitForReplay(PG.primary!, PG.replica!);
      const onReplica = (await PgVectorIndex.open(replica, index.table)).withDb(replica);
      const q = vectors.subarray(0, 5 * DIM);
      expect(await onReplica.size()).toBe(1000);
      expect((await onReplica.search(q, 10)).toJSON()).toEqual((await index.search(q, 10)).toJSON());
      await expect(onReplica.add(['w'], new Float32Array(DIM))).rejects.toThrow(/during recovery|read-only/);
    } finally {
      await replica.end();
    }
  });
});
