import { tf, ready } from '@twotower/runtime';
import { meanSquaredError } from './mean-squared-error';
import { numericGrad, values } from '../test-utils';

beforeAll(() => ready({ backend: 'cpu', log: null }));

describe('meanSquaredError', () => {
  it('equals the hand-computed mean of squared differences', () => {
    // (3.5-4)² + (2-1)² + (5-5)² = 0.25 + 1 + 0
    expect(tf.tidy(() => meanSquaredError(tf.tensor2d([3.5, 2, 5], [3, 1]), tf.tensor1d([4, 1, 5])).dataSync()[0]!)).toBeCloseTo(1.25 / 3, 6);
    expect(tf.tidy(() => meanSquaredError(tf.tensor1d([3.5, 2, 5]), tf.tensor1d([4, 1, 5]), { reduction: 'sum' }).dataSync()[0]!)).toBeCloseTo(1.25, 6);
  });

  it('weights examples', () => {
    const v = tf.tidy(() => meanSquaredError(tf.tensor1d([3.5, 2, 5]), tf.tensor1d([4, 1, 0]), { sampleWeights: Float32Array.of(2, 2, 0) }).dataSync()[0]!);
    expect(v).toBeCloseTo((2 * 0.25 + 2 * 1) / 4, 6);
  });

  it('has the gradient 2(p − t)/n, equal to finite differences', () => {
    const p = [3.5, 2, 5, -1];
    const t = [4, 1, 5, 0];
    const g = tf.tidy(() => values(tf.grad((x: tf.Tensor) => meanSquaredError(x, tf.tensor1d(t)))(tf.tensor1d(p))));
    p.forEach((pi, i) => expect(g[i]).toBeCloseTo((2 * (pi - t[i]!)) / 4, 6));
    const f = (v: number[]) => tf.tidy(() => meanSquaredError(tf.tensor1d(v), tf.tensor1d(t)).dataSync()[0]!);
    numericGrad(f, p).forEach((n, i) => expect(g[i]).toBeCloseTo(n, 2));
  });

  it('propagates NaN', () => {
    expect(Number.isNaN(tf.tidy(() => meanSquaredError(tf.tensor1d([1, 2]), tf.tensor1d([NaN, 0])).dataSync()[0]!))).toBe(true);
  });

  it('names the shapes at fault', () => {
    expect(() => meanSquaredError(tf.zeros([2, 2]), tf.zeros([2]))).toThrow(/predictions must be \[n\] or \[n, 1\], got \[2,2\]/);
    expect(() => meanSquaredError(tf.zeros([2]), tf.zeros([5, 1]))).toThrow(/predictions \[2\] and targets \[5,1\]/);
  });

  it('leaks no tensor', () => {
    const p = tf.tensor1d([1, 2]);
    const t = tf.tensor1d([0, 0]);
    const before = tf.memory().numTensors;
    meanSquaredError(p, t, { sampleWeights: Float32Array.of(1, 1) }).dispose();
    tf.grad((x: tf.Tensor) => meanSquaredError(x, t))(p).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([p, t]);
  });
});
