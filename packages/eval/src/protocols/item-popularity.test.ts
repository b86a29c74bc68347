import { itemPopularity, popularityPercentiles } from './item-popularity';

describe('itemPopularity', () => {
  it('counts the selected rows per item', () => {
    const item = new Int32Array([2, 0, 2, 1, 2]);
    expect(Array.from(itemPopularity(item, undefined, 4))).toEqual([1, 1, 3, 0]);
    expect(Array.from(itemPopularity(item, new Int32Array([0, 2]), 4))).toEqual([0, 0, 2, 0]);
  });

  it('names the row at fault', () => {
    expect(() => itemPopularity(new Int32Array([4]), undefined, 4)).toThrow(/item\[0\]/);
  });
});

describe('popularityPercentiles', () => {
  it('gives tied items their average rank, the catalogue a mean of 0.5', () => {
    const pct = popularityPercentiles([3, 1, 0, 0, 2]);
    expect(Array.from(pct)).toEqual([1, 0.5, 0.125, 0.125, 0.75]);
    expect(pct.reduce((a, b) => a + b, 0) / pct.length).toBeCloseTo(0.5, 12);
  });

  it('handles tiny catalogues', () => {
    expect(Array.from(popularityPercentiles([7]))).toEqual([0.5]);
    expect(popularityPercentiles([]).length).toBe(0);
  });
});
