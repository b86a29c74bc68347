import { tf, ready } from '@twotower/runtime';
import { binaryCrossEntropy } from './binary-cross-entropy';
import { numericGrad, values } from '../test-utils';

beforeAll(() => ready({ backend: 'cpu', log: null }));

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const bce = (x: number, y: number) => -(y * Math.log(sigmoid(x)) + (1 - y) * Math.log(1 - sigmoid(x)));

describe('binaryCrossEntropy', () => {
  it('equals the hand-computed cross-entropy of the sigmoid, [n] and [n, 1] alike', () => {
    const x = [2, -1, 0.5, 0];
    const y = [1, 0, 0, 1];
    const expected = x.reduce((a, xi, i) => a + bce(xi, y[i]!), 0) / 4;
    expect(tf.tidy(() => binaryCrossEntropy(tf.tensor1d(x), tf.tensor1d(y)).dataSync()[0]!)).toBeCloseTo(expected, 6);
    expect(tf.tidy(() => binaryCrossEntropy(tf.tensor2d(x, [4, 1]), tf.tensor1d(y, 'int32')).dataSync()[0]!)).toBeCloseTo(expected, 6);
    expect(tf.tidy(() => binaryCrossEntropy(tf.tensor1d([0]), tf.tensor1d([1])).dataSync()[0]!)).toBeCloseTo(Math.log(2), 6);
  });

  it('weights examples (weighted mean) and sums', () => {
    const x = [2, -1, 0.5];
    const y = [1, 0, 0];
    const w = [1, 3, 0];
    const expected = (bce(2, 1) + 3 * bce(-1, 0)) / 4;
    expect(tf.tidy(() => binaryCrossEntropy(tf.tensor1d(x), tf.tensor1d(y), { sampleWeights: Float32Array.from(w) }).dataSync()[0]!)).toBeCloseTo(expected, 6);
    expect(tf.tidy(() => binaryCrossEntropy(tf.tensor1d(x), tf.tensor1d(y), { sampleWeights: tf.tensor1d(w), reduction: 'sum' }).dataSync()[0]!)).toBeCloseTo(expected * 4, 5);
    expect(tf.tidy(() => binaryCrossEntropy(tf.tensor1d(x), tf.tensor1d(y), { sampleWeights: new Float32Array(3) }).dataSync()[0]!)).toBe(0);
  });

  it('stays finite for large logits (stable form)', () => {
    const v = tf.tidy(() => values(tf.stack([
      binaryCrossEntropy(tf.tensor1d([200]), tf.tensor1d([0])),
      binaryCrossEntropy(tf.tensor1d([-200]), tf.tensor1d([1])),
      binaryCrossEntropy(tf.tensor1d([200]), tf.tensor1d([1])),
    ])));
    expect(v[0]).toBeCloseTo(200, 3);
    expect(v[1]).toBeCloseTo(200, 3);
    expect(v[2]).toBeCloseTo(0, 6);
  });

  it('has the gradient (σ(x) − y) / n, equal to finite differences, also at x = 0', () => {
    const x = [0.7, -1.2, 0, 2.5];
    const y = [1, 0, 1, 0.3];
    const g = tf.tidy(() => values(tf.grad((t: tf.Tensor) => binaryCrossEntropy(t, tf.tensor1d(y)))(tf.tensor1d(x))));
    x.forEach((xi, i) => expect(g[i]).toBeCloseTo((sigmoid(xi) - y[i]!) / 4, 6));
    const f = (v: number[]) => tf.tidy(() => binaryCrossEntropy(tf.tensor1d(v), tf.tensor1d(y)).dataSync()[0]!);
    numericGrad(f, x).forEach((n, i) => expect(g[i]).toBeCloseTo(n, 3));
    const w = Float32Array.of(1, 2, 0, 1);
    const gw = tf.tidy(() => values(tf.grad((t: tf.Tensor) => binaryCrossEntropy(t, tf.tensor1d(y), { sampleWeights: w }))(tf.tensor1d(x))));
    x.forEach((xi, i) => expect(gw[i]).toBeCloseTo((w[i]! * (sigmoid(xi) - y[i]!)) / 4, 6));
  });

  it('matches on wasm', async () => {
    await ready({ backend: 'wasm', log: null });
    try {
      const v = tf.tidy(() => binaryCrossEntropy(tf.tensor1d([2, -1, 0]), tf.tensor1d([1, 0, 1])).dataSync()[0]!);
      expect(v).toBeCloseTo((bce(2, 1) + bce(-1, 0) + bce(0, 1)) / 3, 5);
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it('propagates NaN', () => {
    expect(Number.isNaN(tf.tidy(() => binaryCrossEntropy(tf.tensor1d([NaN, 1]), tf.tensor1d([1, 0])).dataSync()[0]!))).toBe(true);
  });

  it('names the shapes at fault', () => {
    expect(() => binaryCrossEntropy(tf.zeros([3, 2]), tf.zeros([3]))).toThrow(/logits must be \[n\] or \[n, 1\], got \[3,2\]/);
    expect(() => binaryCrossEntropy(tf.zeros([3]), tf.zeros([4]))).toThrow(/logits \[3\] and labels \[4\] must hold the same number of examples/);
    expect(() => binaryCrossEntropy(tf.zeros([3]), tf.zeros([3]), { sampleWeights: new Float32Array(2) })).toThrow(/sampleWeights must be \[3\].*got \[2\]/);
    expect(() => binaryCrossEntropy(tf.zeros([3]), tf.zeros([3]), { reduction: 'max' as 'sum' })).toThrow(/reduction must be 'mean' or 'sum'/);
  });

  it('leaks no tensor', () => {
    const x = tf.tensor1d([1, 2]);
    const y = tf.tensor1d([0, 1]);
    const before = tf.memory().numTensors;
    binaryCrossEntropy(x, y, { sampleWeights: Float32Array.of(1, 2) }).dispose();
    tf.grad((t: tf.Tensor) => binaryCrossEntropy(t, y))(x).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });
});
