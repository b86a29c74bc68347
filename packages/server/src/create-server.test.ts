import type { ServingModel } from './model/serving-model';
import { openArtifact } from '@twotower/artifact';
import { dots, fakeRankScore, fakeLikedRating, modelA, topK } from './test/fixtures';
import { serverUnderTest, type Json } from './test/server-under-test';

jest.setTimeout(60_000);

const server = serverUnderTest();
let model: ServingModel;
beforeAll(() => {
  ({ model } = server);
});
const post = (url: string, payload: unknown) => server.post(url, payload);

describe('user-items (user2item)', () => {
  it('equals a brute-force ranking of the towers’ embeddings, training items excluded', async () => {
    const rec = model.recommender;
    const items = rec.embedItems();
    for (const user of rec.users.ids.slice(0, 8)) {
      const { status, body, headers } = await post('/v1/recommend/user-items', { user, k: 5 });
      expect(status).toBe(200);
      expect(headers['x-model-version']).toBe(model.version);
      const seen = new Set(rec.seenItems(rec.userIndex(user)));
      const scores = dots(rec.embedQueries([user]), items, rec.dim);
      const expected = topK(scores, 5, (i) => seen.has(i));
      expect(body.items.map((h: Json) => h.id)).toEqual(expected.map((i) => rec.catalogue.ids[i]));
      body.items.forEach((h: Json, r: number) => {
        expect(h.score).toBeCloseTo(scores[expected[r]!]!, 4);
        expect(h.title).toBe(rec.catalogue.titles[expected[r]!]);
      });
      expect(body).toMatchObject({ user, coldStart: false, scoreKind: 'dot', reranked: false, timestamp: rec.users.lastTimestamp[rec.userIndex(user)] });
    }
  });

  it('uses an explicit timestamp through the query tower', async () => {
    const rec = model.recommender;
    const user = rec.users.ids[3]!;
    const ts = rec.users.lastTimestamp[3]! - 86_400 * 200;
    const { body } = await post('/v1/recommend/user-items', { user, k: 6, timestamp: ts, excludeSeen: false });
    const scores = dots(rec.embedQueries([user], [ts]), rec.embedItems(), rec.dim);
    expect(body.items.map((h: Json) => h.id)).toEqual(topK(scores, 6).map((i) => rec.catalogue.ids[i]));
    expect(body.timestamp).toBe(ts);
  });

  it('honours excludeSeen: false and an exclude list', async () => {
    const rec = model.recommender;
    const user = rec.users.ids[1]!;
    const scores = dots(rec.embedQueries([user]), rec.embedItems(), rec.dim);
    const all = topK(scores, 4).map((i) => rec.catalogue.ids[i]!);
    const { body } = await post('/v1/recommend/user-items', { user, k: 4, excludeSeen: false });
    expect(body.items.map((h: Json) => h.id)).toEqual(all);
    const { body: again } = await post('/v1/recommend/user-items', { user, k: 3, excludeSeen: false, exclude: [all[0], 'no-such-item'] });
    expect(again.items.map((h: Json) => h.id)).toEqual(all.slice(1, 4));
  });

  it('answers an unknown user with the most popular items and a coldStart flag', async () => {
    const rec = model.recommender;
    const { status, body } = await post('/v1/recommend/user-items', { user: 'nobody-knows-me', k: 3, exclude: [] });
    expect(status).toBe(200);
    const expected = topK(rec.popularity, 3).map((i) => rec.catalogue.ids[i]);
    expect(body).toMatchObject({ coldStart: true, scoreKind: 'popularity', reranked: false });
    expect(body.items.map((h: Json) => h.id)).toEqual(expected);
    expect(body.items[0].score).toBe(rec.popularity[rec.itemIndex(expected[0]!)]);
  });

  it('re-ranks the top rerankCandidates with the ranking model', async () => {
    const rec = model.recommender;
    const user = rec.users.ids[2]!;
    const seen = new Set(rec.seenItems(2));
    const scores = dots(rec.embedQueries([user]), rec.embedItems(), rec.dim);
    const retrieved = topK(scores, 12, (i) => seen.has(i));
    const expected = retrieved.slice().sort((a, b) => fakeRankScore(b) - fakeRankScore(a)).slice(0, 4);
    const { body } = await post('/v1/recommend/user-items', { user, k: 4, rerank: true, rerankCandidates: 12 });
    expect(body.reranked).toBe(true);
    expect(body.items.map((h: Json) => h.id)).toEqual(expected.map((i) => rec.catalogue.ids[i]));
    expect(body.items[0].rankScore).toBeCloseTo(fakeRankScore(expected[0]!), 6);
  });
});

describe('item-items (item2item)', () => {
  it('equals a brute-force ranking of candidate-tower embeddings, the item itself excluded', async () => {
    const rec = model.recommender;
    const items = rec.embedItems();
    for (const i of [0, 5, 17, 39]) {
      const item = rec.catalogue.ids[i]!;
      const { status, body } = await post('/v1/recommend/item-items', { item, k: 5 });
      expect(status).toBe(200);
      const q = rec.embedItemIndices([i]);
      const scores = dots(q, items, rec.dim);
      expect(body.items.map((h: Json) => h.id)).toEqual(topK(scores, 5, (j) => j === i).map((j) => rec.catalogue.ids[j]));
      expect(body).toMatchObject({ item, title: rec.catalogue.titles[i] });
    }
  });

  it('answers an unknown item with 404 naming it', async () => {
    const { status, body } = await post('/v1/recommend/item-items', { item: 'ghost' });
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: 'UNKNOWN_ITEM', ids: ['ghost'], field: '/item' });
    expect(body.error.message).toMatch(/"ghost" is not in the model's catalogue/);
  });
});

/** Per-user best score over the artifact's per-interaction query embeddings (`rows: 'interactions'`). */
function bestPerUser(query: Float32Array): Map<string, number> {
  const a = openArtifact(modelA(), { verify: false });
  const rows = a.readFloat32('queries.f32');
  const ids = a.readJson<string[]>('queries.ids.json');
  const s = dots(query, rows, model.dim);
  const best = new Map<string, number>();
  ids.forEach((id, r) => best.set(id, Math.max(best.get(id) ?? -Infinity, s[r]!)));
  return best;
}

/** Each user's score over one row per user (`rows: 'users'`): their query vector at their default time, straight from the query tower. */
function perUserScores(query: Float32Array): Map<string, number> {
  const rec = model.recommender;
  const s = dots(query, rec.embedQueries(rec.users.ids), model.dim);
  return new Map(rec.users.ids.map((id, u) => [id, s[u]!]));
}

function rankUsers(best: Map<string, number>, k: number, skip: (id: string) => boolean): string[] {
  return [...best.entries()]
    .filter(([id]) => !skip(id))
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([id]) => id);
}

describe('user-users (user2user)', () => {
  it('by default equals a brute-force top k over one query vector per user (default time), the user excluded', async () => {
    const rec = model.recommender;
    let differ = 0;
    for (const user of rec.users.ids) {
      const { status, body } = await post('/v1/recommend/user-users', { user, k: 8 });
      expect(status).toBe(200);
      expect(body.rows).toBe('users');
      const ids = body.users.map((h: Json) => h.id);
      expect(ids).not.toContain(user);
      const scores = perUserScores(rec.embedQueries([user]));
      expect(ids).toEqual(rankUsers(scores, 8, (id) => id === user));
      body.users.forEach((h: Json) => expect(h.score).toBeCloseTo(scores.get(h.id)!, 4));
      const best = bestPerUser(rec.embedQueries([user]));
      // scores of the per-interaction search (each user's best row) differ: this test would fail on it
      for (const h of body.users) if (Math.abs(best.get(h.id)! - h.score) > 1e-3) differ++;
    }
    expect(differ).toBeGreaterThan(0);
  });

  it('by default embeds the query user at an explicit timestamp and searches the others at their default time', async () => {
    const rec = model.recommender;
    const user = rec.users.ids[5]!;
    const ts = rec.users.lastTimestamp[5]! - 86_400 * 100;
    const { body } = await post('/v1/recommend/user-users', { user, k: 6, timestamp: ts });
    const scores = perUserScores(rec.embedQueries([user], [ts]));
    expect(body).toMatchObject({ user, timestamp: ts, rows: 'users' });
    expect(body.users.map((h: Json) => h.id)).toEqual(rankUsers(scores, 6, (id) => id === user));
  });

  it("with rows: 'interactions' equals brute force over the per-interaction query embeddings, one result per user, the user excluded", async () => {
    const rec = model.recommender;
    for (const user of rec.users.ids.slice(0, 6)) {
      const { status, body } = await post('/v1/recommend/user-users', { user, k: 8, rows: 'interactions' });
      expect(status).toBe(200);
      expect(body.rows).toBe('interactions');
      const ids = body.users.map((h: Json) => h.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).not.toContain(user);
      const best = bestPerUser(rec.embedQueries([user]));
      expect(ids).toEqual(rankUsers(best, 8, (id) => id === user));
      body.users.forEach((h: Json) => expect(h.score).toBeCloseTo(best.get(h.id)!, 4));
    }
  });

  it("with rows: 'interactions' answers as the per-interaction search did before rows existed (every user, with exclude and timestamp)", async () => {
    const rec = model.recommender;
    for (const [u, user] of rec.users.ids.entries()) {
      const exclude = [rec.users.ids[(u + 1) % rec.numUsers]!, 'no-such-user'];
      const ts = u % 3 === 0 ? rec.users.lastTimestamp[u]! - 86_400 * 30 : undefined;
      const query = { user, k: 5, exclude, ...(ts !== undefined ? { timestamp: ts } : {}) };
      const { body } = await post('/v1/recommend/user-users', { ...query, rows: 'interactions' });
      const best = bestPerUser(ts !== undefined ? rec.embedQueries([user], [ts]) : rec.embedQueries([user]));
      expect(body.users.map((h: Json) => h.id)).toEqual(rankUsers(best, 5, (id) => id === user || exclude.includes(id)));
    }
  });

  it('leaves out excluded users and answers an unknown user with 404', async () => {
    const rec = model.recommender;
    const user = rec.users.ids[0]!;
    for (const rows of ['users', 'interactions']) {
      const first = (await post('/v1/recommend/user-users', { user, k: 3, rows })).body.users.map((h: Json) => h.id);
      const { body } = await post('/v1/recommend/user-users', { user, k: 3, exclude: [first[0]], rows });
      expect(body.users.map((h: Json) => h.id)).not.toContain(first[0]);
      expect(body.users.map((h: Json) => h.id).slice(0, 2)).toEqual(first.slice(1));
    }
    const unknown = await post('/v1/recommend/user-users', { user: 'stranger' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'UNKNOWN_USER', ids: ['stranger'] });
  });

  it('refuses an unknown rows value with 400 naming the field and the values it takes', async () => {
    const rec = model.recommender;
    const { status, body } = await post('/v1/recommend/user-users', { user: rec.users.ids[0], rows: 'all' });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'BAD_REQUEST', field: '/rows' });
    expect(body.error.message).toMatch(/rows .*send one of "users", "interactions"/);
    const batch = await post('/v1/recommend/item-users', { queries: [{ item: rec.catalogue.ids[0], rows: 'interactions' }, { item: rec.catalogue.ids[0], rows: 'user' }] });
    expect(batch.status).toBe(400);
    expect(batch.body.error.field).toBe('/queries/1/rows');
  });
});

describe('item-users (item2user)', () => {
  it('by default equals a brute-force top k over one query vector per user: the users whose vector scores highest with the item', async () => {
    const rec = model.recommender;
    let differ = 0;
    for (const i of [0, 9, 21, 33]) {
      const item = rec.catalogue.ids[i]!;
      const { status, body } = await post('/v1/recommend/item-users', { item, k: 7 });
      expect(status).toBe(200);
      expect(body).toMatchObject({ item, title: rec.catalogue.titles[i], rows: 'users' });
      const scores = perUserScores(rec.embedItemIndices([i]));
      expect(body.users.map((h: Json) => h.id)).toEqual(rankUsers(scores, 7, () => false));
      body.users.forEach((h: Json) => expect(h.score).toBeCloseTo(scores.get(h.id)!, 4));
      if (JSON.stringify(body.users.map((h: Json) => h.id)) !== JSON.stringify(rankUsers(bestPerUser(rec.embedItemIndices([i])), 7, () => false))) differ++;
    }
    expect(differ).toBeGreaterThan(0);
  });

  it("with rows: 'interactions' equals brute force over the per-interaction query embeddings, one result per user", async () => {
    const rec = model.recommender;
    for (const i of [0, 9, 33]) {
      const item = rec.catalogue.ids[i]!;
      const { status, body } = await post('/v1/recommend/item-users', { item, k: 7, rows: 'interactions' });
      expect(status).toBe(200);
      expect(body.rows).toBe('interactions');
      const ids = body.users.map((h: Json) => h.id);
      expect(new Set(ids).size).toBe(ids.length);
      const best = bestPerUser(rec.embedItemIndices([i]));
      expect(ids).toEqual(rankUsers(best, 7, () => false));
    }
  });

  it('with excludeSeen leaves out the users who have the item (both rows)', async () => {
    const rec = model.recommender;
    const i = topK(rec.popularity, 1)[0]!;
    const item = rec.catalogue.ids[i]!;
    const owners = new Set(rec.users.ids.filter((_, u) => rec.seenItems(u).includes(i)));
    expect(owners.size).toBeGreaterThan(0);
    const { body } = await post('/v1/recommend/item-users', { item, k: 5, excludeSeen: true });
    expect(body.users.map((h: Json) => h.id)).toEqual(rankUsers(perUserScores(rec.embedItemIndices([i])), 5, (id) => owners.has(id)));
    const old = await post('/v1/recommend/item-users', { item, k: 5, excludeSeen: true, rows: 'interactions' });
    expect(old.body.users.map((h: Json) => h.id)).toEqual(rankUsers(bestPerUser(rec.embedItemIndices([i])), 5, (id) => owners.has(id)));
  });
});

describe('rank', () => {
  it('scores the given items by dot product and ranking model, best first', async () => {
    const rec = model.recommender;
    const user = rec.users.ids[4]!;
    const items = [rec.catalogue.ids[3]!, rec.catalogue.ids[7]!, rec.catalogue.ids[21]!];
    const { status, body } = await post('/v1/rank', { user, items, liked: true });
    expect(status).toBe(200);
    const scores = dots(rec.embedQueries([user]), rec.embedItems(), rec.dim);
    const order = [3, 7, 21].sort((a, b) => fakeRankScore(b) - fakeRankScore(a));
    expect(body.items.map((h: Json) => h.id)).toEqual(order.map((i) => rec.catalogue.ids[i]));
    body.items.forEach((h: Json) => {
      const i = rec.itemIndex(h.id);
      expect(h.score).toBeCloseTo(scores[i]!, 4);
      expect(h.rankScore).toBeCloseTo(fakeRankScore(i), 6);
      expect(h.liked).toBe(fakeLikedRating(i));
    });
    expect(body).toMatchObject({ rankKind: 'probability', likedKind: 'rating', coldStart: false });
    // liked only when asked for
    const plain = await post('/v1/rank', { user, items });
    expect(plain.body.likedKind).toBeNull();
    expect(plain.body.items[0]).not.toHaveProperty('liked');
    expect(plain.body.items.map((h: Json) => h.rankScore)).toEqual(body.items.map((h: Json) => h.rankScore));
  });

  it('names every unknown item (404) and scores an unknown user by popularity', async () => {
    const rec = model.recommender;
    const bad = await post('/v1/rank', { user: rec.users.ids[0], items: [rec.catalogue.ids[0], 'x1', 'x2'] });
    expect(bad.status).toBe(404);
    expect(bad.body.error).toMatchObject({ code: 'UNKNOWN_ITEM', ids: ['x1', 'x2'], field: '/items' });
    const cold = await post('/v1/rank', { user: 'newcomer', items: [rec.catalogue.ids[0], rec.catalogue.ids[1]], liked: true });
    expect(cold.body).toMatchObject({ coldStart: true, scoreKind: 'popularity', rankKind: null, likedKind: null });
    expect(cold.body.items[0]).not.toHaveProperty('liked');
  });
});

describe('batches', () => {
  it('answer each query in order, failed queries with an error body naming their index', async () => {
    const rec = model.recommender;
    const user = rec.users.ids[0]!;
    const { status, body } = await post('/v1/recommend/user-users', { queries: [{ user, k: 2 }, { user: 'nobody' }, { user, k: 1 }] });
    expect(status).toBe(200);
    expect(body.results).toHaveLength(3);
    expect(body.results[0].users).toHaveLength(2);
    expect(body.results[1].error).toMatchObject({ code: 'UNKNOWN_USER', statusCode: 404, field: '/queries/1/user' });
    expect(body.results[2].users[0].id).toBe(body.results[0].users[0].id);
    const single = await post('/v1/recommend/user-items', { user, k: 3, timestamp: 880000000 });
    const batch = await post('/v1/recommend/user-items', { queries: [{ user: 'cold' }, { user, k: 3, timestamp: 880000000 }, { item: 'oops' }] });
    expect(batch.status).toBe(400); // the third query is malformed: the whole request is refused
    expect(batch.body.error.field).toBe('/queries/2/item');
    const ok = await post('/v1/recommend/user-items', { queries: [{ user: 'cold' }, { user, k: 3, timestamp: 880000000 }] });
    expect(ok.body.results[0].coldStart).toBe(true);
    expect(ok.body.results[1]).toEqual(single.body);
  });
});
