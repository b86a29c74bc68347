import { logLoss } from './log-loss';

describe('logLoss', () => {
  it('is the mean binary cross-entropy (hand-computed)', () => {
    const expected = -(Math.log(0.8) + Math.log(1 - 0.4)) / 2;
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo(expected, 12);
  });

  it('accepts soft labels', () => {
    expect(logLoss([0.5], [0.5])).toBeCloseTo(Math.log(2), 12);
  });

  it('clips probabilities so that confident mistakes stay finite', () => {
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-7), 6);
    expect(logLoss([0], [1], 1e-3)).toBeCloseTo(-Math.log(1e-3), 9);
  });

  it('is NaN for no examples and rejects labels outside [0, 1] and a bad eps', () => {
    expect(logLoss([], [])).toBeNaN();
    expect(() => logLoss([2], [0.5])).toThrow(/labels\[0\]/);
    expect(() => logLoss([1], [0.5], 0)).toThrow(/eps/);
  });
});
