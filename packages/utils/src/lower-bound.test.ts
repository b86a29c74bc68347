import { lowerBound } from './lower-bound';

describe('lowerBound', () => {
  it('finds the first value not below x, within a range', () => {
    const v = [1, 3, 3, 5, 8];
    expect([0, 1, 2, 3, 4, 5, 8, 9].map((x) => lowerBound(v, x))).toEqual([0, 0, 1, 1, 3, 3, 4, 5]);
    expect(lowerBound(v, 3, 2, 4)).toBe(2);
    expect(lowerBound(v, 9, 1, 3)).toBe(3);
    // no value is below NaN
    expect(lowerBound(v, NaN)).toBe(0);
    expect(lowerBound([], 1)).toBe(0);
  });
});
