/**
 * The popularity lean served from PostgreSQL + pgvector: user-items without a timestamp answers,
 * on both database paths, exactly as the in-memory server does (see
 * create-server.popularity-lean.test.ts), against a real throw-away cluster (skipped, saying why,
 * where it cannot start).
 */
import { databaseServers, get, post, rounded } from '../test/database-servers';
import type { Json } from '../test/server-under-test';

jest.setTimeout(120_000);

const TOKEN = 'db-lean-test-token';
// exact tables: answers comparable with the in-memory server's
const { serve, itSkips } = databaseServers({ b: { kind: 'exact' }, u: { kind: 'exact' } }, TOKEN);

describe('a model with a popularity lean served from the database', () => {
  itSkips('answers with the popularity lean (user queries without a timestamp) as the in-memory server does, on both paths of a batch', async () => {
    // model B (published as 'b', exact tables), with a lean of 0.1: it reorders most lists (see create-server.popularity-lean.test.ts)
    const memory = await serve('b', { memory: true, lean: 0.1 });
    const db = await serve('b', { lean: 0.1 });
    const plain = await serve('b');
    const model = memory.twotower.holder.current!;
    const rec = model.recommender;
    expect(db.twotower.holder.current!.recommender.popularityLean?.weight).toBe(0.1);
    const users = rec.users.ids.slice(0, 20);
    const items = rec.catalogue.ids;
    const t = rec.users.lastTimestamp[3]! - 86_400 * 30;
    const requests: unknown[] = [
      // known users at their default time: the one-statement path (and the general one when its first fetch proves nothing)
      { queries: users.map((user, i) => ({ user, k: 3 + (i % 8) })) },
      { user: users[6], k: 8, exclude: [items[2], items[3]] },
      { user: users[5], k: 5, excludeSeen: false },
      { queries: [{ user: users[7], k: 3, exclude: [items[4]] }, { user: users[8], k: 4, timestamp: t }, { user: 'nobody', k: 3 }, { user: users[9], k: 6 }, { user: users[10], k: 4, rerank: true, rerankCandidates: 10 }] },
      { user: users[3], k: 7, timestamp: t },
    ];
    let differs = 0;
    for (const body of requests) {
      const a = await post(memory, '/v1/recommend/user-items', body);
      const b = await post(db, '/v1/recommend/user-items', body);
      expect(b.status).toBe(200);
      expect(rounded(b.body)).toEqual(rounded(a.body));
      if (JSON.stringify(rounded(b.body)) !== JSON.stringify(rounded((await post(plain, '/v1/recommend/user-items', body)).body))) differs++;
    }
    expect(differs).toBeGreaterThan(0);
    // an item added since publishing gets the catalogue's median lean, as in memory
    const item = { id: 'lean-db-new', title: 'The Wedding Party (2026)', genres: ['Comedy'] };
    for (const app of [memory, db]) expect((await post(app, '/admin/items', { items: [item] }, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    const all = { queries: users.slice(0, 10).map((user) => ({ user, k: 50 })) };
    const a = await post(memory, '/v1/recommend/user-items', all);
    const b = await post(db, '/v1/recommend/user-items', all);
    expect(a.body.results.every((r: Json) => r.items.some((h: Json) => h.id === 'lean-db-new'))).toBe(true);
    expect(rounded(b.body)).toEqual(rounded(a.body));
    expect((await get(db, '/v1/model')).body.summary.popularityLean).toBe(0.1);
  });

  itSkips('answers users the model never saw, from a history or attributes, with the popularity lean as the in-memory server does', async () => {
    const memory = await serve('u', { memory: true, lean: 0.1 });
    const db = await serve('u', { lean: 0.1 });
    const rec = memory.twotower.holder.current!.recommender;
    const history = rec.catalogue.ids.slice(4, 8);
    const body = {
      queries: [
        { history, k: 5 },
        { attributes: { age: 33, occupation: 'writer' }, k: 6 },
        { user: rec.users.ids[1], attributes: { age: 70 }, k: 5, rerank: true },
        { user: 'someone-new', history, attributes: { occupation: 'student' }, k: 5, timestamp: rec.users.lastTimestamp[0]! },
        { user: rec.users.ids[2], history, historyMode: 'append', k: 7 },
      ],
    };
    const a = await post(memory, '/v1/recommend/user-items', body);
    const b = await post(db, '/v1/recommend/user-items', body);
    expect(b.status).toBe(200);
    expect(a.body.results.map((r: Json) => r.scoreKind)).toEqual(['history', 'attributes', 'dot', 'history', 'history']);
    expect(rounded(b.body)).toEqual(rounded(a.body));
  });
});
