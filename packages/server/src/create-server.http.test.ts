import type { FastifyInstance } from 'fastify';
import type { ServingModel } from './model/serving-model';
import Ajv2020 from 'ajv/dist/2020';
import Fastify from 'fastify';
import { createServer } from './create-server';
import { twotower } from './app';
import { fakeRanker, loadWithRanker, modelA } from './test/fixtures';
import { serverUnderTest } from './test/server-under-test';

jest.setTimeout(60_000);

const server = serverUnderTest();
let app: FastifyInstance;
let model: ServingModel;
beforeAll(() => {
  ({ app, model } = server);
});
const post = server.post;

describe('bad requests', () => {
  const cases: Array<[string, unknown, number, RegExp, string?]> = [
    ['wrong type', { user: 42 }, 400, /body\/user must be string/, '/user'],
    ['missing field', { k: 10 }, 400, /the query has no user: give "user", or a "history"/, '/user'],
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
    // a single query (the schema's `else` branch: no "queries") requires its own fields
    const required: Record<string, string[]> = { '/v1/recommend/user-items': [], '/v1/recommend/item-items': ['item'], '/v1/recommend/user-users': ['user'], '/v1/recommend/item-users': ['item'], '/v1/rank': ['items', 'user'] };
    for (const [p, fields] of Object.entries(required)) {
      expect([...(doc.paths[p].post.requestBody.content['application/json'].schema.else.required ?? [])].sort()).toEqual(fields);
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
