import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ready, tf } from '@twotower/runtime';
import { ItemItemReranker } from './item-item-reranker';
import { ItemItemWeights } from './item-item-weights';
import { Recommender } from './recommender';
import { makeRecommender, saveToDirectory } from './test-utils';

const json = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

/** `[4 × 4]` weights for {@link makeRecommender}'s four films (diagonal and zeros left out by fromDense). */
const dense = () =>
  Float32Array.from([
    [1, 0.5, -2, 0.25],
    [0.75, 1, 0, 3],
    [-1, 0.5, 1, 1.5],
    [0, 0, 2, 1],
  ].flat());

const info = { weight: 1.5, lambda: 500, neighbours: 3 };
const stage = () => new ItemItemReranker(ItemItemWeights.fromDense(dense(), 4, 3), info);

describe('saving and loading the item-item second stage', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('loads back equal weights and info, and re-ranks with the same scores', async () => {
    const r = makeRecommender();
    expect(r.rerankKind).toBeUndefined();
    r.models.setItemItem(stage());
    expect(r.rerankKind).toBe('item-item');
    const dir = await saveToDirectory(r);
    expect(json(dir, 'recommender.json').itemItem).toEqual(info);
    for (const f of ['item-item.offsets.i32', 'item-item.neighbours.i32', 'item-item.weights.f32']) expect(existsSync(join(dir, f))).toBe(true);
    const back = await Recommender.load(dir);
    const [a, b] = [r.itemItem!.weights, back.itemItem!.weights];
    expect(back.itemItem!.info).toEqual(info);
    expect(b.numItems).toBe(4);
    expect(Array.from(b.offsets)).toEqual(Array.from(a.offsets));
    expect(Array.from(b.neighbours)).toEqual(Array.from(a.neighbours));
    expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
    expect(back.rerankKind).toBe('item-item');
    // user a's training items (films 0 and 2), then an explicit history, then a stranger
    const candidates = [1, 3, 0];
    const retrieval = [0.2, 0.5, 0.1];
    const first = back.rerank('a', candidates, retrieval);
    expect(first.by).toBe('item-item');
    expect(Array.from(first.scores)).toEqual(Array.from(r.rerank('a', candidates, retrieval).scores));
    expect(Array.from(first.scores)).toEqual(Array.from(back.itemItem!.rerank([0, 2], candidates, retrieval)));
    expect(Array.from(back.rerank('b', candidates, retrieval, { history: [3] }).scores)).toEqual(Array.from(r.rerank('b', candidates, retrieval, { history: [3] }).scores));
    expect(Array.from(back.rerank('stranger', candidates, retrieval).scores)).toEqual(Array.from(r.rerank('stranger', candidates, retrieval).scores));
    r.dispose();
    back.dispose();
  });

  it('loads a recommender saved without the stage with no itemItem, re-ranking as before', async () => {
    const r = makeRecommender();
    const plainDir = await saveToDirectory(r);
    expect(json(plainDir, 'recommender.json')).not.toHaveProperty('itemItem');
    expect(existsSync(join(plainDir, 'item-item.offsets.i32'))).toBe(false);
    const plain = await Recommender.load(plainDir);
    expect(plain.itemItem).toBeUndefined();
    expect(plain.models.itemItem).toBeUndefined();
    expect(plain.rerankKind).toBeUndefined();
    expect(() => plain.rerank('a', [1], [0.5])).toThrow(/no second stage/);
    r.models.setRankingModel({ layers: [4], seed: 2 });
    const ranked = await Recommender.load(await saveToDirectory(r));
    expect(ranked.itemItem).toBeUndefined();
    expect(ranked.rerankKind).toBe('ranker');
    const byRanker = ranked.rerank('a', [1, 3], [0.5, 0.4]);
    expect(byRanker.by).toBe('ranker');
    expect(Array.from(byRanker.scores)).toEqual(Array.from(ranked.ranker!.scorePairs(['a', 'a'], [1, 3])));
    // the stage goes before the ranker, and removing it brings the ranker back
    r.models.setItemItem(stage());
    const both = await Recommender.load(await saveToDirectory(r));
    expect([both.rerankKind, both.ranker?.kind]).toEqual(['item-item', 'probability']);
    both.models.setItemItem(undefined);
    expect(both.rerankKind).toBe('ranker');
    for (const x of [r, plain, ranked, both]) x.dispose();
  });

  it('refuses weights of another catalogue size, and a saved stage that does not fit the catalogue', async () => {
    const r = makeRecommender();
    const five = new ItemItemReranker(ItemItemWeights.fromDense(new Float32Array(25).fill(1), 5, 3), info);
    expect(() => r.models.setItemItem(five)).toThrow('item-item weights cover 5 items but the recommender has 4: fit them on the recommender');
    expect(r.itemItem).toBeUndefined();
    r.models.setItemItem(stage());
    const dir = await saveToDirectory(r);
    const tensors = tf.memory().numTensors;
    // five offsets for four items: the catalogue and the stage disagree
    writeFileSync(join(dir, 'item-item.offsets.i32'), Buffer.from(Int32Array.from([0, 0, 0, 0, 0, 0]).buffer));
    writeFileSync(join(dir, 'item-item.neighbours.i32'), Buffer.alloc(0));
    writeFileSync(join(dir, 'item-item.weights.f32'), Buffer.alloc(0));
    await expect(Recommender.load(dir, { verify: false })).rejects.toThrow(/item-item.offsets.i32 has 5 rows but items.json has 4 items: the model directory is damaged or inconsistent; restore it or retrain/);
    // offsets that decrease
    writeFileSync(join(dir, 'item-item.offsets.i32'), Buffer.from(Int32Array.from([0, 1, 0, 0, 0]).buffer));
    await expect(Recommender.load(dir, { verify: false })).rejects.toThrow(/offsets decrease at item 1/);
    expect(tf.memory().numTensors).toBe(tensors);
    r.dispose();
  });
});
