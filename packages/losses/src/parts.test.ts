import { tf, ready } from '@twotower/runtime';
import { applyTemperature } from './temperature';
import { logQCorrection, logSamplingProbabilities } from './logq-correction';
import { removeAccidentalHits, MASKED_LOGIT } from './remove-accidental-hits';
import { hardNegativeMining } from './hard-negative-mining';
import { sampleUniformNegatives, uniformLogProbability } from './sampled-negatives';
import { inBatchSoftmax } from './in-batch-softmax';
import { numericGrad, rng, values } from './test-utils';

beforeAll(() => ready({ backend: 'cpu', log: null }));

describe('temperature', () => {
  it('divides, and rejects non-positive values', () => {
    expect(tf.tidy(() => values(applyTemperature(tf.tensor2d([[1, -2]]), 0.5)))).toEqual([2, -4]);
    expect(() => applyTemperature(tf.zeros([1, 1]) as tf.Tensor2D, 0)).toThrow(/positive finite/);
  });
});

describe('logQ correction', () => {
  it('subtracts the weighted log probability per column', () => {
    const out = tf.tidy(() => values(logQCorrection(tf.tensor2d([[1, 1], [0, 0]]), tf.tensor1d([Math.log(0.5), Math.log(0.25)]), 0.5)));
    expect(out[0]).toBeCloseTo(1 - 0.5 * Math.log(0.5), 5);
    expect(out[3]).toBeCloseTo(-0.5 * Math.log(0.25), 5);
  });
  it('turns counts into log probabilities with a floor of one count', () => {
    const lp = logSamplingProbabilities([3, 1, 0]);
    expect(lp[0]).toBeCloseTo(Math.log(3 / 5), 6);
    expect(lp[2]).toBeCloseTo(Math.log(1 / 5), 6);
  });
  it('passes the gradient through unchanged', () => {
    const g = tf.tidy(() => values(tf.grad((x: tf.Tensor) => tf.sum(logQCorrection(x as tf.Tensor2D, tf.tensor1d([1, 2]))))(tf.zeros([2, 2]))));
    expect(g).toEqual([1, 1, 1, 1]);
  });
  it('names a length mismatch', () => {
    expect(() => logQCorrection(tf.zeros([2, 3]) as tf.Tensor2D, tf.zeros([2]) as tf.Tensor1D)).toThrow(/2 entries but logits have 3 columns/);
  });
});

describe('removeAccidentalHits', () => {
  it('masks other columns holding the same item, never the positive', () => {
    // row 0's positive is item 7, which also sits in column 2
    const out = tf.tidy(() => values(removeAccidentalHits(tf.tensor2d([[1, 2, 3], [4, 5, 6]]), tf.tensor1d([7, 8], 'int32'), tf.tensor1d([7, 8, 7], 'int32'))));
    expect(out).toEqual([1, 2, MASKED_LOGIT, 4, 5, 6]);
  });
  it('gives masked columns zero gradient', () => {
    const g = tf.tidy(() => values(tf.grad((x: tf.Tensor) => inBatchSoftmax(removeAccidentalHits(x as tf.Tensor2D, tf.tensor1d([7, 8], 'int32'), tf.tensor1d([7, 8, 7], 'int32'))))(tf.zeros([2, 3]))));
    expect(g[2]).toBe(0);
    expect(g[5]).not.toBe(0);
  });
});

describe('hardNegativeMining', () => {
  it('keeps the positive and the k best negatives', () => {
    const out = tf.tidy(() => values(hardNegativeMining(tf.tensor2d([[0, 5, 1, 4], [9, 0, 8, 2]]), 2)));
    expect(out).toEqual([0, 5, MASKED_LOGIT, 4, 9, 0, 8, MASKED_LOGIT]);
  });
  it('equals the loss over the gathered [batch, k+1] logits', () => {
    const l = [[0, 5, 1, 4], [9, 0, 8, 2]];
    const v = tf.tidy(() => inBatchSoftmax(hardNegativeMining(tf.tensor2d(l), 2)).dataSync()[0]!);
    const lse = (xs: number[]) => Math.log(xs.reduce((a, x) => a + Math.exp(x), 0));
    expect(v).toBeCloseTo(((lse([0, 5, 4]) - 0) + (lse([0, 9, 8]) - 0)) / 2, 4);
  });
  it('has a gradient matching finite differences', () => {
    const x = [0.1, 0.9, -0.3, 0.5, 0.2, -0.7, 0.05, 0.6, 0.4];
    const f = (v: number[]) => tf.tidy(() => inBatchSoftmax(hardNegativeMining(tf.tensor2d(v, [3, 3]), 1)).dataSync()[0]!);
    const g = tf.tidy(() => values(tf.grad((t: tf.Tensor) => inBatchSoftmax(hardNegativeMining(t as tf.Tensor2D, 1)))(tf.tensor2d(x, [3, 3]))));
    numericGrad(f, x, 1e-4).forEach((n, i) => expect(g[i]).toBeCloseTo(n, 3));
  });
  it('rejects k < 1', () => {
    expect(() => hardNegativeMining(tf.zeros([2, 2]) as tf.Tensor2D, 0)).toThrow(/k must be an integer >= 1/);
  });
});

describe('uniform sampled negatives', () => {
  it('draws ids in range, reproducibly', () => {
    const a = sampleUniformNegatives(10, 1000, rng(1));
    const b = sampleUniformNegatives(10, 1000, rng(1));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Math.min(...a)).toBe(0);
    expect(Math.max(...a)).toBe(9);
    expect(uniformLogProbability(100, 10)).toBeCloseTo(Math.log(0.1), 6);
  });
});
