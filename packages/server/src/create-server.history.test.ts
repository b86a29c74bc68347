/**
 * Cold start with a history given in the request (issue 13): user-items on a model whose query
 * tower reads a history (fixture H), and on one without a history input (fixture A).
 */
import type { FastifyInstance } from 'fastify';
import { tf } from '@twotower/runtime';
import { createServer } from './create-server';
import type { ServingModel } from './model/serving-model';
import { dots, fakeRanker, fakeRankScore, loadWithRanker, modelA, modelH, topK } from './test/fixtures';
import type { Json } from './test/server-under-test';

jest.setTimeout(60_000);

const TOKEN = 'history-test-token';
let app: FastifyInstance;
let plain: FastifyInstance;
let model: ServingModel;
let baseTensors: number;

beforeAll(async () => {
  baseTensors = tf.memory().numTensors;
  app = await createServer({ modelDir: modelH(), load: loadWithRanker(fakeRanker), adminToken: TOKEN, processMetrics: false });
  plain = await createServer({ modelDir: modelA(), load: loadWithRanker(undefined), processMetrics: false, adminToken: '' });
  model = app.twotower.holder.current!;
});

afterAll(async () => {
  await app.close();
  await plain.close();
  expect(model.isDisposed).toBe(true);
  expect(tf.memory().numTensors).toBe(baseTensors);
});

const post = async (url: string, payload: unknown, target = app) => {
  const r = await target.inject({ method: 'POST', url, payload: payload as Json });
  return { status: r.statusCode, body: r.json() as Json };
};

/** Brute force: the top k items for a user embedded with `history` (catalogue indices), `skip` left out. */
function expectedFromHistory(user: string, timestamp: number, history: number[], k: number, skip: Set<number>) {
  const rec = model.recommender;
  const scores = dots(rec.embedQueries([user], [timestamp], [history]), rec.embedItems(), rec.dim);
  const top = topK(scores, k, (i) => skip.has(i));
  return { ids: top.map((i) => rec.catalogue.ids[i]!), scores: top.map((i) => scores[i]!) };
}

describe('user-items with a history, on a model whose query tower reads one', () => {
  it('answers a user the model never saw from the history given (coldStart, scoreKind history), the history’s items left out', async () => {
    const rec = model.recommender;
    expect(rec.historyLength).toBe(8);
    const history = [3, 17, 25];
    const { status, body } = await post('/v1/recommend/user-items', { user: 'someone-new', history: history.map((i) => rec.catalogue.ids[i]), k: 6 });
    expect(status).toBe(200);
    const ts = rec.defaultTimestamp('someone-new');
    const expected = expectedFromHistory('someone-new', ts, history, 6, new Set(history));
    expect(body).toMatchObject({ user: 'someone-new', timestamp: ts, coldStart: true, scoreKind: 'history', reranked: false, historyUsed: 3 });
    expect(body).not.toHaveProperty('note');
    expect(body.items.map((h: Json) => h.id)).toEqual(expected.ids);
    body.items.forEach((h: Json, r: number) => expect(h.score).toBeCloseTo(expected.scores[r]!, 4));
    // another history, another answer: the model reads it
    const other = await post('/v1/recommend/user-items', { user: 'someone-new', history: [rec.catalogue.ids[30]], k: 6, excludeSeen: false });
    expect(other.body.items.map((h: Json) => h.id)).toEqual(expectedFromHistory('someone-new', ts, [30], 6, new Set()).ids);
  });

  it("replaces a known user's training items with the history given (their training items still left out)", async () => {
    const rec = model.recommender;
    const u = 4;
    const user = rec.users.ids[u]!;
    const seen = new Set(rec.seenItems(u));
    const history = [...Array(rec.numItems).keys()].filter((i) => !seen.has(i)).slice(0, 2);
    const { body } = await post('/v1/recommend/user-items', { user, history: history.map((i) => rec.catalogue.ids[i]), k: 5, timestamp: 880_000_000 });
    const expected = expectedFromHistory(user, 880_000_000, history, 5, new Set([...seen, ...history]));
    expect(body).toMatchObject({ user, coldStart: false, scoreKind: 'history', historyUsed: 2, timestamp: 880_000_000 });
    expect(body.items.map((h: Json) => h.id)).toEqual(expected.ids);
    // the same user's own history, given, answers as the model does without one
    const own = await post('/v1/recommend/user-items', { user, history: [...seen].map((i) => rec.catalogue.ids[i]) });
    const without = await post('/v1/recommend/user-items', { user });
    expect(own.body.items).toEqual(without.body.items.map((h: Json) => ({ ...h, score: expect.closeTo(h.score, 5) })));
  });

  it('reads an evenly spaced subset of a history longer than its history length, and says so', async () => {
    const rec = model.recommender;
    const history = [...Array(12).keys()];
    const { body } = await post('/v1/recommend/user-items', { user: 'long-history', history: history.map((i) => rec.catalogue.ids[i]), k: 4 });
    expect(body).toMatchObject({ coldStart: true, scoreKind: 'history', historyUsed: 8 });
    expect(body.note).toMatch(/12 items the model can read, more than its history length 8: it read an evenly spaced subset of 8/);
    expect(body.items.map((h: Json) => h.id)).toEqual(expectedFromHistory('long-history', rec.defaultTimestamp('x'), history, 4, new Set(history)).ids);
  });

  it('re-ranks a history query with the ranking model', async () => {
    const rec = model.recommender;
    const history = [1, 2];
    const { body } = await post('/v1/recommend/user-items', { user: 'new-reranked', history: history.map((i) => rec.catalogue.ids[i]), k: 3, rerank: true, rerankCandidates: 10 });
    const retrieved = expectedFromHistory('new-reranked', rec.defaultTimestamp('x'), history, 10, new Set(history)).ids.map((id) => rec.itemIndex(id));
    const expected = retrieved.sort((a, b) => fakeRankScore(b) - fakeRankScore(a)).slice(0, 3);
    expect(body).toMatchObject({ coldStart: true, scoreKind: 'history', reranked: true });
    expect(body.items.map((h: Json) => h.id)).toEqual(expected.map((i) => rec.catalogue.ids[i]));
  });

  it('answers 400 naming the field and every history item the model does not know (single and batch)', async () => {
    const rec = model.recommender;
    const { status, body } = await post('/v1/recommend/user-items', { user: 'x', history: [rec.catalogue.ids[0], rec.catalogue.ids[1], rec.catalogue.ids[2], 'ghost', 'phantom'] });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'BAD_REQUEST', field: '/history/3', ids: ['ghost', 'phantom'] });
    expect(body.error.message).toMatch(/history items "ghost" \(\/history\/3\), "phantom" \(\/history\/4\) are not in the model's catalogue: check the ids, or leave them out/);
    const batch = await post('/v1/recommend/user-items', { queries: [{ user: 'a', history: [rec.catalogue.ids[0]] }, { user: 'b', history: [rec.catalogue.ids[1], rec.catalogue.ids[2], 'nope'] }] });
    expect(batch.status).toBe(200);
    expect(batch.body.results[0]).toMatchObject({ coldStart: true, scoreKind: 'history' });
    expect(batch.body.results[1].error).toMatchObject({ statusCode: 400, field: '/queries/1/history/2', ids: ['nope'] });
  });

  it('refuses a history over the limit, or of ids that are not strings, by schema', async () => {
    const tooLong = await post('/v1/recommend/user-items', { user: 'x', history: Array.from({ length: 1001 }, () => '1') });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatchObject({ code: 'BAD_REQUEST', field: '/history' });
    expect(tooLong.body.error.message).toMatch(/must NOT have more than 1000 items/);
    const wrong = await post('/v1/recommend/user-items', { user: 'x', history: ['1', 2] });
    expect(wrong.body.error).toMatchObject({ code: 'BAD_REQUEST', field: '/history/1' });
  });

  it('answers a batch mixing history, known and cold queries as it answers each alone, in one pass', async () => {
    const rec = model.recommender;
    const queries = [
      { user: 'cold-1', history: [rec.catalogue.ids[5], rec.catalogue.ids[6]], k: 3 },
      { user: rec.users.ids[0]!, k: 3 },
      { user: 'cold-2', k: 3 },
      { user: rec.users.ids[1]!, history: [rec.catalogue.ids[9]], k: 3, timestamp: 881_000_000 },
      { user: 'cold-3', history: [], k: 3 },
    ];
    const { body } = await post('/v1/recommend/user-items', { queries });
    for (const [i, q] of queries.entries()) expect(body.results[i]).toEqual((await post('/v1/recommend/user-items', q)).body);
    expect(body.results.map((r: Json) => r.scoreKind)).toEqual(['history', 'dot', 'popularity', 'history', 'popularity']);
    // an empty history tells the model nothing: the popularity cold start, and why
    expect(body.results[4]).toMatchObject({ coldStart: true, historyUsed: 0 });
    expect(body.results[4].note).toMatch(/none of the history's items is in the catalogue the model was trained with/);
  });

  it('counts history queries in twotower_queries_total{outcome="history"}', async () => {
    const rec = model.recommender;
    const metrics = async () => (await app.inject({ method: 'GET', url: '/metrics' })).body;
    const count = (text: string) => Number(/twotower_queries_total\{route="\/v1\/recommend\/user-items",outcome="history"\} (\d+)/.exec(text)?.[1] ?? 0);
    const before = count(await metrics());
    await post('/v1/recommend/user-items', { queries: [{ user: 'm1', history: [rec.catalogue.ids[0]] }, { user: 'm2', history: [rec.catalogue.ids[1]] }, { user: 'm3' }] });
    const after = await metrics();
    expect(count(after) - before).toBe(2);
    expect(after).toMatch(/outcome="cold_start"\} [1-9]/);
  });
});

describe('user-items with a history, on a model without a history input', () => {
  it('answers an unknown user with the popularity cold start, says the history was not read, and leaves its items out', async () => {
    const rec = plain.twotower.holder.current!.recommender;
    expect(rec.historyLength).toBe(0);
    const popular = topK(rec.popularity, 4).map((i) => rec.catalogue.ids[i]!);
    const { status, body } = await post('/v1/recommend/user-items', { user: 'someone-new', history: [popular[0], popular[2]], k: 2 }, plain);
    expect(status).toBe(200);
    expect(body).toMatchObject({ coldStart: true, scoreKind: 'popularity', historyUsed: 0 });
    expect(body.note).toMatch(/the model has no history input .*: the answer is the popularity cold start/);
    expect(body.items.map((h: Json) => h.id)).toEqual([popular[1], popular[3]]);
    // unknown ids are still refused: the server cannot tell what they were
    expect((await post('/v1/recommend/user-items', { user: 'someone-new', history: ['ghost'] }, plain)).status).toBe(400);
  });

  it("answers a known user from their own embedding, the history's items left out, with the note", async () => {
    const rec = plain.twotower.holder.current!.recommender;
    const user = rec.users.ids[2]!;
    const without = await post('/v1/recommend/user-items', { user, k: 3 }, plain);
    const first = without.body.items[0].id;
    const { body } = await post('/v1/recommend/user-items', { user, k: 2, history: [first] }, plain);
    expect(body).toMatchObject({ coldStart: false, scoreKind: 'dot', historyUsed: 0 });
    expect(body.note).toMatch(/the answer comes from the user's own embedding/);
    expect(body.items.map((h: Json) => h.id)).toEqual(without.body.items.slice(1).map((h: Json) => h.id));
  });
});
