import type { FastifyInstance } from 'fastify';
import { tf } from '@twotower/runtime';
import { createServer } from './create-server';
import type { ServingModel } from './model/serving-model';
import { corruptedCopy, fakeRanker, loadWithRanker, modelA, modelB } from './test/fixtures';

jest.setTimeout(60_000);

const TOKEN = 'test-token-123';
let app: FastifyInstance;
let baseTensors: number;

const reload = (payload?: unknown, token: string | null = TOKEN) =>
  app.inject({
    method: 'POST',
    url: '/admin/reload',
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
const version = async () => (await app.inject({ method: 'GET', url: '/v1/model' })).json().summary.version as string;

beforeAll(async () => {
  baseTensors = tf.memory().numTensors;
  app = await createServer({ modelDir: modelA(), load: loadWithRanker(fakeRanker), adminToken: TOKEN, processMetrics: false });
});

afterAll(async () => {
  await app.close();
  expect(tf.memory().numTensors).toBe(baseTensors);
});

describe('admin reload', () => {
  it('refuses a missing or wrong token (401) and is disabled without one (403)', async () => {
    expect((await reload(undefined, null)).statusCode).toBe(401);
    const wrong = await reload(undefined, 'nope');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('UNAUTHORIZED');
    const off = await createServer({ model: await loadWithRanker(undefined)(modelA()), adminToken: '', processMetrics: false });
    try {
      const r = await off.inject({ method: 'POST', url: '/admin/reload', headers: { authorization: 'Bearer x' } });
      expect(r.statusCode).toBe(403);
      expect(r.json().error).toMatchObject({ code: 'ADMIN_DISABLED' });
      expect(r.json().error.message).toMatch(/TWOTOWER_ADMIN_TOKEN/);
    } finally {
      await off.close();
    }
  });

  it('swaps in a new model: new requests get it, requests in flight finish on the old one, the old one is disposed', async () => {
    const old = app.twotower.holder.current!;
    const user = old.recommender.users.ids[0]!;
    // a burst of requests around the swap: every one succeeds, on one model or the other
    const before = Array.from({ length: 40 }, () => app.inject({ method: 'POST', url: '/v1/recommend/user-items', payload: { user, k: 5 } }));
    const swap = reload({ model: modelB() });
    const after = Array.from({ length: 40 }, () => app.inject({ method: 'POST', url: '/v1/recommend/user-users', payload: { user, k: 5 } }));
    const answers = await Promise.all([...before, ...after]);
    const r = await swap;
    expect(r.statusCode).toBe(200);
    const next = app.twotower.holder.current!;
    expect(r.json()).toMatchObject({ version: next.version, previousVersion: old.version, dir: modelB() });
    expect(next.version).not.toBe(old.version);
    for (const a of answers) {
      expect(a.statusCode).toBe(200);
      expect([old.version, next.version]).toContain(a.headers['x-model-version']);
    }
    expect(await version()).toBe(next.version);
    expect(old.isDisposed).toBe(true);
    const m = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(m).toContain(`twotower_model_info{version="${next.version}"`);
    expect(m).not.toContain(`version="${old.version}"`);
    expect(m).toMatch(/twotower_model_reloads_total\{result="success"\} 1/);
  });

  it("rebuilds the per-user index with the new model: user-users answers from the new model's user vectors", async () => {
    const next = app.twotower.holder.current!;
    const rec = next.recommender;
    const user = rec.users.ids[3]!;
    const r = await app.inject({ method: 'POST', url: '/v1/recommend/user-users', payload: { user, k: 5 } });
    expect(r.headers['x-model-version']).toBe(next.version);
    const vectors = rec.embedQueries(rec.users.ids);
    const q = vectors.subarray(3 * next.dim, 4 * next.dim);
    const scores = rec.users.ids.map((_, u) => vectors.subarray(u * next.dim, (u + 1) * next.dim).reduce((s, x, j) => s + x * q[j]!, 0));
    const expected = rec.users.ids.map((id, u) => [id, scores[u]!] as const).filter(([id]) => id !== user).sort((a, b) => b[1] - a[1]).slice(0, 5);
    expect(r.json().users.map((h: { id: string }) => h.id)).toEqual(expected.map(([id]) => id));
  });

  it('refuses a broken artifact with 422 naming the damaged file; the current model keeps serving', async () => {
    const current = app.twotower.holder.current!;
    const r = await reload({ model: corruptedCopy() });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe('MODEL_REFUSED');
    expect(r.json().error.message).toMatch(/two-tower\.bin does not match its checksum/);
    expect(r.json().error.message).toContain(`version ${current.version} keeps serving`);
    expect(app.twotower.holder.current).toBe(current);
    expect(current.isDisposed).toBe(false);
    const ok = await app.inject({ method: 'POST', url: '/v1/recommend/item-items', payload: { item: current.recommender.catalogue.ids[0] } });
    expect(ok.statusCode).toBe(200);
    const missing = await reload({ model: '/nonexistent/model' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.message).toMatch(/\/nonexistent\/model is not a directory/);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/twotower_model_reloads_total\{result="failure"\} 2/);
  });

  it('reloads the current directory without a body, refuses a second reload meanwhile (409) and a bad body (400)', async () => {
    const both = await Promise.all([reload(), reload()]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const refused = both.find((r) => r.statusCode === 409)!;
    expect(refused.json().error.code).toBe('RELOAD_IN_PROGRESS');
    const done = both.find((r) => r.statusCode === 200)!;
    // same files, same version
    expect(done.json().version).toBe(done.json().previousVersion);
    const bad = await reload({ model: 5 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('/model');
  });
});

describe('shutdown', () => {
  it('close(): readiness off, requests in flight finish, every model disposed', async () => {
    const server = await createServer({ model: await loadWithRanker(undefined)(modelA()), processMetrics: false });
    const model: ServingModel = server.twotower.holder.current!;
    const lease = server.twotower.holder.acquire()!; // a request still running on the model
    const closing = server.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(server.twotower.closing).toBe(true);
    expect(model.isDisposed).toBe(false); // still leased
    lease.release();
    await closing;
    expect(model.isDisposed).toBe(true);
    expect(server.twotower.holder.current).toBeUndefined();
    await expect(server.twotower.reload()).rejects.toMatchObject({ statusCode: 503, code: 'NOT_READY' });
  });
});
