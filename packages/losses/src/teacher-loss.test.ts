import { tf, ready } from '@twotower/runtime';
import { fusedRetrievalLoss } from './fused-retrieval-loss';
import type { RetrievalLossOptions } from './retrieval-loss';
import { randn2d, rng, values } from './test-utils';

const B = 5;
const N = 8;
const D = 3;
const r = rng(11);
const logq = Float32Array.from({ length: N }, () => Math.log(0.01 + r() * 0.2));
const positives = Int32Array.from([1, 2, 3, 1, 5]); // item 1 twice: an accidental hit
const candidates = Int32Array.from([1, 2, 3, 1, 5, 7, 2, 9]);
const weights = Float32Array.from([1, 2, 0.5, 1, 3]);
const teacherScores = Float32Array.from({ length: B * N }, () => r() * 3 - 1);

/** The soft-target cross-entropy from tf ops, its target computed here in plain numbers. */
function reference(q: tf.Tensor2D, c: tf.Tensor2D, o: RetrievalLossOptions): tf.Scalar {
  const T = o.temperature ?? 1;
  const qw = o.logQWeight ?? 1;
  const t = o.teacher!;
  const masked = (i: number, j: number) => j !== i && candidates[j] === positives[i];
  const target = new Float32Array(B * N);
  for (let i = 0; i < B; i++) {
    const live = Array.from({ length: N }, (_, j) => j).filter((j) => !masked(i, j));
    const s = live.map((j) => t.scores[i * N + j]!);
    const mean = s.reduce((a, b) => a + b, 0) / s.length;
    const sd = Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / s.length);
    const z = live.map((j, k) => (s[k]! - mean) / sd / t.temperature - qw * logq[j]!);
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const sum = e.reduce((a, b) => a + b, 0);
    live.forEach((j, k) => (target[i * N + j] = (t.weight * e[k]!) / sum));
    target[i * N + i]! += 1 - t.weight;
  }
  const mask = tf.tensor2d(Float32Array.from({ length: B * N }, (_, x) => (masked(Math.floor(x / N), x % N) ? -1e9 : 0)), [B, N]);
  const logits = tf.add(tf.sub(tf.div(tf.matMul(q, c, false, true), T), tf.mul(qw, tf.tensor1d(logq))), mask);
  const perRow = tf.neg(tf.sum(tf.mul(tf.tensor2d(target, [B, N]), tf.logSoftmax(logits)), 1));
  const w = tf.tensor1d(weights);
  return tf.div(tf.sum(tf.mul(perRow, w)), tf.sum(w)) as tf.Scalar;
}

describe('fusedRetrievalLoss with a teacher', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it.each([0.3, 1])('equals the soft-target cross-entropy and its gradients (teacher weight %p)', (weight) => {
    const options: RetrievalLossOptions = {
      temperature: 0.5,
      candidateLogProb: logq,
      logQWeight: 0.8,
      positiveIds: positives,
      candidateIds: candidates,
      sampleWeights: weights,
      teacher: { scores: teacherScores, temperature: 0.7, weight },
    };
    tf.tidy(() => {
      const q = randn2d(B, D, 1);
      const c = randn2d(N, D, 2);
      const want = tf.grads((a: tf.Tensor, b: tf.Tensor) => reference(a as tf.Tensor2D, b as tf.Tensor2D, options))([q, c]);
      const got = tf.grads((a: tf.Tensor, b: tf.Tensor) => fusedRetrievalLoss(a as tf.Tensor2D, b as tf.Tensor2D, options))([q, c]);
      expect(fusedRetrievalLoss(q, c, options).dataSync()[0]).toBeCloseTo(reference(q, c, options).dataSync()[0]!, 4);
      for (let k = 0; k < 2; k++) values(got[k]!).forEach((v, i) => expect(v).toBeCloseTo(values(want[k]!)[i]!, 4));
    });
  });

  it('with weight 0 is the loss without a teacher', () => {
    const base: RetrievalLossOptions = { temperature: 0.5, candidateLogProb: logq, positiveIds: positives, candidateIds: candidates };
    tf.tidy(() => {
      const q = randn2d(B, D, 1);
      const c = randn2d(N, D, 2);
      const plain = fusedRetrievalLoss(q, c, base).dataSync()[0]!;
      expect(fusedRetrievalLoss(q, c, { ...base, teacher: { scores: teacherScores, temperature: 1, weight: 0 } }).dataSync()[0]).toBeCloseTo(plain, 5);
    });
  });

  it('refuses teacher scores of the wrong size, a bad temperature or weight', () => {
    tf.tidy(() => {
      const q = randn2d(B, D, 1);
      const c = randn2d(N, D, 2);
      expect(() => fusedRetrievalLoss(q, c, { teacher: { scores: new Float32Array(3), temperature: 1, weight: 0.5 } })).toThrow('options.teacher.scores has length 3, expected batch × candidates = 40');
      expect(() => fusedRetrievalLoss(q, c, { teacher: { scores: teacherScores, temperature: 0, weight: 0.5 } })).toThrow('options.teacher.temperature must be a positive finite number, got 0');
      expect(() => fusedRetrievalLoss(q, c, { teacher: { scores: teacherScores, temperature: 1, weight: 1.5 } })).toThrow('options.teacher.weight must be in [0, 1], got 1.5');
    });
  });
});
