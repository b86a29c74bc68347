import { tf, ready } from '@twotower/runtime';
import { listwiseSoftmaxLoss } from './listwise-softmax';
import { numericGrad, values } from '../test-utils';

beforeAll(() => ready({ backend: 'cpu', log: null }));

const logSumExp = (xs: number[]) => Math.log(xs.reduce((a, x) => a + Math.exp(x), 0));

describe('listwiseSoftmaxLoss', () => {
  it('equals the hand-computed cross-entropy with binary and graded labels', () => {
    const s = [[1, 2, 0], [0.5, -1, 3]];
    // list 0: one positive (entry 1); list 1: graded 2 and 1 → p = [2/3, 0, 1/3]
    const l0 = -(2 - logSumExp(s[0]!));
    const l1 = -((2 / 3) * (0.5 - logSumExp(s[1]!)) + (1 / 3) * (3 - logSumExp(s[1]!)));
    const v = tf.tidy(() => listwiseSoftmaxLoss(tf.tensor2d(s), tf.tensor2d([[0, 1, 0], [2, 0, 1]])).dataSync()[0]!);
    expect(v).toBeCloseTo((l0 + l1) / 2, 6);
    const sum = tf.tidy(() => listwiseSoftmaxLoss(tf.tensor2d(s), tf.tensor2d([[0, 1, 0], [2, 0, 1]]), { reduction: 'sum', listWeights: Float32Array.of(2, 1) }).dataSync()[0]!);
    expect(sum).toBeCloseTo(2 * l0 + l1, 5);
  });

  it('ignores padded entries whatever their score or label, and lists without a positive', () => {
    const s = [[1, 2, 999], [0, 0, 0], [4, NaN, -2]];
    const y = [[0, 1, 5], [0, 0, 0], [1, 7, 0]];
    const mask = [[1, 1, 0], [1, 1, 1], [1, 0, 1]];
    const l0 = -(2 - logSumExp([1, 2]));
    const l2 = -(4 - logSumExp([4, -2]));
    const v = tf.tidy(() => listwiseSoftmaxLoss(tf.tensor2d(s), tf.tensor2d(y), { mask: tf.tensor2d(mask) }).dataSync()[0]!);
    expect(v).toBeCloseTo((l0 + l2) / 2, 5);
    const vb = tf.tidy(() => listwiseSoftmaxLoss(tf.tensor2d(s), tf.tensor2d(y), { mask: tf.tensor2d(mask, undefined, 'bool') }).dataSync()[0]!);
    expect(vb).toBeCloseTo(v, 6);
    // nothing to learn from: 0, not NaN
    expect(tf.tidy(() => listwiseSoftmaxLoss(tf.tensor2d([[1, 2]]), tf.tensor2d([[0, 0]])).dataSync()[0]!)).toBe(0);
  });

  it('has the gradient (softmax − p)/lists, equal to finite differences, zero on padding', () => {
    const s = [0.3, -0.2, 1.1, 0.4, 0.9, -0.7];
    const y = tf.tensor2d([[1, 0, 2], [0, 1, 0]]);
    const mask = tf.tensor2d([[1, 1, 1], [1, 1, 0]]);
    const g = tf.tidy(() => values(tf.grad((t: tf.Tensor) => listwiseSoftmaxLoss(t as tf.Tensor2D, y, { mask }))(tf.tensor2d(s, [2, 3]))));
    const e0 = [0.3, -0.2, 1.1].map(Math.exp);
    const z0 = e0.reduce((a, b) => a + b, 0);
    const p0 = [1 / 3, 0, 2 / 3];
    e0.forEach((e, j) => expect(g[j]).toBeCloseTo((e / z0 - p0[j]!) / 2, 6));
    expect(g[5]).toBe(0);
    const f = (v: number[]) => tf.tidy(() => listwiseSoftmaxLoss(tf.tensor2d(v, [2, 3]), y, { mask }).dataSync()[0]!);
    numericGrad(f, s).forEach((n, i) => expect(g[i]).toBeCloseTo(n, 3));
    tf.dispose([y, mask]);
  });

  it('propagates NaN from a real entry', () => {
    expect(Number.isNaN(tf.tidy(() => listwiseSoftmaxLoss(tf.tensor2d([[NaN, 1]]), tf.tensor2d([[1, 0]])).dataSync()[0]!))).toBe(true);
  });

  it('names the shapes at fault', () => {
    const s = tf.zeros([2, 3]) as tf.Tensor2D;
    expect(() => listwiseSoftmaxLoss(tf.zeros([6]) as unknown as tf.Tensor2D, s)).toThrow(/scores must be \[lists, listSize\], got \[6\]/);
    expect(() => listwiseSoftmaxLoss(s, tf.zeros([3, 2]) as tf.Tensor2D)).toThrow(/labels must have the shape of scores \[2,3\], got \[3,2\]/);
    expect(() => listwiseSoftmaxLoss(s, s, { mask: tf.zeros([2, 2]) as tf.Tensor2D })).toThrow(/mask must have the shape of scores \[2,3\], got \[2,2\]/);
    expect(() => listwiseSoftmaxLoss(s, s, { listWeights: new Float32Array(3) })).toThrow(/listWeights must be \[2\].*got \[3\]/);
  });

  it('leaks no tensor', () => {
    const s = tf.tensor2d([[1, 2], [3, 4]]);
    const y = tf.tensor2d([[1, 0], [0, 2]]);
    const mask = tf.tensor2d([[1, 1], [1, 0]]);
    const before = tf.memory().numTensors;
    listwiseSoftmaxLoss(s, y, { mask, listWeights: Float32Array.of(1, 2) }).dispose();
    tf.grad((t: tf.Tensor) => listwiseSoftmaxLoss(t as tf.Tensor2D, y, { mask }))(s).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([s, y, mask]);
  });
});
