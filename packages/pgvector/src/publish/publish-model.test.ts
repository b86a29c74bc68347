import type { Pool } from 'pg';
import { waitForReplay } from '@twotower/pg-test';
import { PgVectorIndex } from '../pg-vector-index';
import { describePg, PG, testPool } from '../test-utils';
import { publishModel } from './publish-model';
import { currentPublished, dropPublished, listPublished } from './published';
import { PublishError } from './publish-error';
import { tinyModel } from './test-utils';

let db: Pool;
beforeAll(() => {
  if (!PG.skip) db = testPool();
});
afterAll(async () => db?.end());

const withDb = (name: string, fn: () => Promise<void>) => it(name, fn);

async function rows<T extends object>(sql: string, params: unknown[] = [], on: Pool = db): Promise<T[]> {
  return (await on.query<T>(sql, params)).rows;
}

async function schemas(): Promise<string[]> {
  return (await rows<{ n: string }>("SELECT nspname AS n FROM pg_namespace WHERE nspname LIKE 'tt\\_%' ORDER BY 1")).map((r) => r.n);
}

function normalised(v: Float32Array): Float32Array {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describePg('publishModel (real PostgreSQL + pgvector)', () => {
  withDb('writes every table in one schema, the registry row and the current switch', async () => {
    const model = tinyModel('00000000000000a1');
    const events: string[] = [];
    const report = await publishModel(db, model, { name: 'shop', onProgress: (e) => events.push(`${e.phase} ${e.table} ${e.done}/${e.total}`) });
    expect(report).toMatchObject({ name: 'shop', version: '00000000000000a1', schema: 'tt_00000000000000a1', created: true });
    expect(report.previous).toBeUndefined();
    expect(report.rows).toEqual({ items: 6, catalogue: 6, users: 4, user_state: 4, set_item2vec: 5, set_two_tower_users: 4 });
    expect(events).toEqual(expect.arrayContaining(['copy items 6/6', 'copy catalogue 6/6', 'copy user_state 4/4', 'index items 0/1', 'index set_two_tower_users 1/1']));
    const tables = await rows<{ t: string; n: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'tt_00000000000000a1' ORDER BY 1");
    expect(tables.map((r) => r.t)).toEqual(['catalogue', 'items', 'set_item2vec', 'set_two_tower_users', 'user_state', 'users']);
    for (const [table, n] of Object.entries(report.rows)) {
      expect((await rows<{ n: number }>(`SELECT count(*)::int AS n FROM tt_00000000000000a1.${table}`))[0]!.n).toBe(n);
    }

    // vectors read back as given (cosine sets: the normalised copies; the all-zero row left out)
    const items = await PgVectorIndex.open(db, 'tt_00000000000000a1.items');
    expect(items.metric).toBe('ip');
    const back = await items.vectors(model.items.ids);
    model.items.ids.forEach((_, i) => expect(back[i]).toEqual(model.items.vectors.subarray(i * 4, (i + 1) * 4)));
    const users = await PgVectorIndex.open(db, 'tt_00000000000000a1.users');
    expect((await users.vectors(['u3']))[0]).toEqual(model.users.vectors.subarray(12, 16));
    const set = await PgVectorIndex.open(db, 'tt_00000000000000a1.set_item2vec');
    expect(set.metric).toBe('cosine');
    const [v0, v2] = await set.vectors(['i0', "i'2"]);
    expect(v2).toBeUndefined();
    Array.from(normalised(model.sets![0]!.vectors.subarray(0, 3))).forEach((x, j) => expect(v0![j]).toBeCloseTo(x, 6));

    // the catalogue and the user state, quotes, commas and newlines intact
    expect(await rows('SELECT id, idx, title, added, added_at FROM tt_00000000000000a1.catalogue ORDER BY idx')).toEqual(
      model.items.ids.map((id, idx) => ({ id, idx, title: model.items.titles[idx], added: false, added_at: null })),
    );
    expect(await rows('SELECT id, idx, last_ts, seen FROM tt_00000000000000a1.user_state ORDER BY idx')).toEqual([
      { id: 'u0', idx: 0, last_ts: 880_000_000, seen: ['i0', 'i"3'] },
      { id: 'u1', idx: 1, last_ts: 880_000_001.5, seen: [] },
      { id: 'u2', idx: 2, last_ts: 0, seen: ['i1', "i'2", 'i\\5'] },
      { id: 'u3', idx: 3, last_ts: 890_000_000, seen: ['i,4'] },
    ]);

    // HNSW indexes (m 16, ef_construction 64 by default) on the vector tables only
    const indexes = await rows<{ t: string; d: string }>("SELECT tablename AS t, indexdef AS d FROM pg_indexes WHERE schemaname = 'tt_00000000000000a1' AND indexdef LIKE '%USING hnsw%' ORDER BY 1");
    expect(indexes.map((r) => r.t)).toEqual(['items', 'set_item2vec', 'set_two_tower_users', 'users']);
    expect(indexes[0]!.d).toMatch(/vector_ip_ops\) WITH \(m='?16'?, ef_construction='?64'?\)/);

    expect(await currentPublished(db, 'shop')).toEqual({ version: '00000000000000a1', schema: 'tt_00000000000000a1' });
    const [model1] = await rows<{ dim: number; manifest: unknown }>("SELECT dim, manifest FROM twotower.models WHERE name = 'shop'");
    expect(model1).toEqual({ dim: 4, manifest: model.manifest });
  });

  withDb('publishing a version already there only switches current to it', async () => {
    await publishModel(db, tinyModel('00000000000000b1'), { name: 'again' });
    await publishModel(db, tinyModel('00000000000000b2'), { name: 'again' });
    const before = await rows("SELECT version, published_at FROM twotower.models WHERE name = 'again' ORDER BY version");
    const again = await publishModel(db, tinyModel('00000000000000b1'), { name: 'again' });
    expect(again).toMatchObject({ created: false, previous: '00000000000000b2', rows: {} });
    expect(await currentPublished(db, 'again')).toEqual({ version: '00000000000000b1', schema: 'tt_00000000000000b1' });
    expect(await rows("SELECT version, published_at FROM twotower.models WHERE name = 'again' ORDER BY version")).toEqual(before);
    const same = await publishModel(db, tinyModel('00000000000000b1'), { name: 'again' });
    expect(same).toMatchObject({ created: false });
    expect(same.previous).toBeUndefined();
  });

  withDb('keeps the old version beside the new one until it is dropped, and refuses to drop the current one', async () => {
    await publishModel(db, tinyModel('00000000000000c1'), { name: 'two' });
    const second = await publishModel(db, tinyModel('00000000000000c2', 7), { name: 'two', index: { kind: 'exact' } });
    expect(second).toMatchObject({ created: true, previous: '00000000000000c1' });
    expect(await schemas()).toEqual(expect.arrayContaining(['tt_00000000000000c1', 'tt_00000000000000c2']));
    expect((await listPublished(db, 'two')).map((v) => [v.version, v.current])).toEqual([
      ['00000000000000c2', true],
      ['00000000000000c1', false],
    ]);
    expect(await rows("SELECT indexname FROM pg_indexes WHERE schemaname = 'tt_00000000000000c2' AND indexdef LIKE '%USING hnsw%'")).toEqual([]);

    const refused = await dropPublished(db, 'two', '00000000000000c2').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PublishError);
    expect((refused as PublishError).code).toBe('IS_CURRENT');
    expect((refused as PublishError).message).toMatch(/^version 00000000000000c2 is the current version of model "two" \(tt_00000000000000c2\): servers read it\. Publish another version first \(twotower-train publish --model DIR --database URL --name two\), then drop this one$/);
    const unknown = await dropPublished(db, 'two', '00000000000000ff').catch((e: unknown) => e);
    expect((unknown as PublishError).message).toBe('version 00000000000000ff of model "two" is not published: the published versions are 00000000000000c2, 00000000000000c1');

    expect(await dropPublished(db, 'two', '00000000000000c1')).toEqual({ name: 'two', version: '00000000000000c1', schema: 'tt_00000000000000c1', schemaDropped: true });
    expect(await schemas()).not.toContain('tt_00000000000000c1');
    expect((await listPublished(db, 'two')).map((v) => v.version)).toEqual(['00000000000000c2']);
  });

  withDb('a failure mid-publish leaves no schema and current unchanged', async () => {
    await publishModel(db, tinyModel('00000000000000d1'), { name: 'fails' });
    const failing = publishModel(db, tinyModel('00000000000000d2'), {
      name: 'fails',
      onProgress: (e) => {
        if (e.phase === 'index' && e.table === 'set_item2vec') throw new Error('the connection went away');
      },
    });
    await expect(failing).rejects.toThrow('the connection went away');
    expect(await schemas()).not.toContain('tt_00000000000000d2');
    expect(await currentPublished(db, 'fails')).toEqual({ version: '00000000000000d1', schema: 'tt_00000000000000d1' });
    expect((await listPublished(db, 'fails')).map((v) => v.version)).toEqual(['00000000000000d1']);

    // PostgreSQL itself failing late (pgvector's HNSW takes at most 2,000 dimensions: the last index build fails)
    const wide = tinyModel('00000000000000d4');
    wide.sets = [{ name: 'wide', of: 'items', ids: ['i0', 'i1'], vectors: new Float32Array(2 * 2001).fill(0.5), dim: 2001 }];
    await expect(publishModel(db, wide, { name: 'fails' })).rejects.toThrow(/2000 dimensions/);
    expect(await schemas()).not.toContain('tt_00000000000000d4');
    expect(await currentPublished(db, 'fails')).toEqual({ version: '00000000000000d1', schema: 'tt_00000000000000d1' });

    // a NaN is refused before anything is written, naming the row
    const nan = tinyModel('00000000000000d3');
    nan.items.vectors[5] = NaN;
    await expect(publishModel(db, nan, { name: 'fails' })).rejects.toThrow(/^items\.vectors row 1: the vector of "i1" is not finite/);
    expect(await schemas()).not.toContain('tt_00000000000000d3');
    // and the pool is whole afterwards
    expect((await publishModel(db, tinyModel('00000000000000d2'), { name: 'fails' })).created).toBe(true);
  });

  withDb('concurrent publishes of one version write it once', async () => {
    const reports = await Promise.all([0, 1, 2].map(() => publishModel(db, tinyModel('00000000000000e1'), { name: 'race' })));
    expect(reports.filter((r) => r.created)).toHaveLength(1);
    expect(await rows("SELECT version FROM twotower.models WHERE name = 'race'")).toEqual([{ version: '00000000000000e1' }]);
    expect((await rows<{ n: number }>('SELECT count(*)::int AS n FROM tt_00000000000000e1.items'))[0]!.n).toBe(6);
  });

  withDb('one version under two names shares its schema, which goes with the last of them', async () => {
    await publishModel(db, tinyModel('00000000000000f1'), { name: 'left' });
    await publishModel(db, tinyModel('00000000000000f2'), { name: 'left' });
    expect((await publishModel(db, tinyModel('00000000000000f1'), { name: 'right' })).created).toBe(false);
    await publishModel(db, tinyModel('00000000000000f2'), { name: 'right' });
    expect((await dropPublished(db, 'left', '00000000000000f1')).schemaDropped).toBe(false);
    expect(await schemas()).toContain('tt_00000000000000f1');
    expect((await dropPublished(db, 'right', '00000000000000f1')).schemaDropped).toBe(true);
    expect(await schemas()).not.toContain('tt_00000000000000f1');
  });

  withDb('the replica sees the published version once it has replayed', async () => {
    const model = tinyModel('00000000000000a7');
    await publishModel(db, model, { name: 'replicated' });
    await waitForReplay(PG.primary!, PG.replica!);
    const replica = testPool('replica', { max: 2 });
    try {
      expect(await currentPublished(replica, 'replicated')).toEqual({ version: '00000000000000a7', schema: 'tt_00000000000000a7' });
      const items = await PgVectorIndex.open(replica, 'tt_00000000000000a7.items');
      expect((await items.vectors(['i1']))[0]).toEqual(model.items.vectors.subarray(4, 8));
      expect(await rows('SELECT seen FROM tt_00000000000000a7.user_state WHERE id = $1', ['u2'], replica)).toEqual([{ seen: ['i1', "i'2", 'i\\5'] }]);
    } finally {
      await replica.end();
    }
  });
});
