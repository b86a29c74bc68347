import { byTime } from './by-time';
import { bestChoice, checkBlendWeights } from './weight-choice';

describe('blend-weight choice', () => {
  it('keeps the best nDCG, the smaller weight on a tie', () => {
    expect(bestChoice([{ weight: 0, recall: 0.1, ndcg: 0.2 }, { weight: 2, recall: 0.3, ndcg: 0.25 }, { weight: 1, recall: 0.2, ndcg: 0.25 }]).weight).toBe(1);
  });

  it('refuses an empty list and weights that are not finite numbers >= 0, naming the caller', () => {
    expect(() => checkBlendWeights('f', [])).toThrow('f: weights is []');
    expect(() => checkBlendWeights('f', [0, -1])).toThrow('f: weights is [0,-1]; give finite numbers >= 0');
    expect(() => checkBlendWeights('f', [Infinity])).toThrow('f: weights is [null]');
    expect(() => checkBlendWeights('f', [0, 0.5])).not.toThrow();
  });
});

describe('byTime', () => {
  it('orders rows oldest first, rows without a finite time last, ties by row', () => {
    const t = [5, NaN, 3, 5, 1];
    expect([0, 1, 2, 3, 4].sort(byTime(t))).toEqual([4, 2, 0, 3, 1]);
  });
});
