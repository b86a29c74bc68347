/**
 * user-items for a user the model never saw, given a history, on a model whose item-item stage
 * answers such users (`coldHistory`): fixture H (a history input) with a planted stage, served;
 * the answer is checked against the popular items re-ordered by hand.
 */
import type { FastifyInstance } from 'fastify';
import { ItemItemWeights, popularByHistory, type ColdHistoryInfo, type Recommender } from '@twotower/recommender';
import { tf } from '@twotower/runtime';
import { createServer } from './create-server';
import { loadServingModel } from './model/serving-model';
import { modelH, plantedItemItemDense, plantedItemItemStage } from './test/fixtures';
import type { Json } from './test/server-under-test';

jest.setTimeout(60_000);

const COLD = { weight: 2, candidates: 12 };
/** COLD, but histories of 4 items or more blended at weight 0 (the popularity order). */
const BY_LENGTH = { ...COLD, byLength: [{ from: 4, weight: 0 }] };
const stage = (rec: Recommender, coldHistory?: ColdHistoryInfo) => plantedItemItemStage(rec.numItems, { weight: 1, ...(coldHistory ? { coldHistory } : {}) });

let baseTensors: number;
/** H + a stage that answers cold users from a history. */
let cold: FastifyInstance;
/** H + a stage without coldHistory: the query tower answers them. */
let towers: FastifyInstance;
/** H + a stage whose longer histories have a weight of their own. */
let byLength: FastifyInstance;

beforeAll(async () => {
  baseTensors = tf.memory().numTensors;
  const serve = (coldHistory?: ColdHistoryInfo) => createServer({ modelDir: modelH(), load: (dir) => loadServingModel(dir, { prepare: (rec) => rec.models.setItemItem(stage(rec, coldHistory)) }), processMetrics: false, adminToken: '' });
  cold = await serve(COLD);
  towers = await serve();
  byLength = await serve(BY_LENGTH);
});

afterAll(async () => {
  for (const app of [cold, towers, byLength]) await app.close();
  expect(tf.memory().numTensors).toBe(baseTensors);
});

const post = async (app: FastifyInstance, payload: unknown) => {
  const r = await app.inject({ method: 'POST', url: '/v1/recommend/user-items', payload: payload as Json });
  return { status: r.statusCode, body: r.json() as Json };
};
const recOf = (app: FastifyInstance) => app.twotower.holder.current!.recommender;

describe('a user the model never saw, answered from a history by the item-item stage', () => {
  it('answers the most popular items re-ordered by the history’s item-item score, the history and exclude left out', async () => {
    const rec = recOf(cold);
    const history = rec.catalogue.ids.slice(2, 5);
    const exclude = [rec.catalogue.ids[[...Array(rec.numItems).keys()].sort((a, b) => rec.popularity[b]! - rec.popularity[a]!)[0]!]!];
    const expected = popularByHistory(ItemItemWeights.fromDense(plantedItemItemDense(rec.numItems), rec.numItems, rec.numItems - 1), rec.popularity, [2, 3, 4], { ...COLD, k: 6, exclude: [2, 3, 4, rec.itemIndex(exclude[0]!)] });
    for (const q of [{ history, k: 6, exclude }, { user: 'someone-new', history, k: 6, exclude }]) {
      const { status, body } = await post(cold, q);
      expect(status).toBe(200);
      expect(body).toMatchObject({ coldStart: true, scoreKind: 'item-item', reranked: false, historyUsed: 3 });
      expect(body.items.map((h: Json) => h.id)).toEqual(Array.from(expected.items, (j) => rec.catalogue.ids[j]));
      body.items.forEach((h: Json, r: number) => expect(h.score).toBeCloseTo(expected.scores[r]!, 5));
      for (const id of [...history, ...exclude]) expect(body.items.map((h: Json) => h.id)).not.toContain(id);
      // the order differs from popularity's: the history moved it
      const popular = await post(cold, { user: 'someone-new', k: 6, exclude: [...history, ...exclude] });
      expect(popular.body.scoreKind).toBe('popularity');
      expect(body.items.map((h: Json) => h.id)).not.toEqual(popular.body.items.map((h: Json) => h.id));
    }
  });

  it('says why rerank: true left that answer as it is, and answers the same items', async () => {
    const history = recOf(cold).catalogue.ids.slice(2, 5);
    const plain = await post(cold, { history, k: 5 });
    expect(plain.body.note).toBeUndefined();
    const asked = await post(cold, { history, k: 5, rerank: true });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ scoreKind: 'item-item', reranked: false });
    expect(asked.body.rerankedBy).toBeUndefined();
    expect(asked.body.note).toMatch(/^rerank: not applied/);
    expect(asked.body.items).toEqual(plain.body.items);
  });

  it('blends a history with the weight of its length (byLength): 3 items at 2, 4 items at 0, the popularity order', async () => {
    const rec = recOf(byLength);
    const ids = rec.catalogue.ids;
    const dense = ItemItemWeights.fromDense(plantedItemItemDense(rec.numItems), rec.numItems, rec.numItems - 1);
    const answers: string[][] = [];
    for (const [given, weight] of [[[2, 3, 4], 2], [[2, 3, 4, 5], 0]] as const) {
      const { body } = await post(byLength, { history: given.map((j) => ids[j]), k: 6 });
      answers.push(body.items.map((h: Json) => h.id));
      const expected = popularByHistory(dense, rec.popularity, given, { weight, candidates: COLD.candidates, k: 6, exclude: given });
      expect(body).toMatchObject({ scoreKind: 'item-item', historyUsed: given.length });
      expect(body.items.map((h: Json) => h.id)).toEqual(Array.from(expected.items, (j) => ids[j]));
    }
    // the stage without byLength blends the 4 items at 2 still
    const four = [2, 3, 4, 5];
    const plain = await post(cold, { history: four.map((j) => rec.catalogue.ids[j]), k: 6 });
    const at2 = popularByHistory(ItemItemWeights.fromDense(plantedItemItemDense(rec.numItems), rec.numItems, rec.numItems - 1), rec.popularity, four, { ...COLD, k: 6, exclude: four });
    expect(plain.body.items.map((h: Json) => h.id)).toEqual(Array.from(at2.items, (j) => rec.catalogue.ids[j]));
    expect(plain.body.items.map((h: Json) => h.id)).not.toEqual(answers[1]); // the length's weight changed the answer
  });

  it('says in the model summary what answers such users', async () => {
    for (const [app, kind] of [[cold, 'item-item'], [towers, 'towers']] as const) {
      const r = await app.inject({ method: 'GET', url: '/v1/model' });
      expect(r.json().summary.coldHistory).toBe(kind);
    }
  });

  it('leaves known users, and models without coldHistory, to the query tower', async () => {
    const rec = recOf(cold);
    const history = rec.catalogue.ids.slice(2, 5);
    const known = await post(cold, { user: rec.users.ids[0], history, k: 4 });
    expect(known.body).toMatchObject({ coldStart: false, scoreKind: 'history' });
    const stranger = await post(towers, { history, k: 4 });
    expect(stranger.body).toMatchObject({ coldStart: true, scoreKind: 'history' });
    // a history of items the model does not serve is a 400 naming it, as before
    const bad = await post(cold, { history: ['no-such-film'], k: 4 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('/history/0');
  });
});
