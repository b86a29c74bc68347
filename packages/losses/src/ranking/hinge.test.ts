import { tf, ready } from '@twotower/runtime';
import { pairwiseHingeLoss } from './hinge';
import { numericGrad, values } from '../test-utils';

beforeAll(() => ready({ backend: 'cpu', log: null }));

describe('pairwiseHingeLoss', () => {
  it('equals the hand-computed max(0, margin − (s⁺ − s⁻))', () => {
    // pairs: 2−1=1 → 0; 0−0.5=−0.5 → 1.5; 3−(−1)=4 → 0; 0.2−0=0.2 → 0.8
    expect(tf.tidy(() => pairwiseHingeLoss(tf.tensor1d([2, 0]), tf.tensor1d([1, 0.5])).dataSync()[0]!)).toBeCloseTo(1.5 / 2, 6);
    expect(tf.tidy(() => pairwiseHingeLoss(tf.tensor1d([3, 0.2]), tf.tensor2d([[-1, 0], [0, 0]])).dataSync()[0]!)).toBeCloseTo(((0 + 0) / 2 + (0.8 + 0.8) / 2) / 2, 6);
  });

  it('takes a margin, weights and the sum', () => {
    expect(tf.tidy(() => pairwiseHingeLoss(tf.tensor1d([2, 0]), tf.tensor1d([1, 0.5]), { margin: 2 }).dataSync()[0]!)).toBeCloseTo((1 + 2.5) / 2, 6);
    expect(tf.tidy(() => pairwiseHingeLoss(tf.tensor1d([2, 0]), tf.tensor1d([1, 0.5]), { margin: 2, sampleWeights: Float32Array.of(1, 0) }).dataSync()[0]!)).toBeCloseTo(1, 6);
    expect(tf.tidy(() => pairwiseHingeLoss(tf.tensor1d([2, 0]), tf.tensor1d([1, 0.5]), { margin: 2, reduction: 'sum' }).dataSync()[0]!)).toBeCloseTo(3.5, 6);
    expect(() => pairwiseHingeLoss(tf.zeros([1]), tf.zeros([1]), { margin: NaN })).toThrow(/margin must be a finite number/);
  });

  it('has the gradient −1/(n·k) per violated pair, equal to finite differences away from the hinge', () => {
    const pos = [0.5, 2];
    const neg = [0.1, 0.4, -0.3, 1.7];
    const [gp, gn] = tf.tidy(() => tf.grads((p: tf.Tensor, n: tf.Tensor) => pairwiseHingeLoss(p, n))([tf.tensor1d(pos), tf.tensor2d(neg, [2, 2])]).map(values));
    // violated: (0.5,0.1), (0.5,0.4), (2,1.7); satisfied: (2,−0.3)
    expect(gp).toEqual([-0.5, -0.25].map((v) => expect.closeTo(v, 6)));
    expect(gn).toEqual([0.25, 0.25, 0, 0.25].map((v) => expect.closeTo(v, 6)));
    const fp = (v: number[]) => tf.tidy(() => pairwiseHingeLoss(tf.tensor1d(v), tf.tensor2d(neg, [2, 2])).dataSync()[0]!);
    numericGrad(fp, pos).forEach((n, i) => expect(gp![i]).toBeCloseTo(n, 3));
  });

  it('propagates NaN', () => {
    expect(Number.isNaN(tf.tidy(() => pairwiseHingeLoss(tf.tensor1d([NaN, 0]), tf.tensor1d([0, 0])).dataSync()[0]!))).toBe(true);
  });

  it('names the shapes at fault', () => {
    expect(() => pairwiseHingeLoss(tf.zeros([2, 1]), tf.zeros([3, 4]))).toThrow(/same 2 examples: positive \[2,1\], negative \[3,4\]/);
  });

  it('leaks no tensor', () => {
    const p = tf.tensor1d([1, 2]);
    const n = tf.tensor1d([2, 0]);
    const before = tf.memory().numTensors;
    pairwiseHingeLoss(p, n).dispose();
    tf.grad((a: tf.Tensor) => pairwiseHingeLoss(a, n))(p).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([p, n]);
  });
});
