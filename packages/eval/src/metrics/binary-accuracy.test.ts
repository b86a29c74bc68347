import { binaryAccuracy } from './binary-accuracy';

describe('binaryAccuracy', () => {
  it('thresholds probabilities at 0.5 by default (strictly greater is positive)', () => {
    // predictions: 0, 1, 0 (0.5 is not > 0.5), 1
    expect(binaryAccuracy([0, 1, 1, 0], [0.2, 0.7, 0.5, 0.9])).toBeCloseTo(2 / 4, 12);
  });

  it('uses the given threshold', () => {
    expect(binaryAccuracy([0, 1, 1, 0], [0.2, 0.7, 0.5, 0.9], 0.4)).toBeCloseTo(3 / 4, 12);
  });

  it('is NaN for no examples', () => {
    expect(binaryAccuracy([], [])).toBeNaN();
  });

  it('rejects bad labels and mismatched lengths', () => {
    expect(() => binaryAccuracy([0.5], [0.5])).toThrow(/labels\[0\]/);
    expect(() => binaryAccuracy([1, 0], [0.5])).toThrow(/probs: has length 1/);
  });
});
