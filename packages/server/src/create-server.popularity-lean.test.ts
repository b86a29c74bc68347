/**
 * The popularity lean of user-items (`Recommender.popularityLean`): a user query the towers answer
 * without a timestamp scores each catalogue item by `dot product + weight · ln(1 + training
 * interactions)` — the exact top k of it, as brute force over the towers says — while a query with
 * a timestamp, item-items and the popularity cold start are scored as before, items added after
 * training (the catalogue's median lean) are merged among the leaned ones;
 * scored as before; re-ranking reads the leaned retrieval scores; `GET /v1/model` names the weight.
 */
import type { FastifyInstance } from 'fastify';
import { embedNewItems, type GivenAttributes, type Recommender } from '@twotower/recommender';
import { tf } from '@twotower/runtime';
import { createServer } from './create-server';
import { firstFetch } from './recommend/leaned-search';
import { loadServingModel, type ServingModel } from './model/serving-model';
import { dots, modelA, modelU, plantedItemItemStage } from './test/fixtures';
import type { Json } from './test/server-under-test';

jest.setTimeout(60_000);

/**
 * The lean's weight: the fixtures' popularity runs 16..46 training interactions, so the lean runs
 * 0.28..0.38, its spread (0.1) half of a user's spread of dot products (about 0.18): it reorders
 * most users' lists, and for some the first fetch (5k) is not enough.
 */
const W = 0.1;
const TOKEN = 'lean-test-token';
let baseTensors = 0;
/** Model A, its lean W, a planted item-item stage (the second stage of rerank: true), an admin token. */
let app: FastifyInstance;
/** Model U (history input, user attributes), its lean W. */
let appU: FastifyInstance;

const serve = (dir: string, prepare: (rec: Recommender) => void) => createServer({ modelDir: dir, load: (d) => loadServingModel(d, { prepare }), adminToken: TOKEN, processMetrics: false });

beforeAll(async () => {
  baseTensors = tf.memory().numTensors;
  app = await serve(modelA(), (rec) => {
    rec.models.setItemItem(plantedItemItemStage(rec.numItems, { weight: 1 }));
    rec.models.setPopularityLean(W);
  });
  appU = await serve(modelU(), (rec) => rec.models.setPopularityLean(W));
});

afterAll(async () => {
  await app.close();
  await appU.close();
  expect(tf.memory().numTensors).toBe(baseTensors);
});

const current = (target: FastifyInstance): ServingModel => target.twotower.holder.current!;
const post = async (url: string, payload: unknown, target = app) => {
  const r = await target.inject({ method: 'POST', url, payload: payload as Json });
  return { status: r.statusCode, body: r.json() as Json };
};

/** An item as brute force scores it: id, score, catalogue index (-1: added after training). */
interface Scored {
  id: string;
  score: number;
  index: number;
}

/**
 * Brute force over the towers: every item's score for the query vector `[dim]` — the catalogue's
 * from `rec.embedItems()` (plus its lean when `leaned`), the added items' from their vectors (no
 * lean) — those in `skip` left out, best first (ties: catalogue first, then by index), the top `k`.
 */
function bruteForce(model: ServingModel, vector: Float32Array, k: number, skip: ReadonlySet<string>, leaned: boolean): Scored[] {
  const rec = model.recommender;
  const bias = leaned ? rec.popularityLean!.bias : undefined;
  const raw = dots(vector, rec.embedItems(), model.dim);
  const catalogue = rec.catalogue.ids.map((id, i) => ({ id, score: raw[i]! + (bias ? bias[i]! : 0), index: i }));
  // an item added after training: the catalogue's median lean
  const forNew = leaned ? rec.popularityLean!.forNew : 0;
  const added = model.added.ids.map((id, r) => ({ id, score: Math.fround(dots(vector, model.added.vector(r), model.dim)[0]! + forNew), index: -1 }));
  return [...catalogue, ...added]
    .filter((s) => !skip.has(s.id))
    .sort((a, b) => b.score - a.score || (a.index < 0 ? 1 : 0) - (b.index < 0 ? 1 : 0) || a.index - b.index)
    .slice(0, k);
}

/** A user's training items, as ids. */
const seenIds = (rec: Recommender, u: number) => new Set(Array.from(rec.seenItems(u), (i) => rec.catalogue.ids[i]!));

/** Expects an answer's items to be `expected`: the same ids in the same order, and their scores. */
function expectItems(items: Json[], expected: Scored[]): void {
  expect(items.map((h) => h.id)).toEqual(expected.map((s) => s.id));
  items.forEach((h, r) => expect(h.score).toBeCloseTo(expected[r]!.score, 5));
}

describe('user-items with a popularity lean', () => {
  it('answers a known user without a timestamp with the exact top k of dot product + lean (their training items left out), scores and all', async () => {
    const model = current(app);
    const rec = model.recommender;
    expect(rec.popularityLean?.weight).toBe(W);
    const k = 4;
    const vectors = rec.embedQueries(rec.users.ids);
    let reordered = 0;
    let deep = 0;
    const { body } = await post('/v1/recommend/user-items', { queries: rec.users.ids.map((user) => ({ user, k })) });
    rec.users.ids.forEach((user, u) => {
      const answer = body.results[u];
      expect(answer).toMatchObject({ user, coldStart: false, scoreKind: 'dot', reranked: false });
      const vector = vectors.subarray(u * model.dim, (u + 1) * model.dim);
      const seen = seenIds(rec, u);
      const expected = bruteForce(model, vector, k, seen, true);
      expectItems(answer.items, expected);
      // the lean changes the list, and brings items from beyond the first fetch (5k by dot product)
      const raw = bruteForce(model, vector, rec.numItems, seen, false).map((s) => s.id);
      if (expected.some((s, r) => s.id !== raw[r])) reordered++;
      if (expected.some((s) => raw.indexOf(s.id) >= firstFetch(k, rec.numItems))) deep++;
    });
    expect(reordered).toBeGreaterThan(rec.numUsers / 2);
    expect(deep).toBeGreaterThan(0);
  });

  it('answers a query with a timestamp by the dot product alone (no lean), even at the default time', async () => {
    const model = current(app);
    const rec = model.recommender;
    let differs = 0;
    for (const u of [0, 3, 9, 17, 30, 44]) {
      const user = rec.users.ids[u]!;
      for (const timestamp of [rec.users.lastTimestamp[u]!, rec.users.lastTimestamp[u]! - 86_400 * 40]) {
        const vector = rec.embedQueries([user], [timestamp]);
        const seen = seenIds(rec, u);
        const { status, body } = await post('/v1/recommend/user-items', { user, k: 8, timestamp });
        expect(status).toBe(200);
        expect(body.timestamp).toBe(timestamp);
        expectItems(body.items, bruteForce(model, vector, 8, seen, false));
        const leaned = bruteForce(model, vector, 8, seen, true).map((s) => s.id);
        if (leaned.join() !== body.items.map((h: Json) => h.id).join()) differs++;
      }
    }
    expect(differs).toBeGreaterThan(0);
  });

  it('re-ranks the dot-product list without the lean: the candidates are the top rerankCandidates by dot product, and the second stage reads those scores', async () => {
    const model = current(app);
    const rec = model.recommender;
    expect(rec.rerankKind).toBe('item-item');
    // users whose leaned top 12 holds other items than the dot product's: the lean is really left out
    let differs = 0;
    for (const u of [1, 5, 12]) {
      const user = rec.users.ids[u]!;
      const seen = seenIds(rec, u);
      const candidates = bruteForce(model, model.userVector(u), 12, seen, false);
      const leaned = bruteForce(model, model.userVector(u), 12, seen, true);
      if (leaned.map((s) => s.id).sort().join() !== candidates.map((s) => s.id).sort().join()) differs++;
      const { body } = await post('/v1/recommend/user-items', { user, k: 12, rerank: true, rerankCandidates: 12 });
      expect(body).toMatchObject({ reranked: true, rerankedBy: 'item-item' });
      expect(body.items.map((h: Json) => h.id).sort()).toEqual(candidates.map((s) => s.id).sort());
      const expected = rec.rerank(
        user,
        candidates.map((s) => s.index),
        candidates.map((s) => s.score),
        { timestamp: rec.users.lastTimestamp[u]! },
      ).scores;
      for (const hit of body.items as Json[]) {
        const r = candidates.findIndex((s) => s.id === hit.id);
        expect(hit.score).toBeCloseTo(candidates[r]!.score, 5);
        expect(hit.rankScore).toBeCloseTo(expected[r]!, 4);
      }
    }
    expect(differs).toBeGreaterThan(0);
  });

  it('answers a user the model never saw from attributes or a history, without a timestamp, with the lean; with one, without it', async () => {
    const model = current(appU);
    const rec = model.recommender;
    const attributes: GivenAttributes = { age: 30, occupation: 'writer' };
    const history = rec.catalogue.ids.slice(5, 9);
    const historyIndices = history.map((id) => rec.itemIndex(id));
    const t = rec.users.lastTimestamp[0]!;
    const cases: Array<{ query: Json; vector: Float32Array; kind: string; skip: Set<string>; leaned: boolean }> = [
      { query: { user: 'stranger-a', attributes }, vector: rec.embedQueries(['stranger-a'], [NaN], [[]], [attributes]), kind: 'attributes', skip: new Set(), leaned: true },
      { query: { attributes }, vector: rec.embedQueries([''], [NaN], [[]], [attributes]), kind: 'attributes', skip: new Set(), leaned: true },
      { query: { user: 'stranger-h', history }, vector: rec.embedQueries(['stranger-h'], [NaN], [historyIndices]), kind: 'history', skip: new Set(history), leaned: true },
      { query: { user: 'stranger-t', attributes, timestamp: t }, vector: rec.embedQueries(['stranger-t'], [t], [[]], [attributes]), kind: 'attributes', skip: new Set(), leaned: false },
      { query: { user: 'stranger-ht', history, timestamp: t }, vector: rec.embedQueries(['stranger-ht'], [t], [historyIndices]), kind: 'history', skip: new Set(history), leaned: false },
    ];
    for (const c of cases) {
      const { status, body } = await post('/v1/recommend/user-items', { ...c.query, k: 10 }, appU);
      expect(status).toBe(200);
      expect(body).toMatchObject({ coldStart: true, scoreKind: c.kind });
      expectItems(body.items, bruteForce(model, c.vector, 10, c.skip, c.leaned));
    }
    // a known user answered from their own embedding with attributes in place of theirs: leaned too
    const u = 2;
    const user = rec.users.ids[u]!;
    const { body } = await post('/v1/recommend/user-items', { user, attributes: { age: 61 }, k: 10 }, appU);
    expect(body.scoreKind).toBe('dot');
    expectItems(body.items, bruteForce(model, rec.embedQueries([user], [NaN], undefined, [{ age: 61 }]), 10, seenIds(rec, u), true));
  });

  it('answers the popularity cold start with training interactions, no lean', async () => {
    const rec = current(app).recommender;
    const { body } = await post('/v1/recommend/user-items', { user: 'nobody-at-all', k: 5 });
    expect(body.scoreKind).toBe('popularity');
    for (const hit of body.items as Json[]) expect(hit.score).toBe(rec.popularity[rec.itemIndex(hit.id)]);
  });

  it('leaves item-items as it was: the dot product of the items, no lean', async () => {
    const model = current(app);
    const rec = model.recommender;
    const items = rec.embedItems();
    for (const i of [0, 7, 22]) {
      const { body } = await post('/v1/recommend/item-items', { item: rec.catalogue.ids[i], k: 10 });
      const vector = items.subarray(i * model.dim, (i + 1) * model.dim);
      expectItems(body.items, bruteForce(model, vector, 10, new Set([rec.catalogue.ids[i]!]), false));
    }
  });

  it("merges an item added after training, at the catalogue's median lean, among the leaned catalogue items", async () => {
    const model = current(app);
    const rec = model.recommender;
    const added = [{ id: 'lean-new-1', title: 'The Wedding Party (2026)', genres: ['Comedy'] }];
    const r = await app.inject({ method: 'POST', url: '/admin/items', headers: { authorization: `Bearer ${TOKEN}` }, payload: { items: added } });
    expect(r.statusCode).toBe(200);
    const vector = embedNewItems(rec, added);
    let found = 0;
    try {
      for (const weight of [W, 0.01]) {
        rec.models.setPopularityLean(weight);
        const forNew = rec.popularityLean!.forNew;
        expect(forNew).toBeGreaterThan(0);
        expect(forNew).toBeLessThan(rec.popularityLean!.max);
        for (const [u, user] of rec.users.ids.entries()) {
          const expected = bruteForce(model, model.userVector(u), 10, seenIds(rec, u), true);
          const { body } = await post('/v1/recommend/user-items', { user, k: 10 });
          expectItems(body.items, expected);
          const at = (body.items as Json[]).findIndex((h) => h.id === 'lean-new-1');
          if (at < 0) continue;
          expect(body.items[at]).toEqual({ id: 'lean-new-1', title: 'The Wedding Party (2026)', score: expect.closeTo(dots(model.userVector(u), vector, model.dim)[0]! + forNew, 5) });
          found++;
        }
      }
    } finally {
      rec.models.setPopularityLean(W);
    }
    // the new item reaches some users' top 10 despite having no training interactions
    expect(found).toBeGreaterThan(0);
  });
});

describe('GET /v1/model with a popularity lean', () => {
  it("names the lean's weight in the summary (summary.popularityLean), 0 without one", async () => {
    const summary = (await app.inject({ method: 'GET', url: '/v1/model' })).json().summary;
    expect(summary.popularityLean).toBe(W);
    expect(summary.rerank).toBe('item-item');
    const plain = await serve(modelA(), () => {});
    try {
      expect((await plain.inject({ method: 'GET', url: '/v1/model' })).json().summary.popularityLean).toBe(0);
    } finally {
      await plain.close();
    }
  });
});
