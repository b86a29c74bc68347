/**
 * Serving from PostgreSQL + pgvector (issue 15), against a real throw-away cluster (a primary and
 * its streaming hot standby, started by @twotower/pg-test; skipped, saying why, where it cannot
 * start): answers equal the in-memory server's; replicas on one database share new items; the
 * database going down answers 503 and readiness fails, recovering by itself; a statement timeout
 * answers 504; a server refuses to start on an unreachable database or an unpublished model.
 */
import { Client } from 'pg';
import { loadServingModel } from '../model/serving-model';
import { databaseServers, get, post, rounded } from '../test/database-servers';
import { modelA } from '../test/fixtures';
import type { Json } from '../test/server-under-test';

jest.setTimeout(120_000);

const TOKEN = 'db-test-token';
// model A published with exact tables (answers comparable with the in-memory server's), model N with HNSW (the default)
const servers = databaseServers({ a: { kind: 'exact' }, h: { kind: 'exact' }, u: { kind: 'exact' }, n: undefined }, TOKEN);
const { serve, serveWithStage, itSkips } = servers;

describe('a model served from the database', () => {
  itSkips('answers queries with a history (a new user, a known one, re-ranked) as the in-memory server does', async () => {
    const memory = await serve('h', { memory: true });
    const db = await serve('h');
    const rec = memory.twotower.holder.current!.recommender;
    const history = rec.catalogue.ids.slice(2, 7);
    const body = {
      queries: [
        { user: 'a-new-user', history, k: 6 },
        { user: rec.users.ids[2], history, k: 6 },
        { user: rec.users.ids[3], history: history.slice(0, 2), k: 4, rerank: true },
        { user: 'another-new-user', history: ['not-an-item'], k: 3 },
      ],
    };
    const a = await post(memory, '/v1/recommend/user-items', body);
    const b = await post(db, '/v1/recommend/user-items', body);
    expect(b.status).toBe(200);
    expect(a.body.results[0].scoreKind).toBe('history');
    expect(rounded(b.body)).toEqual(rounded(a.body));
  });

  itSkips('answers queries without a user and with attributes as the in-memory server does', async () => {
    const memory = await serve('u', { memory: true });
    const db = await serve('u');
    const rec = memory.twotower.holder.current!.recommender;
    const history = rec.catalogue.ids.slice(4, 8);
    const body = {
      queries: [
        { history, k: 5 },
        { attributes: { age: 33, occupation: 'writer' }, k: 5 },
        { user: rec.users.ids[1], attributes: { age: 70 }, k: 5, rerank: true },
        { user: 'someone-new', history, attributes: { occupation: 'student', shoeSize: 40 }, k: 5 },
        { user: 'bad', attributes: { age: 'old' } },
        { k: 3 },
      ],
    };
    const a = await post(memory, '/v1/recommend/user-items', body);
    const b = await post(db, '/v1/recommend/user-items', body);
    expect(b.status).toBe(200);
    expect(a.body.results.map((r: Json) => r.scoreKind ?? r.error.field)).toEqual(['history', 'attributes', 'dot', 'history', '/queries/4/attributes/age', '/queries/5/user']);
    expect(rounded(b.body)).toEqual(rounded(a.body));
  });

  itSkips('answers the four kinds, batches, timestamps and re-ranking as the in-memory server does', async () => {
    const memory = await serve('a', { memory: true });
    const db = await serve('a');
    const model = memory.twotower.holder.current!;
    const users = model.recommender.users.ids.slice(0, 12);
    const items = model.recommender.catalogue.ids.slice(0, 12);
    const t = model.recommender.users.lastTimestamp[3]! - 86_400 * 30;
    const requests: Array<[string, unknown]> = [
      ['/v1/recommend/user-items', { queries: users.map((user) => ({ user, k: 5 })) }],
      ['/v1/recommend/user-items', { user: users[3], k: 7, timestamp: t, exclude: [items[0]] }],
      ['/v1/recommend/user-items', { user: users[4], k: 5, rerank: true }],
      ['/v1/recommend/user-items', { user: 'nobody', k: 5 }],
      ['/v1/recommend/user-items', { user: users[5], k: 5, excludeSeen: false }],
      // known users at their default time are answered by one statement; the others of a batch by the general path
      ['/v1/recommend/user-items', { user: users[6], k: 8, exclude: [items[2], items[3]] }],
      ['/v1/recommend/user-items', { queries: [{ user: users[7], k: 3, exclude: [items[4]] }, { user: users[8], k: 4, timestamp: t }, { user: 'nobody', k: 3 }, { user: users[9], k: 6 }, { user: users[10], k: 2, rerank: true }] }],
      ['/v1/recommend/item-items', { queries: items.map((item) => ({ item, k: 6 })) }],
      ['/v1/recommend/user-users', { queries: users.map((user) => ({ user, k: 4 })) }],
      ['/v1/recommend/item-users', { queries: items.map((item) => ({ item, k: 4, excludeSeen: true })) }],
      ['/v1/recommend/item-items', { item: 'no-such-item' }],
      ['/v1/recommend/user-users', { user: 'nobody' }],
    ];
    for (const [url, body] of requests) {
      const a = await post(memory, url, body);
      const b = await post(db, url, body);
      expect({ url, status: b.status }).toEqual({ url, status: a.status });
      expect(rounded(b.body)).toEqual(rounded(a.body));
    }
    // served from the database: the model summary says so, and no user vector is held in memory
    const summary = (await get(db, '/v1/model')).body.summary;
    expect(summary.database).toEqual(expect.objectContaining({ name: 'a', schema: `tt_${model.version}` }));
    expect(summary.indexes.items).toEqual(expect.objectContaining({ kind: 'pgvector', rows: model.recommender.numItems }));
    expect(db.twotower.holder.current!.userVectors.length).toBe(0);
    // the per-interaction rows are not published: a clear 400
    const rows = await post(db, '/v1/recommend/user-users', { user: users[0], rows: 'interactions' });
    expect(rows.status).toBe(400);
    expect(rows.body.error.field).toBe('/rows');
  });

  itSkips('shares items added through one replica with the others, on the primary and on the standby', async () => {
    const one = await serve('n');
    const two = await serve('n');
    const standby = await serve('n', { standby: true });
    const rec = one.twotower.holder.current!.recommender;
    const added = await post(one, '/admin/items', { items: [{ id: 'db-new-1', title: 'A Quiet Wedding Night (2026)', genres: ['Comedy'] }] }, { authorization: `Bearer ${TOKEN}` });
    expect(added.status).toBe(200);
    expect(added.body.added).toEqual(['db-new-1']);
    await servers.cluster()!.waitForReplica();
    for (const [name, app] of [['two', two], ['standby', standby]] as const) {
      // The standby has replayed the primary's WAL position by now, yet once in about 20 runs it
      // still answered 404 for the new item right after (cause not found): ask again for up to
      // 5 s before asserting, so a lag shows as a slow test and a missing item still fails.
      let asked = await post(app, '/v1/recommend/item-items', { item: 'db-new-1', k: 3 });
      for (const deadline = Date.now() + 5000; asked.status === 404 && Date.now() < deadline; ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        asked = await post(app, '/v1/recommend/item-items', { item: 'db-new-1', k: 3 });
      }
      expect({ name, status: asked.status, body: asked.status === 200 ? undefined : asked.body }).toEqual({ name, status: 200, body: undefined });
      expect(asked.body.title).toBe('A Quiet Wedding Night (2026)');
      // searched over the catalogue and the added item: asked for everything, it is among the answers
      const all = await post(app, '/v1/recommend/user-items', { user: rec.users.ids[0], k: 100, excludeSeen: false });
      expect(all.body.items.map((i: Json) => i.id)).toContain('db-new-1');
      const unseen = await post(app, '/v1/recommend/user-items', { user: rec.users.ids[0], k: 100 });
      expect(unseen.body.items.find((i: Json) => i.id === 'db-new-1')).toEqual(expect.objectContaining({ title: 'A Quiet Wedding Night (2026)' }));
      const users = await post(app, '/v1/recommend/item-users', { item: 'db-new-1', k: 3 });
      expect({ name, status: users.status, body: users.status === 200 ? undefined : users.body }).toEqual({ name, status: 200, body: undefined });
      expect(users.body.users).toHaveLength(3);
    }
    // the id is taken now, whichever replica is asked
    const again = await post(two, '/admin/items', { items: [{ id: 'db-new-1', title: 'Again', genres: ['Comedy'] }] }, { authorization: `Bearer ${TOKEN}` });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ITEM_EXISTS');
    // a published named set answers item-items from its own table
    const named = await post(two, '/v1/recommend/item-items', { item: rec.catalogue.ids[1], k: 3, embeddings: 'item2vec' });
    expect(named.status).toBe(200);
    expect(named.body.embeddings).toBe('item2vec');
    expect(named.body.items.length).toBeGreaterThan(0);
  });

  itSkips('answers 503 with readiness failing while the database is down, and recovers by itself when it returns', async () => {
    const app = await serve('n');
    const user = app.twotower.holder.current!.recommender.users.ids[1];
    expect((await post(app, '/v1/recommend/user-items', { user, k: 3 })).status).toBe(200);
    await servers.cluster()!.stopPrimary();
    try {
      const down = await post(app, '/v1/recommend/user-items', { user, k: 3 });
      expect(down.status).toBe(503);
      expect(down.body.error.code).toBe('DATABASE_UNAVAILABLE');
      expect(down.body.error.message).not.toContain('password');
      const ready = await get(app, '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.error.code).toBe('DATABASE_UNAVAILABLE');
      // the server itself stays up
      expect((await get(app, '/healthz')).status).toBe(200);
    } finally {
      await servers.cluster()!.startPrimary();
    }
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = (await get(app, '/readyz')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    expect((await post(app, '/v1/recommend/user-items', { user, k: 3 })).status).toBe(200);
  });

  itSkips('answers 504 when a statement outlasts the statement timeout, never hanging', async () => {
    const app = await serve('n', { statementTimeout: 300 });
    const model = app.twotower.holder.current!;
    const locker = new Client({ connectionString: servers.cluster()!.primary });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE tt_${model.version}.items IN ACCESS EXCLUSIVE MODE`);
      const slow = await post(app, '/v1/recommend/item-items', { item: model.recommender.catalogue.ids[0], k: 3 });
      expect(slow.status).toBe(504);
      expect(slow.body.error.code).toBe('DATABASE_TIMEOUT');
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    expect((await post(app, '/v1/recommend/item-items', { item: model.recommender.catalogue.ids[0], k: 3 })).status).toBe(200);
  });

  itSkips('refuses to start on an unreachable database (naming the URL, password hidden) or a model not published there', async () => {
    await expect(loadServingModel(modelA(), { database: { url: 'postgres://someone:s3cret@127.0.0.1:1/db', pool: { connectionTimeoutMillis: 1000 } } })).rejects.toThrow(
      /postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/db cannot be reached/,
    );
    await expect(loadServingModel(modelA(), { database: { url: servers.cluster()!.primary, name: 'n' } })).rejects.toThrow(/is not published in the database .*twotower-train publish/);
  });

  itSkips('answers queries re-ranked by an item-item stage as the in-memory server does (rerankedBy included)', async () => {
    // model H (published as 'h') with a planted [40 × 40] item-item stage attached at load, no ranker
    const memory = await serveWithStage({ weight: 2 });
    const db = await serveWithStage({ weight: 2 }, { url: servers.cluster()!.primary, name: 'h' });
    const rec = memory.twotower.holder.current!.recommender;
    const history = rec.catalogue.ids.slice(2, 5);
    const body = {
      queries: [
        { user: rec.users.ids[0], k: 5, rerank: true, rerankCandidates: 15 },
        { user: rec.users.ids[1], k: 5, rerank: true, history, rerankCandidates: 15 },
        { history, k: 4, rerank: true, rerankCandidates: 12 },
        { user: rec.users.ids[2], k: 4, rerank: true, timestamp: rec.users.lastTimestamp[2]! - 86_400 * 30 },
        { user: rec.users.ids[3], k: 6, rerank: true, excludeSeen: false, exclude: [rec.catalogue.ids[0]] },
        { user: 'nobody', k: 3, rerank: true },
        { user: rec.users.ids[4], k: 5 },
      ],
    };
    const a = await post(memory, '/v1/recommend/user-items', body);
    const b = await post(db, '/v1/recommend/user-items', body);
    expect(b.status).toBe(200);
    expect(a.body.results.map((r: Json) => r.rerankedBy ?? null)).toEqual(['item-item', 'item-item', 'item-item', 'item-item', 'item-item', null, null]);
    expect(rounded(b.body)).toEqual(rounded(a.body));
  });

  itSkips('answers a new user with a history from the item-item stage (coldHistory), and a history appended to a known user’s, as the in-memory server does', async () => {
    const cold = { weight: 2, coldHistory: { weight: 2, candidates: 12 } };
    const memory = await serveWithStage(cold);
    const db = await serveWithStage(cold, { url: servers.cluster()!.primary, name: 'h' });
    const rec = memory.twotower.holder.current!.recommender;
    const history = rec.catalogue.ids.slice(2, 5);
    const body = {
      queries: [
        { history, k: 5 },
        { user: 'nobody', history, k: 4, exclude: [rec.catalogue.ids[0]] },
        { user: rec.users.ids[1], history, k: 5 },
        { user: 'nobody', k: 3 },
        { user: rec.users.ids[2], history, historyMode: 'append', k: 5 },
      ],
    };
    const a = await post(memory, '/v1/recommend/user-items', body);
    const b = await post(db, '/v1/recommend/user-items', body);
    expect(b.status).toBe(200);
    expect(a.body.results.map((r: Json) => r.scoreKind)).toEqual(['item-item', 'item-item', 'history', 'popularity', 'history']);
    expect(rounded(b.body)).toEqual(rounded(a.body));
  });
});
