import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ready } from '@twotower/runtime';
import { PopularityLean } from './popularity-lean';
import { Recommender } from './recommender';
import { makeRecommender, saveToDirectory } from './test-utils';

describe('PopularityLean', () => {
  it('is weight · ln(1 + training interactions) per item, 0 for an item without any', () => {
    const lean = new PopularityLean(0.5, [0, 1, 9, -3]);
    expect(Array.from(lean.bias)).toEqual([0, 0.5 * Math.log(2), 0.5 * Math.log(10), 0].map(Math.fround));
    expect(lean.max).toBeCloseTo(0.5 * Math.log(10), 6);
    // an item added after training: the median lean (of 0, 0, 0.35, 1.15)
    expect(lean.forNew).toBeCloseTo((0.5 * Math.log(2)) / 2, 6);
    expect(new PopularityLean(1, [3, 0, 7]).forNew).toBeCloseTo(Math.log(4), 6);
    expect(new PopularityLean(1, []).forNew).toBe(0);
  });

  it('adds itself to every row of catalogue scores, in place', () => {
    const lean = new PopularityLean(1, [0, Math.E - 1]);
    const scores = Float32Array.from([0.5, 0.25, -1, 2]);
    lean.addTo(scores, 2);
    expect(Array.from(scores)).toEqual([0.5, 1.25, -1, 3].map(Math.fround));
    expect(() => lean.addTo(new Float32Array(3), 2)).toThrow('scores hold 3 values, fewer than rows × numItems = 2 × 2');
  });

  it('refuses a weight that is not a finite number > 0, naming it', () => {
    for (const w of [0, -0.1, NaN, Infinity]) expect(() => new PopularityLean(w, [1])).toThrow(`the popularity lean's weight is ${w}; give a finite number > 0`);
  });
});

describe("a recommender's popularity lean", () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));
  const json = (dir: string) => JSON.parse(readFileSync(join(dir, 'recommender.json'), 'utf8'));

  it('is absent at weight 0, built from the training popularity otherwise, and saved and loaded with its weight', async () => {
    const r = makeRecommender();
    expect(r.models.popularityLean).toBe(0);
    expect(r.popularityLean).toBeUndefined();
    const plainDir = await saveToDirectory(r);
    expect(json(plainDir)).not.toHaveProperty('popularityLean');
    const plain = await Recommender.load(plainDir);
    expect(plain.popularityLean).toBeUndefined();
    r.models.setPopularityLean(0.25);
    expect(Array.from(r.popularityLean!.bias)).toEqual(Array.from(r.popularity, (n) => Math.fround(0.25 * Math.log1p(n))));
    const dir = await saveToDirectory(r);
    expect(json(dir).popularityLean).toBe(0.25);
    const back = await Recommender.load(dir);
    expect(back.models.popularityLean).toBe(0.25);
    expect(Array.from(back.popularityLean!.bias)).toEqual(Array.from(r.popularityLean!.bias));
    // a new weight rebuilds the lean; 0 removes it
    back.models.setPopularityLean(0.5);
    expect(back.popularityLean!.weight).toBe(0.5);
    back.models.setPopularityLean(0);
    expect(back.popularityLean).toBeUndefined();
    expect(() => back.models.setPopularityLean(-1)).toThrow("setPopularityLean: the popularity lean's weight is -1; give a finite number >= 0 (0: no lean)");
    for (const x of [r, plain, back]) x.dispose();
  });

  it('refuses a saved weight that is not a number >= 0', async () => {
    const r = makeRecommender();
    r.models.setPopularityLean(0.25);
    const dir = await saveToDirectory(r);
    writeFileSync(join(dir, 'recommender.json'), JSON.stringify({ ...json(dir), popularityLean: -2 }));
    await expect(Recommender.load(dir, { verify: false })).rejects.toThrow(/recommender.json: popularityLean is -2, not a number >= 0: the model directory is damaged; restore it or retrain/);
    r.dispose();
  });
});
