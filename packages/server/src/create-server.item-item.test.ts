/**
 * user-items `rerank` by the item-item second stage: fixtures A (no history input) and H (a
 * history input) saved again with a planted item-item stage, served; each answer is checked
 * against the blend computed by hand from the plain answer's candidates and scores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openModelDirectory, writeModelDirectory } from '@twotower/artifact';
import { blendScores, ItemItemWeights, Recommender } from '@twotower/recommender';
import { tf } from '@twotower/runtime';
import { createServer } from './create-server';
import { fakeRanker, fakeRankScore, loadWithRanker, modelA, modelH, plantedItemItemDense, plantedItemItemStage } from './test/fixtures';
import type { Json } from './test/server-under-test';

jest.setTimeout(60_000);

/** Weight of the item-item score in the planted stage's blend. */
const W = 2;

const plantedDense = plantedItemItemDense;
/** The planted stage for `n` items: every neighbour kept. */
const plantedStage = (n: number) => plantedItemItemStage(n, { weight: W });

/** Writes `src` again into `dest` with the planted item-item stage attached before saving. */
async function saveWithStage(src: string, dest: string): Promise<void> {
  const directory = openModelDirectory(src);
  const rec = await Recommender.load(directory.artifact);
  try {
    rec.models.setItemItem(plantedStage(rec.numItems));
    const queries = directory.embeddingSet('queries', rec.dim)!;
    const { packages, config, data, model } = directory.manifest;
    await writeModelDirectory(dest, { packages, config, data, ...(model ? { model } : {}) }, (w) => rec.save(w, { queryEmbeddings: { ids: queries.ids, vectors: queries.vectors } }));
  } finally {
    rec.dispose();
  }
}

let root: string;
let baseTensors: number;
/** A + stage, no ranker. */
let ii: FastifyInstance;
/** H + stage, no ranker. */
let hii: FastifyInstance;
/** A + stage + the fake ranker. */
let both: FastifyInstance;
/** A as trained: no second stage. */
let plain: FastifyInstance;

beforeAll(async () => {
  baseTensors = tf.memory().numTensors;
  root = mkdtempSync(join(tmpdir(), 'tt-serving-item-item-'));
  await saveWithStage(modelA(), join(root, 'a'));
  await saveWithStage(modelH(), join(root, 'h'));
  const serve = (modelDir: string, ranker = loadWithRanker(undefined)) => createServer({ modelDir, load: ranker, processMetrics: false, adminToken: '' });
  ii = await serve(join(root, 'a'));
  hii = await serve(join(root, 'h'));
  both = await serve(join(root, 'a'), loadWithRanker(fakeRanker));
  plain = await serve(modelA());
});

afterAll(async () => {
  const apps = [ii, hii, both, plain].filter((app) => app !== undefined);
  const models = apps.map((app) => app.twotower.holder.current!);
  for (const app of apps) await app.close();
  for (const m of models) expect(m.isDisposed).toBe(true);
  expect(tf.memory().numTensors).toBe(baseTensors);
  rmSync(root, { recursive: true, force: true });
});

const post = async (target: FastifyInstance, payload: unknown, url = '/v1/recommend/user-items') => {
  const r = await target.inject({ method: 'POST', url, payload: payload as Json });
  return { status: r.statusCode, body: r.json() as Json };
};
const recOf = (app: FastifyInstance) => app.twotower.holder.current!.recommender;
const ids = (body: Json): string[] => body.items.map((h: Json) => h.id);
/** The user with the fewest training items (the most candidates left once a history is left out too). */
const lightestUser = (rec: Recommender) => [...Array(rec.numUsers).keys()].reduce((best, u) => (rec.seenItems(u).length < rec.seenItems(best).length ? u : best), 0);

/**
 * The re-ranked answer of `q` (which has `k` and `rerankCandidates`) by hand: the plain answer's
 * top `rerankCandidates` (k = rerankCandidates, rerank false), blended with the planted weights'
 * item-item score of `history` (catalogue indices), the top k. Also the retrieval order's top k.
 */
async function byHand(app: FastifyInstance, q: Json, history: ArrayLike<number>) {
  const rec = recOf(app);
  const retrieved = await post(app, { ...q, rerank: false, k: q.rerankCandidates });
  expect(retrieved.status).toBe(200);
  const hits: Json[] = retrieved.body.items;
  expect(hits.length).toBeGreaterThan(q.k);
  const candidates = Int32Array.from(hits, (h) => rec.itemIndex(h.id));
  const weights = ItemItemWeights.fromDense(plantedDense(rec.numItems), rec.numItems, rec.numItems - 1);
  const itemItem = weights.scoreCandidates(history, candidates);
  // the item-item score is the planted matrix's column sum over the history (diagonal left out)
  const n = rec.numItems;
  const dense = plantedDense(n);
  const rows = [...new Set(Array.from(history))];
  candidates.forEach((j, c) => expect(itemItem[c]).toBeCloseTo(rows.reduce((s, i) => s + (i === j ? 0 : dense[i * n + j]!), 0), 4));
  const blend = blendScores(Float32Array.from(hits, (h) => h.score), itemItem, W);
  const order = hits.map((_, r) => r).sort((a, b) => blend[b]! - blend[a]!).slice(0, q.k);
  return { ids: order.map((r) => hits[r]!.id as string), rankScores: order.map((r) => blend[r]!), scores: order.map((r) => hits[r]!.score as number), retrievalIds: hits.slice(0, q.k).map((h) => h.id as string) };
}

/** Asserts `body` is the re-ranked answer `expected` (by hand), sorted by rankScore. */
function expectReranked(body: Json, expected: Awaited<ReturnType<typeof byHand>>) {
  expect(body).toMatchObject({ reranked: true, rerankedBy: 'item-item' });
  expect(ids(body)).toEqual(expected.ids);
  body.items.forEach((h: Json, r: number) => {
    expect(h.rankScore).toBeCloseTo(expected.rankScores[r]!, 5);
    expect(h.score).toBe(expected.scores[r]);
    if (r > 0) expect(h.rankScore).toBeLessThanOrEqual(body.items[r - 1].rankScore);
  });
  // the item-item part changes the order
  expect(expected.ids).not.toEqual(expected.retrievalIds);
}

describe('user-items rerank by the item-item stage', () => {
  it('serves the stage saved in the model directory', () => {
    for (const app of [ii, hii, both]) expect(recOf(app).rerankKind).toBe('item-item');
    expect(recOf(ii).itemItem!.info).toEqual({ weight: W, lambda: 500, neighbours: 39 });
    expect(recOf(plain).rerankKind).toBeUndefined();
  });

  it('re-orders a known user’s top rerankCandidates by z(score) + w·z(item-item score of the training items), without a ranking model', async () => {
    const rec = recOf(ii);
    for (const u of [2, 7, 11]) {
      const q = { user: rec.users.ids[u]!, k: 5, rerank: true, rerankCandidates: 15 };
      const { status, body } = await post(ii, q);
      expect(status).toBe(200);
      expect(body).toMatchObject({ user: q.user, coldStart: false, scoreKind: 'dot' });
      expectReranked(body, await byHand(ii, q, rec.seenItems(u)));
    }
  });

  it('counts the request history’s items in the item-item score on a model without a history input (the answer says the tower did not read it)', async () => {
    const rec = recOf(ii);
    const u = lightestUser(rec);
    const seen = new Set(rec.seenItems(u));
    const history = [...Array(rec.numItems).keys()].filter((i) => !seen.has(i)).slice(3, 6);
    const q = { user: rec.users.ids[u]!, history: history.map((i) => rec.catalogue.ids[i]!), k: 5, rerank: true, rerankCandidates: 15 };
    const { status, body } = await post(ii, q);
    expect(status).toBe(200);
    expect(body).toMatchObject({ coldStart: false, scoreKind: 'dot', historyUsed: 0 });
    expect(body.note).toMatch(/the model has no history input .*the answer comes from the user's own embedding, the history's items left out/);
    for (const id of q.history) expect(ids(body)).not.toContain(id);
    const expected = await byHand(ii, q, [...seen, ...history]);
    expectReranked(body, expected);
    // without the history's part of the item-item score the order would be another
    expect((await byHand(ii, q, [...seen])).ids).not.toEqual(expected.ids);
  });

  it('answers a query without a user on a model without a history input by popularity, not re-ranked (nothing to re-rank from)', async () => {
    const rec = recOf(ii);
    const { status, body } = await post(ii, { history: rec.catalogue.ids.slice(0, 3), k: 4, rerank: true });
    expect(status).toBe(200);
    expect(body).toMatchObject({ coldStart: true, scoreKind: 'popularity', reranked: false, historyUsed: 0 });
    expect(body).not.toHaveProperty('rerankedBy');
    expect(body).not.toHaveProperty('user');
    expect(body.note).toMatch(/the answer is the popularity cold start/);
    expect(body.items.every((h: Json) => h.rankScore === undefined)).toBe(true);
  });

  it('re-ranks a query without a user on a model with a history input by the history alone', async () => {
    const rec = recOf(hii);
    expect(rec.historyLength).toBe(8);
    const history = [3, 17, 25];
    const q = { history: history.map((i) => rec.catalogue.ids[i]!), k: 5, rerank: true, rerankCandidates: 15 };
    const { status, body } = await post(hii, q);
    expect(status).toBe(200);
    expect(body).toMatchObject({ coldStart: true, scoreKind: 'history', historyUsed: 3 });
    expect(body).not.toHaveProperty('user');
    expectReranked(body, await byHand(hii, q, history));
  });

  it('re-ranks a known user with a history on a model with a history input by the training items and the history', async () => {
    const rec = recOf(hii);
    const u = 5;
    const seen = new Set(rec.seenItems(u));
    const history = [...Array(rec.numItems).keys()].filter((i) => !seen.has(i)).slice(0, 2);
    const q = { user: rec.users.ids[u]!, history: history.map((i) => rec.catalogue.ids[i]!), k: 4, rerank: true, rerankCandidates: 12 };
    const { body } = await post(hii, q);
    expect(body).toMatchObject({ coldStart: false, scoreKind: 'history', historyUsed: 2 });
    const expected = await byHand(hii, q, [...seen, ...history]);
    expectReranked(body, expected);
    expect((await byHand(hii, q, history)).ids).not.toEqual(expected.ids);
  });

  it('leaves the answer unchanged without rerank (false or left out): no rerankedBy, no rankScore', async () => {
    const rec = recOf(ii);
    const queries = [
      { user: rec.users.ids[2]!, k: 6 },
      { user: rec.users.ids[3]!, k: 6, rerank: false, rerankCandidates: 20 },
      { user: rec.users.ids[4]!, k: 6, history: rec.catalogue.ids.slice(0, 2) },
      { user: 'someone-new', k: 3 },
    ];
    for (const q of queries) {
      const a = await post(ii, q);
      expect(a.body).toMatchObject({ reranked: false });
      expect(a.body).not.toHaveProperty('rerankedBy');
      expect(a.body.items.every((h: Json) => h.rankScore === undefined)).toBe(true);
      expect(a.body).toEqual((await post(plain, q)).body);
    }
  });

  it('prefers the item-item stage to the ranking model when the model has both; rank still scores with the ranker', async () => {
    const rec = recOf(both);
    const u = 2;
    const q = { user: rec.users.ids[u]!, k: 5, rerank: true, rerankCandidates: 15 };
    const { body } = await post(both, q);
    const expected = await byHand(both, q, rec.seenItems(u));
    expectReranked(body, expected);
    expect(body).toEqual((await post(ii, q)).body);
    // the ranker would have ordered the same candidates otherwise
    const candidates = (await post(both, { ...q, rerank: false, k: 15 })).body.items.map((h: Json) => rec.itemIndex(h.id));
    const rankerOrder = candidates.slice().sort((a: number, b: number) => fakeRankScore(b) - fakeRankScore(a)).slice(0, 5);
    expect(ids(body)).not.toEqual(rankerOrder.map((i: number) => rec.catalogue.ids[i]));
    // rank: the ranker's score of each pair, as without the stage
    const items = rec.catalogue.ids.slice(0, 6);
    const ranked = await post(both, { user: q.user, items }, '/v1/rank');
    expect(ranked.status).toBe(200);
    expect(ranked.body.rankKind).toBe('probability');
    for (const h of ranked.body.items) expect(h.rankScore).toBeCloseTo(fakeRankScore(rec.itemIndex(h.id)), 6);
    expect(ids(ranked.body)).toEqual(items.slice().sort((a, b) => fakeRankScore(rec.itemIndex(b)) - fakeRankScore(rec.itemIndex(a))));
    // the item-item stage alone gives rank no second score
    const unranked = await post(ii, { user: q.user, items }, '/v1/rank');
    expect(unranked.body.rankKind).toBeNull();
    expect(unranked.body.items.every((h: Json) => h.rankScore === undefined)).toBe(true);
  });

  it('answers 409 NO_RANKING_MODEL, saying there is no second stage, on a model with neither (single and batch)', async () => {
    const user = recOf(plain).users.ids[0]!;
    const { status, body } = await post(plain, { user, rerank: true });
    expect(status).toBe(409);
    expect(body.error).toMatchObject({ code: 'NO_RANKING_MODEL', field: '/rerank' });
    expect(body.error.message).toMatch(/the loaded model has no second stage \(no item-item stage, ranking or engagement model\): send "rerank": false/);
    const batch = await post(plain, { queries: [{ user, k: 2 }, { user, rerank: true }] });
    expect(batch.status).toBe(200);
    expect(batch.body.results[0]).toMatchObject({ reranked: false });
    expect(batch.body.results[1].error).toMatchObject({ statusCode: 409, code: 'NO_RANKING_MODEL', field: '/queries/1/rerank' });
  });

  it('answers a batch mixing re-ranked and plain queries as it answers each alone', async () => {
    for (const app of [ii, hii]) {
      const rec = recOf(app);
      const queries = [
        { user: rec.users.ids[0]!, k: 4, rerank: true, rerankCandidates: 12 },
        { user: rec.users.ids[1]!, k: 3 },
        { user: 'cold-user', k: 3, rerank: true },
        { user: rec.users.ids[2]!, k: 5, rerank: true, history: rec.catalogue.ids.slice(6, 9), rerankCandidates: 20 },
        { history: rec.catalogue.ids.slice(10, 13), k: 4, rerank: true, rerankCandidates: 10 },
        { user: rec.users.ids[3]!, k: 4, rerank: true, timestamp: 880_000_000 },
        { user: rec.users.ids[4]!, k: 4, rerank: true },
      ];
      const { status, body } = await post(app, { queries });
      expect(status).toBe(200);
      for (const [i, q] of queries.entries()) expect(body.results[i]).toEqual((await post(app, q)).body);
      const reads = rec.historyLength > 0;
      expect(body.results.map((r: Json) => r.rerankedBy ?? null)).toEqual(['item-item', null, null, 'item-item', reads ? 'item-item' : null, 'item-item', 'item-item']);
    }
  });
});
