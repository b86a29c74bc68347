import Ajv2020 from 'ajv/dist/2020';
import Fastify, { type FastifyInstance } from 'fastify';
import { openArtifact } from '@twotower/artifact';
import { tf } from '@twotower/runtime';
import { twotower } from './app';
import { createServer } from './create-server';
import type { ServingModel } from './model/serving-model';
import { dots, fakeRanker, fakeRankScore, fakeLikedRating, loadWithRanker, modelA, topK } from './test/fixtures';

jest.setTimeout(60_000);

type Json = Record<string, any>;

let app: FastifyInstance;
let model: ServingModel;
let baseTensors: number;

async function post(url: string, payload: unknown, target: FastifyInstance = app) {
  const r = await target.inject({ method: 'POST', url, payload: payload as Json });
  return { status: r.statusCode, body: r.json() as Json, headers: r.headers };
}

beforeAll(async () => {
  baseTensors = tf.memory().numTensors;
  app = await createServer({ modelDir: modelA(), load: loadWithRanker(fakeRanker), processMetrics: false, adminToken: '' });
  model = app.twotower.holder.current!;
});

afterAll(async () => {
  await app.close();
  expect(model.isDisposed).toBe(true);
  expect(tf.memory().numTensors).toBe(baseTensors);
});

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

/** Per-user best score over the artifact's query embeddings. */
function bestPerUser(query: Float32Array): Map<string, number> {
  const a = openArtifact(modelA(), { verify: false });
  const rows = a.readFloat32('queries.f32');
  const ids = a.readJson<string[]>('queries.ids.json');
  const s = dots(query, rows, model.dim);
  const best = new Map<string, number>();
  ids.forEach((id, r) => best.set(id, Math.max(best.get(id) ?? -Infinity, s[r]!)));
  return best;
}

function rankUsers(best: Map<string, number>, k: number, skip: (id: string) => boolean): string[] {
  return [...best.entries()]
    .filter(([id]) => !skip(id))
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([id]) => id);
}

describe('user-users (user2user)', () => {
  it('equals brute force over the query embeddings, one result per user, the user excluded', async () => {
    const rec = model.recommender;
    for (const user of rec.users.ids.slice(0, 6)) {
      const { status, body } = await post('/v1/recommend/user-users', { user, k: 8 });
      expect(status).toBe(200);
      const ids = body.users.map((h: Json) => h.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).not.toContain(user);
      const best = bestPerUser(rec.embedQueries([user]));
      expect(ids).toEqual(rankUsers(best, 8, (id) => id === user));
      body.users.forEach((h: Json) => expect(h.score).toBeCloseTo(best.get(h.id)!, 4));
    }
  });

  it('leaves out excluded users and answers an unknown user with 404', async () => {
    const rec = model.recommender;
    const user = rec.users.ids[0]!;
    const first = (await post('/v1/recommend/user-users', { user, k: 3 })).body.users.map((h: Json) => h.id);
    const { body } = await post('/v1/recommend/user-users', { user, k: 3, exclude: [first[0]] });
    expect(body.users.map((h: Json) => h.id)).not.toContain(first[0]);
    expect(body.users.map((h: Json) => h.id).slice(0, 2)).toEqual(first.slice(1));
    const unknown = await post('/v1/recommend/user-users', { user: 'stranger' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'UNKNOWN_USER', ids: ['stranger'] });
  });
});

describe('item-users (item2user)', () => {
  it('equals brute force over the query embeddings, one result per user', async () => {
    const rec = model.recommender;
    for (const i of [0, 9, 33]) {
      const item = rec.catalogue.ids[i]!;
      const { status, body } = await post('/v1/recommend/item-users', { item, k: 7 });
      expect(status).toBe(200);
      const ids = body.users.map((h: Json) => h.id);
      expect(new Set(ids).size).toBe(ids.length);
      const best = bestPerUser(rec.embedItemIndices([i]));
      expect(ids).toEqual(rankUsers(best, 7, () => false));
    }
  });

  it('with excludeSeen leaves out the users who have the item', async () => {
    const rec = model.recommender;
    const i = topK(rec.popularity, 1)[0]!;
    const item = rec.catalogue.ids[i]!;
    const owners = new Set(rec.users.ids.filter((_, u) => rec.seenItems(u).includes(i)));
    expect(owners.size).toBeGreaterThan(0);
    const { body } = await post('/v1/recommend/item-users', { item, k: 5, excludeSeen: true });
    const best = bestPerUser(rec.embedItemIndices([i]));
    expect(body.users.map((h: Json) => h.id)).toEqual(rankUsers(best, 5, (id) => owners.has(id)));
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
    expect(batch.body.error.field).toBe('/queries/2/user');
    const ok = await post('/v1/recommend/user-items', { queries: [{ user: 'cold' }, { user, k: 3, timestamp: 880000000 }] });
    expect(ok.body.results[0].coldStart).toBe(true);
    expect(ok.body.results[1]).toEqual(single.body);
  });
});

describe('bad requests', () => {
  const cases: Array<[string, unknown, number, RegExp, string?]> = [
    ['wrong type', { user: 42 }, 400, /body\/user must be string/, '/user'],
    ['missing field', { k: 10 }, 400, /must have required property 'user'/, '/user'],
    ['unknown field', { user: '1', usr: '1' }, 400, /unknown field "usr"/, '/usr'],
    ['k too large', { user: '1', k: 101 }, 400, /body\/k must be <= 100/, '/k'],
    ['k zero', { user: '1', k: 0 }, 400, /body\/k must be >= 1/, '/k'],
    ['k fractional', { user: '1', k: 2.5 }, 400, /body\/k must be integer/, '/k'],
    ['timestamp string', { user: '1', timestamp: 'yesterday' }, 400, /body\/timestamp must be number/, '/timestamp'],
    ['empty user', { user: '' }, 400, /body\/user must NOT have fewer than 1 characters/, '/user'],
    ['not an object', [1, 2], 400, /body must be object/, '/'],
    ['empty batch', { queries: [] }, 400, /body\/queries must NOT have fewer than 1 items/, '/queries'],
    ['batch too large', { queries: Array.from({ length: 65 }, () => ({ user: '1' })) }, 400, /body\/queries must NOT have more than 64 items/, '/queries'],
    ['batch and single mixed', { user: '1', queries: [{ user: '1' }] }, 400, /a batch body holds only "queries"/, '/user'],
    ['exclude too long', { user: '1', exclude: Array.from({ length: 1001 }, (_, i) => String(i)) }, 400, /body\/exclude must NOT have more than 1000 items/, '/exclude'],
  ];
  it.each(cases)('%s: the answer names the field', async (_name, payload, status, message, field) => {
    const r = await post('/v1/recommend/user-items', payload);
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe('BAD_REQUEST');
    expect(r.body.error.message).toMatch(message);
    expect(r.body.error.field).toBe(field);
  });

  it('refuses an oversized body with 413, invalid JSON and other content types with 400/415', async () => {
    const big = await app.inject({ method: 'POST', url: '/v1/recommend/user-items', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ user: 'x'.repeat(300_000) }) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'BODY_TOO_LARGE' });
    expect(big.json().error.message).toMatch(/limit of 262144 bytes/);
    const broken = await app.inject({ method: 'POST', url: '/v1/rank', headers: { 'content-type': 'application/json' }, payload: '{"user": "1", ' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('INVALID_JSON');
    const empty = await app.inject({ method: 'POST', url: '/v1/rank', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(empty.statusCode).toBe(400);
    const text = await app.inject({ method: 'POST', url: '/v1/rank', headers: { 'content-type': 'text/plain' }, payload: 'user=1' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    const noRoute = await app.inject({ method: 'GET', url: '/v1/recommend/nothing' });
    expect(noRoute.statusCode).toBe(404);
    expect(noRoute.json().error.code).toBe('NOT_FOUND');
  });

  it('refuses a timestamp the query tower cannot embed, naming it (never an empty answer)', async () => {
    const user = model.recommender.users.ids[0]!;
    for (const url of ['/v1/recommend/user-items', '/v1/recommend/user-users']) {
      const r = await post(url, { user, timestamp: 1e300 });
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'BAD_REQUEST', field: '/timestamp' });
      expect(r.body.error.message).toMatch(/timestamp 1e\+300 is too far outside the training times/);
    }
    const rank = await post('/v1/rank', { user, items: [model.recommender.catalogue.ids[0]], timestamp: -1e300 });
    expect(rank.status).toBe(400);
  });

  it('answers rerank on a model without a ranking model with 409', async () => {
    const plain = await createServer({ modelDir: modelA(), load: loadWithRanker(undefined), processMetrics: false });
    try {
      const r = await post('/v1/recommend/user-items', { user: model.recommender.users.ids[0], rerank: true }, plain);
      expect(r.status).toBe(409);
      expect(r.body.error).toMatchObject({ code: 'NO_RANKING_MODEL', field: '/rerank' });
      const rank = await post('/v1/rank', { user: model.recommender.users.ids[0], items: [model.recommender.catalogue.ids[0]], liked: true }, plain);
      expect(rank.body).toMatchObject({ rankKind: null, likedKind: null });
      expect(rank.body.items[0]).not.toHaveProperty('liked');
    } finally {
      await plain.close();
    }
  });

  it('scores each pair once when the liked scores are the ranker\'s own (no engagement model)', async () => {
    let likedCalls = 0;
    const ranker = {
      kind: 'probability' as const,
      scorePairs: fakeRanker.scorePairs,
      liked: {
        kind: 'probability' as const,
        sameAsScorePairs: true,
        score: (users: ArrayLike<string>, items: ArrayLike<number>) => {
          likedCalls++;
          return fakeRanker.scorePairs(users, items);
        },
      },
    };
    const single = await createServer({ model: await loadWithRanker(ranker)(modelA()), processMetrics: false });
    try {
      const rec = model.recommender;
      const { body } = await post('/v1/rank', { user: rec.users.ids[2], items: [rec.catalogue.ids[5], rec.catalogue.ids[9]], liked: true }, single);
      expect(likedCalls).toBe(0);
      expect(body.likedKind).toBe('probability');
      for (const h of body.items) expect(h.liked).toBe(h.rankScore);
    } finally {
      await single.close();
    }
  });

  it('answers unknown users with 404 when cold start is "not-found"', async () => {
    const strict = await createServer({ model: await loadWithRanker(undefined)(modelA()), defaults: { coldStart: 'not-found' }, processMetrics: false });
    try {
      const r = await post('/v1/recommend/user-items', { user: 'nobody' }, strict);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('UNKNOWN_USER');
    } finally {
      await strict.close();
    }
  });
});

describe('the twotower plugin', () => {
  it('serves from one\'s own Fastify instance', async () => {
    const own = Fastify();
    await own.register(twotower, { model: await loadWithRanker(undefined)(modelA()), processMetrics: false });
    try {
      const item = model.recommender.catalogue.ids[0]!;
      const r = await own.inject({ method: 'POST', url: '/v1/recommend/item-items', payload: { item, k: 2 } });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual((await post('/v1/recommend/item-items', { item, k: 2 })).body);
      const bad = await own.inject({ method: 'POST', url: '/v1/recommend/item-items', payload: { item, k: 0 } });
      expect(bad.json().error).toMatchObject({ code: 'BAD_REQUEST', field: '/k' });
      expect(own.twotower.holder.current).toBeDefined();
    } finally {
      await own.close();
    }
  });
});

describe('operations endpoints', () => {
  it('healthz, readyz, /v1/model and the OpenAPI document', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready', model: model.version });
    const m = (await app.inject({ method: 'GET', url: '/v1/model' })).json();
    expect(m.summary).toMatchObject({ version: model.version, items: 40, users: 60, dim: model.dim, indexes: { items: { kind: 'exact' }, queries: { kind: 'exact' } } });
    expect(m.manifest.format).toBe('twotower-artifact');
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/v1/recommend/user-items', '/v1/recommend/item-items', '/v1/recommend/user-users', '/v1/recommend/item-users', '/v1/rank']) {
      expect(doc.paths[p].post.requestBody.content['application/json'].schema.else.required).toBeDefined();
    }
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/metrics', '/v1/model', '/openapi.json', '/admin/reload']));
  });

  it('every 200 answer validates against the OpenAPI document, single and batch', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const ajv = new Ajv2020({ strict: false });
    const rec = model.recommender;
    const [user, item] = [rec.users.ids[0]!, rec.catalogue.ids[0]!];
    const queries: Record<string, unknown[]> = {
      '/v1/recommend/user-items': [{ user, k: 3 }, { user: 'cold', k: 2 }, { user, k: 2, rerank: true }],
      '/v1/recommend/item-items': [{ item, k: 3 }, { item: 'ghost' }],
      '/v1/recommend/user-users': [{ user, k: 3 }, { user: 'ghost' }],
      '/v1/recommend/item-users': [{ item, k: 3, excludeSeen: true }],
      '/v1/rank': [{ user, items: [item, rec.catalogue.ids[1]!], liked: true }, { user: 'cold', items: [item] }, { user, items: ['ghost'] }],
    };
    for (const [url, qs] of Object.entries(queries)) {
      const validate = ajv.compile(doc.paths[url].post.responses['200'].content['application/json'].schema);
      expect(validate({ results: [{}] })).toBe(false);
      for (const payload of [...qs, { queries: qs }]) {
        const r = await post(url, payload);
        if (r.status !== 200) continue;
        expect({ url, payload, valid: validate(r.body), errors: validate.errors }).toMatchObject({ valid: true });
      }
    }
    for (const url of ['/healthz', '/readyz', '/v1/model', '/openapi.json']) {
      const r = await app.inject({ method: 'GET', url });
      expect(ajv.validate(doc.paths[url].get.responses['200'].content['application/json'].schema, r.json())).toBe(true);
    }
  });

  it('/metrics counts requests and latencies per route and names the model version', async () => {
    await post('/v1/recommend/item-items', { item: model.recommender.catalogue.ids[0] });
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(/twotower_http_requests_total\{route="\/v1\/recommend\/item-items",method="POST",status="200"\} \d+/);
    expect(text).toMatch(/twotower_http_requests_total\{route="\/v1\/recommend\/user-items",method="POST",status="400"\} \d+/);
    expect(text).toMatch(/twotower_http_request_duration_seconds_bucket\{le="0.005",route="\/v1\/rank"\} \d+/);
    expect(text).toContain(`twotower_model_info{version="${model.version}"`);
    expect(text).toMatch(/twotower_queries_total\{route="\/v1\/recommend\/user-items",outcome="cold_start"\} \d+/);
  });
});
