import { tf, ready } from '@twotower/runtime';
import { inBatchSoftmax } from './in-batch-softmax';
import { numericGrad, values } from './test-utils';

beforeAll(() => ready({ backend: 'cpu', log: null }));

describe('inBatchSoftmax', () => {
  it('equals the hand-computed cross-entropy with the diagonal as positives', () => {
    const l = [[2, 0], [1, 3]];
    const expected = (-(2 - Math.log(Math.exp(2) + 1)) - (3 - Math.log(Math.exp(1) + Math.exp(3)))) / 2;
    const v = tf.tidy(() => inBatchSoftmax(tf.tensor2d(l)).dataSync()[0]!);
    expect(v).toBeCloseTo(expected, 5);
  });

  it('weights rows', () => {
    const v = tf.tidy(() => inBatchSoftmax(tf.tensor2d([[2, 0], [1, 3]]), tf.tensor1d([1, 0])).dataSync()[0]!);
    expect(v).toBeCloseTo(-(2 - Math.log(Math.exp(2) + 1)), 5);
  });

  it('accepts extra negative columns and rejects too few columns', () => {
    const v = tf.tidy(() => inBatchSoftmax(tf.tensor2d([[0, 0, 0]])).dataSync()[0]!);
    expect(v).toBeCloseTo(Math.log(3), 5);
    expect(() => inBatchSoftmax(tf.zeros([3, 2]) as tf.Tensor2D)).toThrow(/numCandidates >= batch/);
  });

  it('has the gradient softmax - onehot, divided by batch', () => {
    const x = [0.5, -1, 2, 0.3, 0.1, -0.4];
    const f = (v: number[]) => tf.tidy(() => inBatchSoftmax(tf.tensor2d(v, [2, 3])).dataSync()[0]!);
    const g = tf.tidy(() => values(tf.grad((t: tf.Tensor) => inBatchSoftmax(t as tf.Tensor2D))(tf.tensor2d(x, [2, 3]))));
    numericGrad(f, x).forEach((n, i) => expect(g[i]).toBeCloseTo(n, 3));
  });

  it('propagates NaN', () => {
    expect(Number.isNaN(tf.tidy(() => inBatchSoftmax(tf.tensor2d([[NaN, 0], [0, 0]])).dataSync()[0]!))).toBe(true);
  });

  it('leaks no tensor', () => {
    const l = tf.tensor2d([[1, 2], [3, 4]]);
    const before = tf.memory().numTensors;
    inBatchSoftmax(l).dispose();
    expect(tf.memory().numTensors).toBe(before);
    l.dispose();
  });
});
