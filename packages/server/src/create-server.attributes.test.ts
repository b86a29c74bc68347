/**
 * Cold start without a user id, and from user attributes (issue 13): user-items answered from a
 * history alone (no `user`), and from `attributes` on a model whose query tower reads a user file
 * (fixture U: age and occupation, plus an 8-item history input).
 */
import type { FastifyInstance } from 'fastify';
import { tf } from '@twotower/runtime';
import type { GivenAttributes } from '@twotower/recommender';
import { createServer } from './create-server';
import type { ServingModel } from './model/serving-model';
import { dots, loadWithRanker, modelA, modelH, modelU, topK } from './test/fixtures';
import type { Json } from './test/server-under-test';

jest.setTimeout(60_000);

let withUsers: FastifyInstance;
let withHistory: FastifyInstance;
let plain: FastifyInstance;
let baseTensors: number;

beforeAll(async () => {
  baseTensors = tf.memory().numTensors;
  withUsers = await createServer({ modelDir: modelU(), load: loadWithRanker(undefined), processMetrics: false, adminToken: '' });
  withHistory = await createServer({ modelDir: modelH(), load: loadWithRanker(undefined), processMetrics: false, adminToken: '' });
  plain = await createServer({ modelDir: modelA(), load: loadWithRanker(undefined), processMetrics: false, adminToken: '' });
});

afterAll(async () => {
  await Promise.all([withUsers.close(), withHistory.close(), plain.close()]);
  expect(tf.memory().numTensors).toBe(baseTensors);
});

const served = (app: FastifyInstance): ServingModel => app.twotower.holder.current!;

const post = async (app: FastifyInstance, payload: unknown) => {
  const r = await app.inject({ method: 'POST', url: '/v1/recommend/user-items', payload: payload as Json });
  return { status: r.statusCode, body: r.json() as Json };
};

/** Brute force: the top k item ids for `user` embedded from `history` (catalogue indices; none: the user's training items) and `attributes`, `skip` left out. */
function expected(model: ServingModel, user: string, k: number, skip: Set<number>, history?: number[], attributes?: GivenAttributes): string[] {
  const rec = model.recommender;
  const u = rec.userIndex(user);
  const items = history ?? (u >= 0 ? Array.from(rec.seenItems(u)) : []);
  const scores = dots(rec.embedQueries([user], undefined, [items], attributes ? [attributes] : undefined), rec.embedItems(), rec.dim);
  return topK(scores, k, (i) => skip.has(i)).map((i) => rec.catalogue.ids[i]!);
}

describe('user-items without a user', () => {
  it('answers a history alone as a user the model never saw, with no user field in the answer', async () => {
    const model = served(withHistory);
    const ids = model.recommender.catalogue.ids;
    const history = [3, 17, 25];
    const anonymous = await post(withHistory, { history: history.map((i) => ids[i]), k: 6 });
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).not.toHaveProperty('user');
    expect(anonymous.body).toMatchObject({ coldStart: true, scoreKind: 'history', historyUsed: 3, timestamp: model.recommender.defaultTimestamp('') });
    expect(anonymous.body.items.map((h: Json) => h.id)).toEqual(expected(model, '', 6, new Set(history), history));
    // the same as a named user the model never saw: both read the unknown-user slot
    const named = await post(withHistory, { user: 'someone-new', history: history.map((i) => ids[i]), k: 6 });
    expect(named.body.items).toEqual(anonymous.body.items);
  });

  it('refuses a query with neither a user nor a history or attributes (400 naming /user), alone and in a batch', async () => {
    const alone = await post(withHistory, { k: 5 });
    expect(alone.status).toBe(400);
    expect(alone.body.error).toMatchObject({ code: 'BAD_REQUEST', field: '/user' });
    expect(alone.body.error.message).toMatch(/give "user", or a "history"/);
    const ids = served(withHistory).recommender.catalogue.ids;
    const batch = await post(withHistory, { queries: [{ k: 2 }, { history: [ids[1]], k: 2 }, { user: 'someone-new', k: 2 }] });
    expect(batch.status).toBe(200);
    const [bad, fromHistory, popular] = batch.body.results;
    expect(bad.error).toMatchObject({ statusCode: 400, field: '/queries/0/user' });
    expect(fromHistory).toMatchObject({ coldStart: true, scoreKind: 'history', historyUsed: 1 });
    expect(fromHistory).not.toHaveProperty('user');
    expect(popular).toMatchObject({ user: 'someone-new', coldStart: true, scoreKind: 'popularity' });
  });

  it('on a model without a history input, a history alone gets the popularity cold start, with the note saying why', async () => {
    const ids = served(plain).recommender.catalogue.ids;
    const { status, body } = await post(plain, { history: [ids[0], ids[1]], k: 3 });
    expect(status).toBe(200);
    expect(body).not.toHaveProperty('user');
    expect(body).toMatchObject({ coldStart: true, scoreKind: 'popularity', historyUsed: 0 });
    expect(body.note).toMatch(/no history input/);
    expect(body.items.map((h: Json) => h.id)).not.toContain(ids[0]);
  });
});

describe('user-items with attributes', () => {
  it('embeds a user the model never saw from the attributes given (coldStart, scoreKind attributes)', async () => {
    const model = served(withUsers);
    const attributes = { age: 61, occupation: 'engineer' };
    const { status, body } = await post(withUsers, { user: 'newcomer', attributes, k: 5 });
    expect(status).toBe(200);
    expect(body).toMatchObject({ user: 'newcomer', coldStart: true, scoreKind: 'attributes', attributesUsed: ['age', 'occupation'] });
    expect(body).not.toHaveProperty('note');
    expect(body.items.map((h: Json) => h.id)).toEqual(expected(model, 'newcomer', 5, new Set(), [], attributes));
    // other attributes, another query vector
    const other = await post(withUsers, { attributes: { age: 18, occupation: 'writer' }, k: 5 });
    expect(other.body).not.toHaveProperty('user');
    expect(other.body.items.map((h: Json) => h.id)).toEqual(expected(model, '', 5, new Set(), [], { age: 18, occupation: 'writer' }));
    expect(other.body.items.map((h: Json) => h.score)).not.toEqual(body.items.map((h: Json) => h.score));
  });

  it('reads a history and attributes together, and a known user with its own values as without them', async () => {
    const model = served(withUsers);
    const rec = model.recommender;
    const history = [2, 9];
    const both = await post(withUsers, { history: history.map((i) => rec.catalogue.ids[i]), attributes: { occupation: 'student' }, k: 4 });
    expect(both.body).toMatchObject({ coldStart: true, scoreKind: 'history', historyUsed: 2, attributesUsed: ['occupation'] });
    expect(both.body.items.map((h: Json) => h.id)).toEqual(expected(model, '', 4, new Set(history), history, { occupation: 'student' }));
    const user = rec.users.ids[4]!;
    const own = rec.users.columns!.map((c) => [c.name, c.values[4]!] as const);
    const plainAnswer = await post(withUsers, { user, k: 4 });
    const same = await post(withUsers, { user, attributes: Object.fromEntries(own), k: 4 });
    expect(same.body).toMatchObject({ user, coldStart: false, scoreKind: 'dot', attributesUsed: ['age', 'occupation'] });
    expect(same.body.items.map((h: Json) => h.id)).toEqual(plainAnswer.body.items.map((h: Json) => h.id));
    const seen = new Set(Array.from(rec.seenItems(4)));
    const changed = await post(withUsers, { user, attributes: { age: 80 }, k: 4 });
    expect(changed.body.items.map((h: Json) => h.id)).toEqual(expected(model, user, 4, seen, undefined, { age: 80 }));
  });

  it('names a value of the wrong kind (400 /attributes/<name>), and notes names the tower does not read', async () => {
    const bad = await post(withUsers, { user: 'x', attributes: { age: 'old' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'BAD_REQUEST', field: '/attributes/age' });
    expect(bad.body.error.message).toMatch(/"age" is a number column: give a finite number/);
    const partly = await post(withUsers, { attributes: { occupation: 'writer', shoeSize: 43 }, k: 3 });
    expect(partly.status).toBe(200);
    expect(partly.body).toMatchObject({ scoreKind: 'attributes', attributesUsed: ['occupation'] });
    expect(partly.body.note).toBe('attribute "shoeSize" was not read: not a column of the model\'s user file (age, occupation)');
    // a model trained without a user file reads none: the popularity cold start, saying so
    const none = await post(plain, { user: 'newcomer', attributes: { age: 30 }, k: 3 });
    expect(none.body).toMatchObject({ coldStart: true, scoreKind: 'popularity', attributesUsed: [] });
    expect(none.body.note).toMatch(/trained without user attributes/);
  });
});
