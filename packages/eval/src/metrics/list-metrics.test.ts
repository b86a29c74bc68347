import {
  averagePrecisionAtK,
  hitAtK,
  idealDcg,
  ndcgAtK,
  precisionAtK,
  recallAtK,
  reciprocalRank,
} from './list-metrics';

const l2 = (x: number): number => Math.log2(x);

describe('list metrics on a hand-made ranking', () => {
  // Relevant {2, 7, 9}; hits at 1-based ranks 2 and 4.
  const ranked = [5, 2, 8, 7, 1];
  const relevant = [7, 2, 9];

  it('recall@K', () => {
    expect(recallAtK(ranked, relevant, 1)).toBe(0);
    expect(recallAtK(ranked, relevant, 2)).toBeCloseTo(1 / 3, 12);
    expect(recallAtK(ranked, relevant, 5)).toBeCloseTo(2 / 3, 12);
  });

  it('precision@K', () => {
    expect(precisionAtK(ranked, relevant, 2)).toBeCloseTo(1 / 2, 12);
    expect(precisionAtK(ranked, relevant, 4)).toBeCloseTo(2 / 4, 12);
  });

  it('nDCG@K with the ideal DCG over min(K, |relevant|)', () => {
    expect(ndcgAtK(ranked, relevant, 1)).toBe(0);
    expect(ndcgAtK(ranked, relevant, 2)).toBeCloseTo(1 / l2(3) / (1 + 1 / l2(3)), 12);
    const dcg4 = 1 / l2(3) + 1 / l2(5);
    expect(ndcgAtK(ranked, relevant, 4)).toBeCloseTo(dcg4 / (1 + 1 / l2(3) + 1 / l2(4)), 12);
    // Dacrema et al.'s variant divides by the DCG of all relevant items even when K is smaller.
    expect(ndcgAtK(ranked, relevant, 2, 'allRelevant')).toBeCloseTo(1 / l2(3) / idealDcg(3), 12);
  });

  it('average precision@K', () => {
    expect(averagePrecisionAtK(ranked, relevant, 2)).toBeCloseTo(1 / 2 / 2, 12);
    expect(averagePrecisionAtK(ranked, relevant, 5)).toBeCloseTo((1 / 2 + 2 / 4) / 3, 12);
  });

  it('hit@K and reciprocal rank', () => {
    expect(hitAtK(ranked, relevant, 1)).toBe(0);
    expect(hitAtK(ranked, relevant, 2)).toBe(1);
    expect(reciprocalRank(ranked, relevant)).toBeCloseTo(1 / 2, 12);
    expect(reciprocalRank([1, 3], relevant)).toBe(0);
  });

  it('a perfect ranking scores 1 everywhere', () => {
    const perfect = [2, 7, 9, 1, 4];
    for (const k of [1, 2, 3, 5]) {
      expect(ndcgAtK(perfect, relevant, k)).toBeCloseTo(1, 12);
      expect(averagePrecisionAtK(perfect, relevant, k)).toBeCloseTo(1, 12);
    }
  });
});

describe('list metrics edge cases', () => {
  it('k larger than the list uses the list as it is', () => {
    expect(precisionAtK([3, 4], [4], 10)).toBeCloseTo(1 / 2, 12);
    expect(recallAtK([3, 4], [4], 10)).toBe(1);
    expect(ndcgAtK([3, 4], [4], 10)).toBeCloseTo(1 / l2(3), 12);
  });

  it('no relevant items: undefined metrics are NaN, precision and hit are 0', () => {
    expect(recallAtK([1, 2], [], 2)).toBeNaN();
    expect(ndcgAtK([1, 2], [], 2)).toBeNaN();
    expect(averagePrecisionAtK([1, 2], [], 2)).toBeNaN();
    expect(reciprocalRank([1, 2], [])).toBeNaN();
    expect(precisionAtK([1, 2], [], 2)).toBe(0);
    expect(hitAtK([1, 2], [], 2)).toBe(0);
  });

  it('an empty list hits nothing', () => {
    expect(recallAtK([], [1], 3)).toBe(0);
    expect(precisionAtK([], [1], 3)).toBe(0);
    expect(ndcgAtK([], [1], 3)).toBe(0);
  });

  it('duplicates count once', () => {
    expect(recallAtK([4, 4, 5], [4, 4], 3)).toBe(1);
    expect(precisionAtK([4, 4, 5], [4], 3)).toBeCloseTo(1 / 3, 12);
  });

  it('rejects k < 1', () => {
    expect(() => recallAtK([1], [1], 0)).toThrow(/k: expected an integer >= 1/);
  });

  it('idealDcg', () => {
    expect(idealDcg(0)).toBe(0);
    expect(idealDcg(2)).toBeCloseTo(1 + 1 / l2(3), 12);
  });
});
