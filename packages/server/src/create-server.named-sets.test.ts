import type { AddressInfo } from 'node:net';
import Ajv2020 from 'ajv/dist/2020';
import type { FastifyInstance } from 'fastify';
import { tf } from '@twotower/runtime';
import { createServer } from './create-server';
import type { ServingModel } from './model/serving-model';
import { fakeRanker, loadWithRanker, modelA, modelN } from './test/fixtures';
import { candidatesSegment, inItem2vec, itemAngle, item2vecSegment, plantedItemOrder, plantedUserOrder, usersSegment } from './test/named-sets-fixture';

jest.setTimeout(60_000);

type Json = Record<string, any>;
const TOKEN = 'named-sets-token';
let app: FastifyInstance;
let base: string;
let model: ServingModel;
let baseTensors: number;

async function call(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json; headers: Headers }> {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: r.status, body: (await r.json()) as Json, headers: r.headers };
}
const post = (path: string, body: unknown) => call('POST', path, body);
const get = (path: string) => call('GET', path);
const reload = (dir: string) => call('POST', '/admin/reload', { model: dir }, { authorization: `Bearer ${TOKEN}` });

beforeAll(async () => {
  baseTensors = tf.memory().numTensors;
  app = await createServer({ modelDir: modelN(), load: loadWithRanker(fakeRanker), processMetrics: false, adminToken: TOKEN });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  model = app.twotower.holder.current!;
});
afterAll(async () => {
  await app.close();
  expect(tf.memory().numTensors).toBe(baseTensors);
});

const ids = () => model.recommender.catalogue.ids;
const users = () => model.recommender.users.ids;

describe('item-items from a named set of items', () => {
  it('returns the planted cosine neighbour order, says which set answered, and gives each item its segment in that set', async () => {
    for (const i of [0, 10, 20, 36]) {
      const { status, body } = await post('/v1/recommend/item-items', { item: ids()[i], k: 6, embeddings: 'item2vec' });
      expect(status).toBe(200);
      const expected = plantedItemOrder(i, ids().length).slice(0, 6);
      expect(body).toMatchObject({ item: ids()[i], title: model.recommender.catalogue.titles[i], embeddings: 'item2vec', segment: item2vecSegment(i) });
      expect(body.items.map((h: Json) => h.id)).toEqual(expected.map((j) => ids()[j]));
      body.items.forEach((h: Json, r: number) => {
        // cosine, not the dot product: the rows have lengths 1..3
        expect(h.score).toBeCloseTo(Math.cos(itemAngle(expected[r]!) - itemAngle(i)), 5);
        expect(h.segment).toBe(item2vecSegment(expected[r]!));
        expect(h.title).toBe(model.recommender.catalogue.titles[expected[r]!]);
      });
    }
  });

  it('leaves out exclude, never returns the items without a vector, and answers them 404 with the reason', async () => {
    const all = await post('/v1/recommend/item-items', { item: ids()[30], k: 100, embeddings: 'item2vec', exclude: [ids()[29]!, 'no-such-item'] });
    expect(all.body.items.map((h: Json) => h.id)).toEqual(plantedItemOrder(30, ids().length, [29]).map((j) => ids()[j]));
    expect(all.body.items).toHaveLength(35); // 37 items with a vector, less the item and one excluded
    for (const i of [37, 38, 39]) {
      expect(inItem2vec(i)).toBe(false);
      const r = await post('/v1/recommend/item-items', { item: ids()[i], embeddings: 'item2vec' });
      expect(r.status).toBe(404);
      expect(r.body.error).toMatchObject({ code: 'UNKNOWN_ITEM', field: '/item', ids: [ids()[i]] });
      expect(r.body.error.message).toMatch(/has no vector in embedding set "item2vec" \(37 of the model's 40 items have one/);
    }
    const ghost = await post('/v1/recommend/item-items', { item: 'ghost', embeddings: 'item2vec' });
    expect(ghost.body.error.message).toMatch(/"ghost" is not in the model's catalogue/);
  });

  it('refuses an unknown set (or a set of users) with 400 naming the field and listing the sets, in a batch too', async () => {
    const r = await post('/v1/recommend/item-items', { item: ids()[0], embeddings: 'word2vec' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'BAD_REQUEST', field: '/embeddings' });
    expect(r.body.error.message).toMatch(/embeddings "word2vec" is not an embedding set of this model: item-items answers from one of "candidates", "item2vec"/);
    const users = await post('/v1/recommend/item-items', { item: ids()[0], embeddings: 'users' });
    expect(users.body.error.message).toMatch(/"users" is a set of users, not of items/);
    const batch = await post('/v1/recommend/item-items', { queries: [{ item: ids()[1], embeddings: 'item2vec', k: 2 }, { item: ids()[1], embeddings: 'nope' }, { item: ids()[1], k: 2 }] });
    expect(batch.status).toBe(200);
    expect(batch.body.results[0].items.map((h: Json) => h.id)).toEqual(plantedItemOrder(1, 40).slice(0, 2).map((j) => ids()[j]));
    expect(batch.body.results[1].error).toMatchObject({ code: 'BAD_REQUEST', field: '/queries/1/embeddings' });
    expect(batch.body.results[2].embeddings).toBe('candidates');
  });
});

describe('segment fields in answers', () => {
  it("default item-items, user-items and rank: the candidates' segment; user answers: the users set's", async () => {
    const dflt = await post('/v1/recommend/item-items', { item: ids()[4], k: 5 });
    expect(dflt.body).toMatchObject({ embeddings: 'candidates', segment: candidatesSegment(4) });
    for (const h of dflt.body.items) expect(h.segment).toBe(candidatesSegment(model.recommender.itemIndex(h.id)));
    const explicit = await post('/v1/recommend/item-items', { item: ids()[4], k: 5, embeddings: 'candidates' });
    expect(explicit.body).toEqual(dflt.body);
    for (const q of [{ user: users()[0], k: 5 }, { user: 'cold-user', k: 3 }, { user: users()[1], k: 4, rerank: true }]) {
      const r = await post('/v1/recommend/user-items', q);
      expect(r.body.items.length).toBeGreaterThan(0);
      for (const h of r.body.items) expect(h.segment).toBe(candidatesSegment(model.recommender.itemIndex(h.id)));
    }
    const rank = await post('/v1/rank', { user: users()[2], items: [ids()[5], ids()[7]] });
    for (const h of rank.body.items) expect(h.segment).toBe(candidatesSegment(model.recommender.itemIndex(h.id)));
    const uu = await post('/v1/recommend/user-users', { user: users()[3], k: 5 });
    expect(uu.body.segment).toBe(usersSegment(3));
    for (const h of uu.body.users) expect(h.segment).toBe(usersSegment(model.recommender.userIndex(h.id)));
    const iu = await post('/v1/recommend/item-users', { item: ids()[8], k: 5, rows: 'interactions' });
    expect(iu.body.segment).toBe(candidatesSegment(8));
    for (const h of iu.body.users) expect(h.segment).toBe(usersSegment(model.recommender.userIndex(h.id)));
  });

  it('user-users from the users set: the planted order, cosine; a timestamp with it is a 400', async () => {
    const r = await post('/v1/recommend/user-users', { user: users()[10], k: 4, embeddings: 'users' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ user: users()[10], embeddings: 'users', segment: usersSegment(10) });
    expect(r.body.rows).toBeUndefined();
    expect(r.body.users.map((h: Json) => h.id)).toEqual(plantedUserOrder(10, users().length).slice(0, 4).map((u) => users()[u]));
    const timed = await post('/v1/recommend/user-users', { user: users()[10], embeddings: 'users', timestamp: 1 });
    expect(timed.body.error).toMatchObject({ code: 'BAD_REQUEST', field: '/timestamp' });
    const wrong = await post('/v1/recommend/user-users', { user: users()[10], embeddings: 'item2vec' });
    expect(wrong.body.error.message).toMatch(/"item2vec" is a set of items, not of users: user-users answers from "users"/);
  });
});

describe('segment endpoints', () => {
  it('list every segmentation, one by set (404 listing the sets), and page through members', async () => {
    const all = await get('/v1/segments');
    expect(all.status).toBe(200);
    expect(all.headers.get('x-model-version')).toBe(model.version);
    expect(all.body.segmentations.map((s: Json) => [s.set, s.of, s.k])).toEqual([['candidates', 'items', 3], ['item2vec', 'items', 2], ['users', 'users', 2]]);
    const one = await get('/v1/segments/item2vec');
    expect(one.body).toMatchObject({ set: 'item2vec', k: 2, metric: 'cosine', silhouette: 0.42, chosenBy: 'given' });
    // 38 rows: item 37 (no vector) is in no segment
    expect(one.body.segments.map((s: Json) => s.size)).toEqual([19, 18]);
    const none = await get('/v1/segments/deepwalk');
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('NOT_FOUND');
    expect(none.body.error.message).toMatch(/no segmentation of embedding set "deepwalk": segmented sets: "candidates", "item2vec", "users"/);

    // item2vec rows are in reverse catalogue order: segment 0 (items 0..18) lists 18, 17, ... 0
    const page = await get('/v1/segments/item2vec/0?offset=2&limit=3');
    expect(page.body).toMatchObject({ set: 'item2vec', of: 'items', segment: 0, size: 19, offset: 2, limit: 3 });
    expect(page.body.members).toEqual([16, 15, 14].map((i) => ({ id: ids()[i], title: model.recommender.catalogue.titles[i] })));
    const first = await get('/v1/segments/candidates/1');
    expect(first.body).toMatchObject({ offset: 0, limit: 100, size: 13 });
    expect(first.body.members.map((m: Json) => m.id)).toEqual(ids().filter((_, i) => candidatesSegment(i) === 1));
    const past = await get('/v1/segments/users/1?offset=500');
    expect(past.body).toMatchObject({ size: 30, members: [] });
    const userPage = await get('/v1/segments/users/1?limit=2');
    expect(userPage.body.members).toEqual([{ id: users()[1] }, { id: users()[3] }]);
  });

  it('answers 404 for a segment outside 0..k-1 and 400 for bad paging', async () => {
    for (const id of ['2', 'x', '-1']) {
      const r = await get(`/v1/segments/item2vec/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.message).toMatch(/its segments are 0\.\.1/);
    }
    const cases: Array<[string, string]> = [['limit=0', '/limit'], ['limit=1001', '/limit'], ['offset=-1', '/offset'], ['limit=abc', '/limit'], ['offset=1&offset=2', '/offset'], ['page=2', '/page']];
    for (const [query, field] of cases) {
      const r = await get(`/v1/segments/item2vec/0?${query}`);
      expect({ query, status: r.status, code: r.body.error.code, field: r.body.error.field }).toEqual({ query, status: 400, code: 'BAD_REQUEST', field });
    }
    const method = await post('/v1/segments/item2vec/0', {});
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('GET, HEAD');
  });

  it('GET /v1/model lists the sets (with the endpoints taking them) and segmentations; answers validate against the OpenAPI document', async () => {
    const m = (await get('/v1/model')).body;
    expect(m.summary.embeddings).toMatchObject({
      candidates: { of: 'items', method: 'two-tower', endpoints: ['item-items'], segments: 3 },
      item2vec: { of: 'items', method: 'item2vec', dim: 4, rows: 38, vectors: 37, endpoints: ['item-items'], index: { kind: 'exact', rows: 37, source: 'built' }, segments: 2 },
      users: { of: 'users', method: 'deepwalk', dim: 3, rows: 60, vectors: 60, endpoints: ['user-users'], segments: 2 },
      queries: { of: 'interactions', endpoints: [] },
    });
    expect(m.summary.segmentations).toEqual([
      { set: 'candidates', of: 'items', k: 3, metric: 'cosine', silhouette: 0.42 },
      { set: 'item2vec', of: 'items', k: 2, metric: 'cosine', silhouette: 0.42 },
      { set: 'users', of: 'users', k: 2, metric: 'cosine', silhouette: 0.42 },
    ]);
    const doc = (await get('/openapi.json')).body;
    const ajv = new Ajv2020({ strict: false });
    const answers: Array<[string, string, Json]> = [
      ['/v1/recommend/item-items', 'post', (await post('/v1/recommend/item-items', { item: ids()[3], embeddings: 'item2vec' })).body],
      ['/v1/recommend/item-items', 'post', (await post('/v1/recommend/item-items', { queries: [{ item: ids()[3] }, { item: ids()[3], embeddings: 'x' }] })).body],
      ['/v1/recommend/user-users', 'post', (await post('/v1/recommend/user-users', { user: users()[0], embeddings: 'users' })).body],
      ['/v1/segments', 'get', (await get('/v1/segments')).body],
      ['/v1/segments/{set}', 'get', (await get('/v1/segments/users')).body],
      ['/v1/segments/{set}/{id}', 'get', (await get('/v1/segments/candidates/2?limit=4')).body],
    ];
    for (const [path, method, body] of answers) {
      const valid = ajv.validate(doc.paths[path][method].responses['200'].content['application/json'].schema, body);
      expect({ path, valid, errors: ajv.errors }).toMatchObject({ path, valid: true });
    }
  });

  it('items added at run time carry no segment', async () => {
    const add = await call('POST', '/admin/items', { items: [{ id: 'added-1', title: 'Added (2026)', genres: [] }] }, { authorization: `Bearer ${TOKEN}` });
    expect(add.status).toBe(200);
    const r = await post('/v1/recommend/item-items', { item: 'added-1', k: 3 });
    expect(r.body).toMatchObject({ item: 'added-1', embeddings: 'candidates' });
    expect(r.body).not.toHaveProperty('segment');
    const inSet = await post('/v1/recommend/item-items', { item: 'added-1', embeddings: 'item2vec' });
    expect(inSet.body.error).toMatchObject({ code: 'UNKNOWN_ITEM', ids: ['added-1'] });
  });
});

describe('a model without named sets or segments, and hot swaps between the two', () => {
  it('answers as before: no segment fields, no sets but candidates, /v1/segments empty; the set list follows the model swapped in', async () => {
    expect((await reload(modelA())).status).toBe(200);
    const a = app.twotower.holder.current!;
    expect(a.namedSets.size).toBe(0);
    const ii = await post('/v1/recommend/item-items', { item: ids()[4], k: 5 });
    const dflt = ii.body;
    expect(dflt.embeddings).toBe('candidates');
    expect(JSON.stringify(dflt)).not.toContain('segment');
    for (const [url, q] of [
      ['/v1/recommend/user-items', { user: users()[0], k: 5 }],
      ['/v1/recommend/user-users', { user: users()[0], k: 5 }],
      ['/v1/recommend/item-users', { item: ids()[0], k: 5 }],
      ['/v1/rank', { user: users()[0], items: [ids()[1]] }],
    ] as const) {
      const r = await post(url, q);
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.body)).not.toContain('segment');
    }
    expect((await get('/v1/segments')).body).toEqual({ segmentations: [] });
    expect((await get('/v1/segments/candidates')).body.error.message).toMatch(/the model served has no segmentation/);
    const unknown = await post('/v1/recommend/item-items', { item: ids()[0], embeddings: 'item2vec' });
    expect(unknown.body.error.message).toMatch(/item-items answers from "candidates" \(GET/);
    const noUsers = await post('/v1/recommend/user-users', { user: users()[0], embeddings: 'users' });
    expect(noUsers.body.error.message).toMatch(/this model has no named set of users/);
    expect(Object.keys((await get('/v1/model')).body.summary.embeddings).sort()).toEqual(['candidates', 'queries']);

    // back to model N: same towers (seed 0), so the same default answer, now with segments
    expect((await reload(modelN())).status).toBe(200);
    model = app.twotower.holder.current!;
    const back = await post('/v1/recommend/item-items', { item: ids()[4], k: 5 });
    expect(back.body.items.map((h: Json) => h.id)).toEqual(dflt.items.map((h: Json) => h.id));
    expect(back.body.items.map((h: Json) => h.segment)).toEqual(dflt.items.map((h: Json) => candidatesSegment(model.recommender.itemIndex(h.id))));
    expect((await post('/v1/recommend/item-items', { item: ids()[4], k: 2, embeddings: 'item2vec' })).body.items.map((h: Json) => h.id)).toEqual(plantedItemOrder(4, 40).slice(0, 2).map((j) => ids()[j]));
  });
});
