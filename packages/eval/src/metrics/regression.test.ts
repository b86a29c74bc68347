import { mae, rmse } from './regression';

describe('rmse and mae', () => {
  it('hand-computed values', () => {
    // errors: 1, -2, 0
    expect(rmse([3, 1, 4], [2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(mae([3, 1, 4], [2, 3, 4])).toBeCloseTo(1, 12);
  });

  it('zero for exact predictions, NaN for no examples', () => {
    expect(rmse(new Float32Array([1, 2]), new Float32Array([1, 2]))).toBe(0);
    expect(rmse([], [])).toBeNaN();
    expect(mae([], [])).toBeNaN();
  });

  it('rejects length mismatches and non-finite values', () => {
    expect(() => rmse([1, 2], [1])).toThrow(/predictions: has length 1 but targets has 2/);
    expect(() => mae([1, NaN], [1, 2])).toThrow(/targets\[1\]/);
  });
});
