import { ready } from '@twotower/runtime';
import { coldHistoryWeight, orderPopularCandidates, popularByHistory, popularCandidates } from './cold-history';
import { ItemItemReranker, zScores } from './item-item-reranker';
import { ItemItemWeights } from './item-item-weights';
import { Recommender } from './recommender';
import { makeRecommender, saveToDirectory } from './test-utils';

/** Six items; item 0 goes with item 4 (W[0][4] = 3) and against item 1 (W[0][1] = −1). */
const weights = () => {
  const dense = new Float32Array(36);
  dense[0 * 6 + 4] = 3;
  dense[0 * 6 + 1] = -1;
  dense[2 * 6 + 3] = 1;
  return ItemItemWeights.fromDense(dense, 6, 5);
};
const popularity = Float32Array.from([50, 40, 30, 20, 10, 1]);

describe('popularByHistory: the popular items re-ordered by a history', () => {
  it('keeps the popularity order at weight 0 and leaves out the excluded items', () => {
    const { items } = popularByHistory(weights(), popularity, [0], { weight: 0, candidates: 4, exclude: [0] });
    expect(Array.from(items)).toEqual([1, 2, 3, 4]);
  });

  it('lifts the history’s neighbours and lowers what goes against it, among the candidates only', () => {
    const { items, scores } = popularByHistory(weights(), popularity, [0], { weight: 2, candidates: 4, exclude: [0] });
    // least popular of the four but item 0's neighbour first; the most popular, against item 0, falls below item 2
    expect(Array.from(items)).toEqual([4, 2, 1, 3]);
    expect(Array.from(items)).not.toContain(5); // outside the 4 most popular
    // scores are the blend over the candidate list: z(log(1 + popularity)) + 2 · z(item-item)
    const cand = [1, 2, 3, 4];
    const zp = zScores(cand.map((j) => Math.log1p(popularity[j]!)));
    const zi = zScores([-1, 0, 0, 3]);
    const expected = new Map(cand.map((j, c) => [j, zp[c]! + 2 * zi[c]!]));
    items.forEach((j, r) => expect(scores[r]).toBeCloseTo(expected.get(j)!, 5));
    for (let r = 1; r < scores.length; r++) expect(scores[r]).toBeLessThanOrEqual(scores[r - 1]!);
  });

  it('returns k items when asked for fewer than the candidates, and ignores unknown history items', () => {
    const a = popularByHistory(weights(), popularity, [0, 99, -1], { weight: 2, candidates: 4, exclude: [0], k: 2 });
    expect(Array.from(a.items)).toEqual([4, 2]);
  });

  it('orders one set of popular candidates at several weights as popularByHistory does at each', () => {
    const found = popularCandidates(weights(), popularity, [0, 2], { candidates: 5, exclude: [0] });
    expect(Array.from(found.items)).toEqual([1, 2, 3, 4, 5]);
    for (const w of [0, 0.5, 2, 8]) {
      const once = orderPopularCandidates(found, w, 3);
      const direct = popularByHistory(weights(), popularity, [0, 2], { weight: w, candidates: 5, exclude: [0], k: 3 });
      expect(Array.from(once.items)).toEqual(Array.from(direct.items));
      expect(Array.from(once.scores)).toEqual(Array.from(direct.scores));
    }
  });

  it('refuses a bad candidate count and a popularity of another catalogue', () => {
    expect(() => popularByHistory(weights(), popularity, [0], { weight: 1, candidates: 0 })).toThrow(/candidates is 0/);
    expect(() => popularByHistory(weights(), popularity.subarray(0, 3), [0], { weight: 1, candidates: 2 })).toThrow(/popularity has 3 items, the item-item weights 6/);
  });
});

describe('the item-item stage answering a history alone', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('answers only when coldHistory is set, and refuses a bad one', () => {
    const plain = new ItemItemReranker(weights(), { weight: 1, lambda: 500, neighbours: 5 });
    expect(plain.answerColdHistory(popularity, [0], 3)).toBeUndefined();
    const cold = new ItemItemReranker(weights(), { weight: 1, lambda: 500, neighbours: 5, coldHistory: { weight: 2, candidates: 4 } });
    expect(Array.from(cold.answerColdHistory(popularity, [0], 2, [0])!.items)).toEqual([4, 2]);
    expect(() => new ItemItemReranker(weights(), { weight: 1, lambda: 500, neighbours: 5, coldHistory: { weight: -1, candidates: 4 } })).toThrow(/coldHistory is/);
  });

  it('blends a longer history with the weight of its length (byLength), and refuses a byLength out of order', () => {
    const info = { weight: 0.5, candidates: 4, byLength: [{ from: 2, weight: 0 }, { from: 4, weight: 8 }] };
    expect([1, 2, 3, 4, 40].map((n) => coldHistoryWeight(info, n))).toEqual([0.5, 0, 0, 8, 8]);
    expect(coldHistoryWeight({ weight: 0.5, candidates: 4 }, 40)).toBe(0.5);
    const cold = new ItemItemReranker(weights(), { weight: 1, lambda: 500, neighbours: 5, coldHistory: info });
    // one item: weight 0.5; two (item 0 and an item of no weight): weight 0, the popularity order
    const one = cold.answerColdHistory(popularity, [0], 4, [0])!;
    expect(Array.from(one.items)).toEqual(Array.from(popularByHistory(weights(), popularity, [0], { weight: 0.5, candidates: 4, exclude: [0] }).items));
    expect(Array.from(cold.answerColdHistory(popularity, [0, 5], 4, [0, 5])!.items)).toEqual([1, 2, 3, 4]);
    const four = cold.answerColdHistory(popularity, [0, 5, 2, 3], 2, [0, 5])!;
    expect(Array.from(four.items)).toEqual(Array.from(popularByHistory(weights(), popularity, [0, 5, 2, 3], { weight: 8, candidates: 4, exclude: [0, 5], k: 2 }).items));
    const bad = (byLength: unknown) => () => new ItemItemReranker(weights(), { weight: 1, lambda: 500, neighbours: 5, coldHistory: { weight: 1, candidates: 4, byLength } as never });
    expect(bad([{ from: 4, weight: 1 }, { from: 2, weight: 1 }])).toThrow(/byLength\[1\]\.from must be larger than byLength\[0\]\.from/);
    expect(bad([{ from: 0, weight: 1 }])).toThrow(/byLength\[0\] must have an integer from >= 1 and a weight >= 0/);
    expect(bad([{ from: 3, weight: -2 }])).toThrow(/byLength\[0\]/);
    expect(bad({ from: 3 })).toThrow(/byLength must be an array/);
  });

  it('round-trips coldHistory through the model directory', async () => {
    const r = makeRecommender();
    const dense = Float32Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? 0 : (i % 3) - 1));
    const info = { weight: 0.5, lambda: 500, neighbours: 3, coldHistory: { weight: 0.5, candidates: 3, byLength: [{ from: 2, weight: 4 }] } };
    r.models.setItemItem(new ItemItemReranker(ItemItemWeights.fromDense(dense, 4, 3), info));
    expect(r.itemItem!.answerColdHistory(r.popularity, [0], 2, [0])).toBeDefined();
    const back = await Recommender.load(await saveToDirectory(r));
    expect(back.itemItem!.info).toEqual(info);
    const [x, y] = [r.itemItem!.answerColdHistory(r.popularity, [0], 2, [0])!, back.itemItem!.answerColdHistory(back.popularity, [0], 2, [0])!];
    expect(Array.from(y.items)).toEqual(Array.from(x.items));
    expect(Array.from(y.scores)).toEqual(Array.from(x.scores));
    const none = makeRecommender();
    expect(none.itemItem?.answerColdHistory(none.popularity, [0], 2)).toBeUndefined();
    r.dispose();
    back.dispose();
    none.dispose();
  });
});
