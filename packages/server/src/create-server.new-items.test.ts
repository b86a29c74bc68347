/**
 * New items without retraining (issue 13): POST /admin/items embeds items with the candidate tower
 * and adds them to the model served; the four kinds of recommendation see them at once.
 */
import type { FastifyInstance } from 'fastify';
import { openArtifact } from '@twotower/artifact';
import { embedNewItems } from '@twotower/recommender';
import { tf } from '@twotower/runtime';
import { createServer } from './create-server';
import type { ServingModel } from './model/serving-model';
import { dots, fakeRanker, loadWithRanker, modelA, modelB, modelH, topK } from './test/fixtures';
import type { Json } from './test/server-under-test';

jest.setTimeout(60_000);

const TOKEN = 'items-test-token';
let app: FastifyInstance;
let baseTensors: number;

beforeAll(async () => {
  baseTensors = tf.memory().numTensors;
  app = await createServer({ modelDir: modelA(), load: loadWithRanker(fakeRanker), adminToken: TOKEN, processMetrics: false });
});

afterAll(async () => {
  await app.close();
  expect(tf.memory().numTensors).toBe(baseTensors);
});

const current = (): ServingModel => app.twotower.holder.current!;
const post = async (url: string, payload: unknown, target = app) => {
  const r = await target.inject({ method: 'POST', url, payload: payload as Json });
  return { status: r.statusCode, body: r.json() as Json };
};
const addItems = async (payload: unknown, token: string | null = TOKEN, target = app) => {
  const r = await target.inject({ method: 'POST', url: '/admin/items', headers: token === null ? {} : { authorization: `Bearer ${token}` }, payload: payload as Json });
  return { status: r.statusCode, body: r.json() as Json, headers: r.headers };
};

// words of the fixture's titles, so that the new items' title embeddings differ
const NEW = [
  { id: 'new-1', title: 'The Wedding Party (2026)', genres: ['Comedy'] },
  { id: 'new-2', title: 'Blood Shadows Night (2026)', genres: ['Horror'] },
];

/** Every item's vector (catalogue, then added) and id, as brute force sees them. */
function allItems(model: ServingModel, added: Float32Array, addedIds: string[]) {
  const ids = [...model.recommender.catalogue.ids, ...addedIds];
  const vectors = new Float32Array(ids.length * model.dim);
  vectors.set(model.recommender.embedItems());
  vectors.set(added, model.recommender.numItems * model.dim);
  return { ids, vectors };
}

describe('POST /admin/items', () => {
  it('adds items the four kinds of recommendation then see, each as brute force over the catalogue and the new items', async () => {
    const model = current();
    const rec = model.recommender;
    const userUsersBefore = await post('/v1/recommend/user-users', { user: rec.users.ids[0], k: 5 });
    const r = await addItems({ items: NEW });
    expect(r.status).toBe(200);
    expect(r.headers['x-model-version']).toBe(model.version);
    expect(r.body).toEqual({ version: model.version, added: ['new-1', 'new-2'], addedItems: 2, items: rec.numItems + 2 });

    const newVectors = embedNewItems(rec, NEW);
    const all = allItems(model, newVectors, ['new-1', 'new-2']);
    const d = model.dim;

    // user-items: the search finds them, ranked by score among the catalogue's items
    let shown = 0;
    for (const [u, user] of rec.users.ids.entries()) {
      const seen = new Set(Array.from(rec.seenItems(u), (i) => rec.catalogue.ids[i]!));
      const scores = dots(rec.embedQueries([user]), all.vectors, d);
      const expected = topK(scores, 10, (i) => seen.has(all.ids[i]!)).map((i) => all.ids[i]!);
      const { body } = await post('/v1/recommend/user-items', { user, k: 10 });
      expect(body.items.map((h: Json) => h.id)).toEqual(expected);
      const hit = body.items.find((h: Json) => h.id === 'new-1');
      if (hit) {
        shown++;
        expect(hit).toEqual({ id: 'new-1', title: 'The Wedding Party (2026)', score: expect.closeTo(scores[rec.numItems]!, 4) });
      }
    }
    expect(shown).toBeGreaterThan(0);

    // item-items: by the new item's id (itself left out), and with it among the neighbours
    const byNew = await post('/v1/recommend/item-items', { item: 'new-1', k: 8 });
    expect(byNew.status).toBe(200);
    expect(byNew.body.title).toBe('The Wedding Party (2026)');
    const q = newVectors.subarray(0, d);
    expect(byNew.body.items.map((h: Json) => h.id)).toEqual(topK(dots(q, all.vectors, d), 8, (i) => all.ids[i] === 'new-1').map((i) => all.ids[i]));
    const neighbour = await post('/v1/recommend/item-items', { item: rec.catalogue.ids[0], k: 50 });
    expect(neighbour.body.items.map((h: Json) => h.id)).toEqual(
      topK(dots(rec.embedItemIndices([0]), all.vectors, d), 50, (i) => i === 0).map((i) => all.ids[i]),
    );
    expect(neighbour.body.items.map((h: Json) => h.id)).toEqual(expect.arrayContaining(['new-1', 'new-2']));

    // item-users: by the new item's id, over one query vector per user (default), one result per user
    const perUser = dots(q, rec.embedQueries(rec.users.ids), d);
    const users = await post('/v1/recommend/item-users', { item: 'new-1', k: 6, excludeSeen: true });
    expect(users.status).toBe(200);
    expect(users.body.users.map((h: Json) => h.id)).toEqual(topK(perUser, 6).map((u) => rec.users.ids[u]));
    // ... and over the per-interaction query embeddings, each user's best row
    const a = openArtifact(modelA(), { verify: false });
    const rows = a.readFloat32('queries.f32');
    const rowIds = a.readJson<string[]>('queries.ids.json');
    const s = dots(q, rows, d);
    const best = new Map<string, number>();
    rowIds.forEach((id, row) => best.set(id, Math.max(best.get(id) ?? -Infinity, s[row]!)));
    const byRows = await post('/v1/recommend/item-users', { item: 'new-1', k: 6, excludeSeen: true, rows: 'interactions' });
    expect(byRows.body.users.map((h: Json) => h.id)).toEqual([...best.entries()].sort((x, y) => y[1] - x[1]).slice(0, 6).map(([id]) => id));

    // user-users: unchanged
    expect(await post('/v1/recommend/user-users', { user: rec.users.ids[0], k: 5 })).toEqual(userUsersBefore);

    // the model summary and the gauge count them
    expect((await app.inject({ method: 'GET', url: '/v1/model' })).json().summary.addedItems).toBe(2);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/twotower_model_added_items 2/);
  });

  it('makes an item searchable as soon as its add is answered', async () => {
    const rec = current().recommender;
    const item = { id: `instant-${Date.now()}`, title: 'The Secret Road (2026)' };
    expect((await addItems({ items: [item] })).status).toBe(200);
    // everything else left out: the one item left to find is the new one
    const others = [...rec.catalogue.ids.slice(1), ...current().added.ids.filter((id) => id !== item.id)];
    const { status, body } = await post('/v1/recommend/item-items', { item: rec.catalogue.ids[0], k: 1, exclude: others });
    expect(status).toBe(200);
    expect(body.items).toEqual([{ id: item.id, title: item.title, score: expect.any(Number) }]);
    const users = await post('/v1/recommend/item-users', { item: item.id, k: 1 });
    expect(users.body.users).toHaveLength(1);
  });

  it('refuses ids already served (409, every one named, nothing added) and ids given twice (400)', async () => {
    const model = current();
    const before = model.added.size;
    const taken = await addItems({ items: [{ id: 'fresh-1', title: 'x' }, { id: model.recommender.catalogue.ids[5], title: 'y' }, { id: 'new-1', title: 'z' }] });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'ITEM_EXISTS', field: '/items/1/id', ids: [model.recommender.catalogue.ids[5], 'new-1'] });
    expect(taken.body.error.message).toMatch(/already served .*nothing was added/);
    const twice = await addItems({ items: [{ id: 'fresh-1' }, { id: 'fresh-2' }, { id: 'fresh-1' }] });
    expect(twice.status).toBe(400);
    expect(twice.body.error).toMatchObject({ code: 'BAD_REQUEST', field: '/items/2/id', ids: ['fresh-1'] });
    expect(twice.body.error.message).toMatch(/"fresh-1" is given twice \(items 0 and 2\)/);
    expect(model.added.size).toBe(before);
    expect((await post('/v1/recommend/item-items', { item: 'fresh-1' })).status).toBe(404);
  });

  it('names the field at fault: an attribute the catalogue has no column for, a body that does not fit the schema', async () => {
    const attr = await addItems({ items: [{ id: 'fresh-3', attributes: { colour: 'red' } }] });
    expect(attr.status).toBe(400);
    expect(attr.body.error).toMatchObject({ field: '/items/0/attributes/colour' });
    expect(attr.body.error.message).toMatch(/no column "colour" \(it has none\)/);
    for (const [body, field] of [
      [{ items: [] }, '/items'],
      [{ items: [{ title: 'no id' }] }, '/items/0/id'],
      [{ items: [{ id: 'a', colour: 'red' }] }, '/items/0/colour'],
      [{ items: [{ id: 'a', genres: 'Comedy' }] }, '/items/0/genres'],
      [{ item: { id: 'a' } }, '/items'],
    ] as const) {
      const r = await addItems(body);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'BAD_REQUEST', field });
    }
    const many = await addItems({ items: Array.from({ length: 1001 }, (_, i) => ({ id: `m${i}` })) });
    expect(many.body.error).toMatchObject({ field: '/items' });
  });

  it('checks the token before the body (401 whatever is sent), and is disabled without one (403)', async () => {
    for (const body of [{ items: NEW }, { nonsense: true }, 'not json at all']) {
      const r = await app.inject({ method: 'POST', url: '/admin/items', headers: { 'content-type': 'application/json' }, payload: body as string });
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('UNAUTHORIZED');
    }
    expect((await addItems({ items: NEW }, 'wrong')).status).toBe(401);
    const off = await createServer({ model: await loadWithRanker(undefined)(modelA()), adminToken: '', processMetrics: false });
    try {
      const r = await addItems({ items: [{ id: 'x' }] }, 'anything', off);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('ADMIN_DISABLED');
    } finally {
      await off.close();
    }
  });

  it('leaves added items out of rank (404 saying why) and of the popularity cold start', async () => {
    const rec = current().recommender;
    const r = await post('/v1/rank', { user: rec.users.ids[0], items: [rec.catalogue.ids[0], 'new-1'] });
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: 'UNKNOWN_ITEM', ids: ['new-1'], field: '/items' });
    expect(r.body.error.message).toMatch(/"new-1" was added after training .*rank scores only the catalogue the model was trained with/);
    const cold = await post('/v1/recommend/user-items', { user: 'stranger', k: 100 });
    expect(cold.body.items.map((h: Json) => h.id)).not.toContain('new-1');
    // re-ranking covers the catalogue the ranking model knows
    const reranked = await post('/v1/recommend/user-items', { user: rec.users.ids[0], k: 60, rerank: true, rerankCandidates: 60 });
    expect(reranked.body.reranked).toBe(true);
    expect(reranked.body.items.map((h: Json) => h.id)).not.toContain('new-1');
  });

  it('loses the added items on a reload: the new model serves its own catalogue', async () => {
    const r = await app.inject({ method: 'POST', url: '/admin/reload', headers: { authorization: `Bearer ${TOKEN}` }, payload: { model: modelB() } });
    expect(r.statusCode).toBe(200);
    expect((await post('/v1/recommend/item-items', { item: 'new-1' })).status).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/v1/model' })).json().summary.addedItems).toBe(0);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/twotower_model_added_items 0/);
    // and the new model takes items of its own
    expect((await addItems({ items: [NEW[0]] })).body).toMatchObject({ version: r.json().version, addedItems: 1 });
  });
});

describe('a history holding items added after training', () => {
  it('leaves them out of what the query tower reads (it has no row for them) and of the answer, and says so', async () => {
    const h = await createServer({ modelDir: modelH(), load: loadWithRanker(undefined), adminToken: TOKEN, processMetrics: false });
    try {
      const rec = h.twotower.holder.current!.recommender;
      expect((await addItems({ items: NEW }, TOKEN, h)).status).toBe(200);
      const history = [rec.catalogue.ids[3]!, 'new-2'];
      const { status, body } = await post('/v1/recommend/user-items', { user: 'newcomer', history, k: 50 }, h);
      expect(status).toBe(200);
      expect(body).toMatchObject({ coldStart: true, scoreKind: 'history', historyUsed: 1 });
      expect(body.note).toMatch(/1 of the history's items were added after training \("new-2"\): the history input has no row for them/);
      const ids = body.items.map((h: Json) => h.id);
      expect(ids).toContain('new-1');
      expect(ids).not.toContain('new-2');
      expect(ids).not.toContain(rec.catalogue.ids[3]);
      // the same answer as the history without the added item, but for that item
      const alone = await post('/v1/recommend/user-items', { user: 'newcomer', history: [rec.catalogue.ids[3]], k: 50 }, h);
      expect(alone.body.items.filter((x: Json) => x.id !== 'new-2')).toEqual(body.items);
    } finally {
      await h.close();
    }
  });
});
