import { tf, ready } from '@twotower/runtime';
import { retrievalLoss, type RetrievalLossOptions } from './retrieval-loss';
import { fusedRetrievalLoss } from './fused-retrieval-loss';
import { randn2d, rng, values } from './test-utils';

const B = 6;
const N = 9; // 3 extra sampled negatives
const D = 4;
const r = rng(3);
const logq = Float32Array.from({ length: N }, () => Math.log(0.01 + r() * 0.2));
const positives = Int32Array.from([1, 2, 3, 1, 5, 6]); // item 1 twice: an accidental hit
const candidates = Int32Array.from([1, 2, 3, 1, 5, 6, 2, 9, 1]);
const weights = Float32Array.from([1, 2, 0.5, 1, 1, 3]);
// row 0 masks columns 2 and 7, row 3 its own positive (kept) and column 5, row 5 column 0
const masked = { offsets: Int32Array.from([0, 2, 2, 2, 4, 4, 5]), columns: Int32Array.from([2, 7, 3, 5, 0]) };

const cases: [string, RetrievalLossOptions][] = [
  ['plain', {}],
  ['temperature', { temperature: 0.2 }],
  ['logQ', { candidateLogProb: logq, logQWeight: 0.7 }],
  ['accidental hits', { positiveIds: positives, candidateIds: candidates }],
  ['hard negatives', { hardNegatives: 3 }],
  ['weights', { sampleWeights: weights }],
  ['sum reduction', { reduction: 'sum', sampleWeights: weights, temperature: 0.5 }],
  ['extra candidates only (full softmax)', { inBatchNegatives: false, positiveIds: positives, candidateIds: candidates, temperature: 0.5 }],
  ['masked columns', { maskedColumns: masked, temperature: 0.5 }],
  ['masked columns with accidental hits and logQ', { maskedColumns: masked, positiveIds: positives, candidateIds: candidates, candidateLogProb: logq }],
  ['everything', { temperature: 0.3, candidateLogProb: logq, positiveIds: positives, candidateIds: candidates, hardNegatives: 4, sampleWeights: weights }],
];

describe.each(['cpu', 'wasm'])('fusedRetrievalLoss on %s', (backend) => {
  beforeAll(async () => {
    await ready({ backend: backend as 'cpu' | 'wasm', log: null });
  });

  it.each(cases)('equals the composed loss and its gradients (%s)', (_name, options) => {
    tf.tidy(() => {
      const q = randn2d(B, D, 1);
      const c = randn2d(N, D, 2);
      const composed = tf.grads((a: tf.Tensor, b: tf.Tensor) => retrievalLoss(a as tf.Tensor2D, b as tf.Tensor2D, options))([q, c]);
      const fused = tf.grads((a: tf.Tensor, b: tf.Tensor) => fusedRetrievalLoss(a as tf.Tensor2D, b as tf.Tensor2D, options))([q, c]);
      const lc = retrievalLoss(q, c, options).dataSync()[0]!;
      const lf = fusedRetrievalLoss(q, c, options).dataSync()[0]!;
      expect(lf).toBeCloseTo(lc, 4);
      for (let k = 0; k < 2; k++) {
        const a = values(fused[k]!);
        const b = values(composed[k]!);
        a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 4));
      }
    });
  });

  it('without in-batch negatives, row i is a softmax over its positive and the extra candidates that are not its item', () => {
    tf.tidy(() => {
      const q = randn2d(B, D, 1);
      const c = randn2d(N, D, 2);
      const s = tf.matMul(q, c, false, true).arraySync() as number[][];
      let expected = 0;
      for (let i = 0; i < B; i++) {
        const cols = [i, ...Array.from({ length: N - B }, (_, k) => B + k).filter((j) => candidates[j] !== positives[i])];
        const z = cols.map((j) => s[i]![j]!);
        const m = Math.max(...z);
        expected += -(z[0]! - m - Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0)));
      }
      const got = fusedRetrievalLoss(q, c, { inBatchNegatives: false, positiveIds: positives, candidateIds: candidates }).dataSync()[0]!;
      expect(got).toBeCloseTo(expected / B, 5);
    });
  });

  it('a masked column is no negative of its row: the row puts no weight on it', () => {
    tf.tidy(() => {
      const q = randn2d(B, D, 1);
      const c = randn2d(N, D, 2);
      // with only row 0 in the loss (weights), candidate 2 gets a gradient only through row 0's softmax
      const only0 = Float32Array.from([1, 0, 0, 0, 0, 0]);
      const [, dc] = tf.grads((a: tf.Tensor, b: tf.Tensor) => fusedRetrievalLoss(a as tf.Tensor2D, b as tf.Tensor2D, { sampleWeights: only0, maskedColumns: masked }))([q, c]);
      const g = dc!.arraySync() as number[][];
      for (const j of [2, 7]) expect(g[j]!.every((v) => v === 0)).toBe(true);
      expect(g[1]!.some((v) => v !== 0)).toBe(true);
    });
  });

  it('leaks no tensor across training steps', () => {
    const q = tf.variable(randn2d(B, D, 1));
    const c = tf.variable(randn2d(N, D, 2));
    const opt = tf.train.adagrad(0.1);
    const step = () => opt.minimize(() => fusedRetrievalLoss(q, c, { temperature: 0.5 }));
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    // and evaluation without gradients leaks nothing either
    tf.tidy(() => { fusedRetrievalLoss(q, c); });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([q, c]);
  });

  it('names mismatched option lengths', () => {
    tf.tidy(() => {
      expect(() => fusedRetrievalLoss(randn2d(2, 2, 1), randn2d(3, 2, 2), { candidateLogProb: new Float32Array(2) })).toThrow(/candidateLogProb has length 2, expected 3/);
      expect(() => fusedRetrievalLoss(randn2d(3, 2, 1), randn2d(2, 2, 2))).toThrow(/at least as many candidates/);
      expect(() => fusedRetrievalLoss(randn2d(2, 2, 1), randn2d(3, 2, 2), { maskedColumns: { offsets: Int32Array.from([0, 1, 1]), columns: Int32Array.from([3]) } })).toThrow(/maskedColumns names column 3, outside 0..2/);
    });
  });
});
