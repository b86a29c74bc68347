import { tf, ready } from '@twotower/runtime';
import { bprLoss } from './bpr';
import { numericGrad, values } from '../test-utils';

beforeAll(() => ready({ backend: 'cpu', log: null }));

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('bprLoss', () => {
  it('equals the hand-computed −log σ(s⁺ − s⁻) with one negative per example', () => {
    const v = tf.tidy(() => bprLoss(tf.tensor1d([2, 0]), tf.tensor1d([1, 0.5])).dataSync()[0]!);
    expect(v).toBeCloseTo((-Math.log(sigmoid(1)) - Math.log(sigmoid(-0.5))) / 2, 6);
  });

  it('averages over k negatives per example, then weights examples', () => {
    const pos = [1, 3];
    const neg = [[0, 2], [3, -1]];
    const row0 = (-Math.log(sigmoid(1)) - Math.log(sigmoid(-1))) / 2;
    const row1 = (-Math.log(sigmoid(0)) - Math.log(sigmoid(4))) / 2;
    expect(tf.tidy(() => bprLoss(tf.tensor2d(pos, [2, 1]), tf.tensor2d(neg)).dataSync()[0]!)).toBeCloseTo((row0 + row1) / 2, 6);
    expect(tf.tidy(() => bprLoss(tf.tensor1d(pos), tf.tensor2d(neg), { sampleWeights: Float32Array.of(3, 1) }).dataSync()[0]!)).toBeCloseTo((3 * row0 + row1) / 4, 6);
    expect(tf.tidy(() => bprLoss(tf.tensor1d(pos), tf.tensor2d(neg), { reduction: 'sum' }).dataSync()[0]!)).toBeCloseTo(row0 + row1, 6);
  });

  it('stays finite when the negative leads by far', () => {
    expect(tf.tidy(() => bprLoss(tf.tensor1d([-100]), tf.tensor1d([100])).dataSync()[0]!)).toBeCloseTo(200, 3);
  });

  it('has the gradient −σ(s⁻ − s⁺)/(n·k) for positives, equal to finite differences for both inputs', () => {
    const pos = [0.5, -0.2];
    const neg = [0.1, 0.4, -0.3, 1.2];
    const [gp, gn] = tf.tidy(() => tf.grads((p: tf.Tensor, n: tf.Tensor) => bprLoss(p, n))([tf.tensor1d(pos), tf.tensor2d(neg, [2, 2])]).map(values));
    expect(gp![0]).toBeCloseTo(-(sigmoid(0.1 - 0.5) + sigmoid(0.4 - 0.5)) / 4, 6);
    const fp = (v: number[]) => tf.tidy(() => bprLoss(tf.tensor1d(v), tf.tensor2d(neg, [2, 2])).dataSync()[0]!);
    const fn = (v: number[]) => tf.tidy(() => bprLoss(tf.tensor1d(pos), tf.tensor2d(v, [2, 2])).dataSync()[0]!);
    numericGrad(fp, pos).forEach((n, i) => expect(gp![i]).toBeCloseTo(n, 3));
    numericGrad(fn, neg).forEach((n, i) => expect(gn![i]).toBeCloseTo(n, 3));
  });

  it('propagates NaN', () => {
    expect(Number.isNaN(tf.tidy(() => bprLoss(tf.tensor1d([1, 0]), tf.tensor1d([NaN, 0])).dataSync()[0]!))).toBe(true);
  });

  it('names the shapes at fault', () => {
    expect(() => bprLoss(tf.zeros([3]), tf.zeros([2]))).toThrow(/same 3 examples: positive \[3\], negative \[2\]/);
    expect(() => bprLoss(tf.zeros([3]), tf.zeros([3, 2, 1]))).toThrow(/negative must be \[n\] or \[n, k\], got \[3,2,1\]/);
    expect(() => bprLoss(tf.zeros([3, 2]), tf.zeros([3]))).toThrow(/positive must be \[n\] or \[n, 1\], got \[3,2\]/);
  });

  it('leaks no tensor', () => {
    const p = tf.tensor1d([1, 2]);
    const n = tf.tensor2d([[0, 1], [2, 3]]);
    const before = tf.memory().numTensors;
    bprLoss(p, n).dispose();
    tf.grads((a: tf.Tensor, b: tf.Tensor) => bprLoss(a, b))([p, n]).forEach((g) => g.dispose());
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([p, n]);
  });
});
