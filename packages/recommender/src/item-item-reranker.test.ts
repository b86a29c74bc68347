import { mulberry32 } from '@twotower/utils';
import { blendScores, ItemItemReranker, zScores } from './item-item-reranker';
import { ItemItemWeights } from './item-item-weights';

const mean = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + v, 0) / x.length;
const sd = (x: ArrayLike<number>) => Math.sqrt(Array.from(x).reduce((s, v) => s + (v - mean(x)) ** 2, 0) / x.length);
/** Indices by descending value (stable for equal values). */
const order = (x: ArrayLike<number>) => Array.from(x, (_, i) => i).sort((a, b) => x[b]! - x[a]!);
const randomList = (n: number, seed: number, scale = 1) => {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: n }, () => (rand() * 2 - 1) * scale);
};

describe('zScores', () => {
  it('gives mean 0 and (population) standard deviation 1, keeping the order', () => {
    const x = randomList(40, 3, 50);
    const z = zScores(x);
    expect(z).toBeInstanceOf(Float32Array);
    expect(mean(z)).toBeCloseTo(0, 5);
    expect(sd(z)).toBeCloseTo(1, 5);
    expect(order(z)).toEqual(order(x));
    const m = mean([1, 2, 3, 4]);
    const s = Math.sqrt(1.25);
    expect(Array.from(zScores([1, 2, 3, 4]))).toEqual([1, 2, 3, 4].map((v) => Math.fround((v - m) / s)));
  });

  it('gives zeros for a constant list, one value and an empty list', () => {
    expect(Array.from(zScores([7, 7, 7]))).toEqual([0, 0, 0]);
    expect(Array.from(zScores([-2]))).toEqual([0]);
    expect(zScores([])).toHaveLength(0);
  });
});

describe('blendScores', () => {
  const retrieval = randomList(25, 11);
  const itemItem = randomList(25, 12, 3);

  it('with weight 0 is the retrieval scores standardised', () => {
    const blend = blendScores(retrieval, itemItem, 0);
    expect(Array.from(blend)).toEqual(Array.from(zScores(retrieval)));
    expect(order(blend)).toEqual(order(retrieval));
  });

  it('is z(retrieval) + weight · z(item-item), and with a large weight follows the item-item order', () => {
    const zr = zScores(retrieval);
    const zi = zScores(itemItem);
    const blend = blendScores(retrieval, itemItem, 0.7);
    Array.from(zr).forEach((v, i) => expect(blend[i]).toBeCloseTo(v + 0.7 * zi[i]!, 5));
    expect(order(blendScores(retrieval, itemItem, 1e4))).toEqual(order(itemItem));
    // the scale of either score does not matter
    expect(order(blendScores(retrieval.map((v) => v * 1000), itemItem, 0.7))).toEqual(order(blend));
  });

  it('puts a planted candidate first: second by retrieval, alone in going with the history', () => {
    const r = [3, 2.9, 1, 0.5, 0];
    const ii = [0, 5, 0, 0, 0];
    expect(order(blendScores(r, ii, 0))[0]).toBe(0);
    expect(order(blendScores(r, ii, 1))[0]).toBe(1);
    // an item-item list that is constant (no history) leaves the retrieval z
    expect(Array.from(blendScores(r, [2, 2, 2, 2, 2], 3))).toEqual(Array.from(zScores(r)));
  });

  it('refuses lists of different lengths', () => {
    expect(() => blendScores([1, 2, 3], [1, 2], 1)).toThrow('blendScores: 3 retrieval scores but 2 item-item scores; give one of each per candidate');
  });
});

describe('ItemItemReranker', () => {
  const info = { weight: 2, lambda: 500, neighbours: 2 };
  // 6 items: item 5 goes strongly with item 3, weakly with item 0
  const dense = new Float32Array(36);
  dense[5 * 6 + 3] = 4;
  dense[5 * 6 + 0] = 0.5;
  dense[1 * 6 + 2] = 1;
  const weights = ItemItemWeights.fromDense(dense, 6, 2);

  it("blends the retrieval scores with the history's item-item scores over the candidates", () => {
    const reranker = new ItemItemReranker(weights, info);
    const candidates = [0, 1, 2, 3];
    const retrieval = [0.9, 0.8, 0.7, 0.6];
    expect(order(retrieval)[0]).toBe(0);
    const scores = reranker.rerank([5], candidates, retrieval);
    expect(order(scores)[0]).toBe(3);
    expect(Array.from(scores)).toEqual(Array.from(blendScores(retrieval, weights.scoreCandidates([5], candidates), 2)));
    // an empty history or weight 0: the retrieval order
    expect(order(reranker.rerank([], candidates, retrieval))).toEqual([0, 1, 2, 3]);
    expect(order(new ItemItemReranker(weights, { ...info, weight: 0 }).rerank([5], candidates, retrieval))).toEqual([0, 1, 2, 3]);
  });

  it('refuses a negative, NaN or infinite weight', () => {
    expect(() => new ItemItemReranker(weights, { ...info, weight: -0.5 })).toThrow('item-item re-ranking: weight is -0.5; give a finite number >= 0');
    expect(() => new ItemItemReranker(weights, { ...info, weight: NaN })).toThrow('weight is NaN; give a finite number >= 0');
    expect(() => new ItemItemReranker(weights, { ...info, weight: Infinity })).toThrow('weight is Infinity');
  });
});
