/* eslint-disable @typescript-eslint/no-explicit-any -- tfjs types customGrad loosely */
import { tf, matMulABt } from '@twotower/runtime';
import type { RetrievalLossOptions, RetrievalTeacher } from './retrieval-loss';
import { softmaxRows } from './softmax-rows';
import { lossPool } from './parallel/loss-pool';
import { rowPool } from './parallel/row-pool';
import { readInto } from './read-into';

function validate(batch: number, n: number, options: RetrievalLossOptions): number {
  if (n < batch) throw new Error(`fusedRetrievalLoss: need at least as many candidates (${n}) as queries (${batch}): candidate i is query i's positive`);
  const check = (name: string, arr: ArrayLike<number> | undefined, len: number) => {
    if (arr && arr.length !== len) throw new Error(`fusedRetrievalLoss: options.${name} has length ${arr.length}, expected ${len}`);
  };
  check('candidateLogProb', options.candidateLogProb, n);
  check('candidateIds', options.candidateIds, n);
  check('positiveIds', options.positiveIds, batch);
  check('sampleWeights', options.sampleWeights, batch);
  const m = options.maskedColumns;
  if (m) {
    check('maskedColumns.offsets', m.offsets, batch + 1);
    if (m.offsets[batch] !== m.columns.length) throw new Error(`fusedRetrievalLoss: options.maskedColumns.offsets ends at ${m.offsets[batch]}, but columns has length ${m.columns.length}`);
    for (const j of m.columns) if (!(j >= 0 && j < n)) throw new Error(`fusedRetrievalLoss: options.maskedColumns names column ${j}, outside 0..${n - 1}`);
  }
  if (options.reduction !== undefined && options.reduction !== 'mean' && options.reduction !== 'sum') {
    throw new Error(`fusedRetrievalLoss: options.reduction must be 'mean' or 'sum', got '${String(options.reduction)}'`);
  }
  if (options.reduction === 'sum') return 1;
  let total = batch;
  if (options.sampleWeights) {
    total = 0;
    for (let i = 0; i < batch; i++) total += options.sampleWeights[i]!;
    if (!(total > 0)) throw new Error('fusedRetrievalLoss: sampleWeights must sum to a positive number');
  }
  return total;
}

function checkTeacher(t: RetrievalTeacher, batch: number, n: number): void {
  if (t.scores.length !== batch * n) throw new Error(`fusedRetrievalLoss: options.teacher.scores has length ${t.scores.length}, expected batch × candidates = ${batch * n}`);
  if (!(t.temperature > 0 && Number.isFinite(t.temperature))) throw new Error(`fusedRetrievalLoss: options.teacher.temperature must be a positive finite number, got ${t.temperature}`);
  if (!(t.weight >= 0 && t.weight <= 1)) throw new Error(`fusedRetrievalLoss: options.teacher.weight must be in [0, 1], got ${t.weight}`);
}

/** The loss on this thread alone (a teacher's scores are not shared with the workers). */
function onMainThread(q: tf.Tensor2D, c: tf.Tensor2D, batch: number, n: number, options: RetrievalLossOptions, totalWeight: number, save: tf.GradSaveFunc) {
  const s = matMulABt(q, c);
  const scores = s.dataSync() as Float32Array;
  s.dispose();
  const grad = new Float32Array(batch * n);
  const lossSum = softmaxRows(scores, batch, n, 0, batch, options, totalWeight, grad);
  const g = tf.tensor2d(grad, [batch, n]);
  return withScoreGradients(q, c, g, tf.transpose(g) as tf.Tensor2D, lossSum / totalWeight, save);
}

/**
 * The loss value and its backward pass from `G = dLoss/dScores` `[batch × n]` and its transpose:
 * `dq = G · c`, `dc = Gᵀ · q` (two untransposed products).
 */
function withScoreGradients(q: tf.Tensor2D, c: tf.Tensor2D, g: tf.Tensor2D, gT: tf.Tensor2D, loss: number, save: tf.GradSaveFunc) {
  save([q, c, g, gT]);
  return {
    value: tf.scalar(loss),
    gradFunc: (dy: tf.Scalar, saved: tf.Tensor[]) => {
      const [sq, sc, sg, sgT] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      return [tf.mul(tf.matMul(sg, sc), dy), tf.mul(tf.matMul(sgT, sq), dy)];
    },
  };
}

/**
 * The same loss as {@link retrievalLoss} (same options, same value, same gradients) computed
 * in one pass over the score matrix on typed arrays: the forward pass also produces
 * `G = dLoss/dScores` and its transpose, so the backward pass is two untransposed matrix
 * products (`dq = G · c`, `dc = Gᵀ · q`) with the large matrix on the left — XNNPACK (wasm)
 * packs the right-hand operand on every call, so `(qᵀ·G)ᵀ` would cost many times `Gᵀ · q`
 * (figures in docs/performance.md).
 * With two threads (`TWOTOWER_THREADS`, default min(2, cores)) on the wasm backend, the whole
 * loss — scores, pass, and both gradient products — is shared with a worker thread that has its
 * own tfjs backend, by chunks of query rows (`LossPool`; the gradients are then computed in the
 * forward pass and the backward pass scales them); elsewhere the pass over rows alone is split.
 *
 * @param queries [batch, dim]
 * @param candidates [numCandidates, dim], numCandidates >= batch
 * @returns scalar loss, differentiable with respect to `queries` and `candidates`
 */
export function fusedRetrievalLoss(queries: tf.Tensor2D, candidates: tf.Tensor2D, options: RetrievalLossOptions = {}): tf.Scalar {
  const batch = queries.shape[0];
  const n = candidates.shape[0];
  const totalWeight = validate(batch, n, options);
  if (options.teacher) checkTeacher(options.teacher, batch, n);
  const f = tf.customGrad(((q: tf.Tensor2D, c: tf.Tensor2D, save: tf.GradSaveFunc) => {
    if (options.teacher || options.maskedColumns) return onMainThread(q, c, batch, n, options, totalWeight, save);
    const loss = lossPool();
    if (loss.takes(batch, n, options)) {
      const out = loss.run(q, c, options, totalWeight);
      if (out !== null) {
        const dq = tf.tensor2d(out.dq, q.shape);
        const dc = tf.tensor2d(out.dc, c.shape);
        save([dq, dc]);
        return {
          value: tf.scalar(out.lossSum / totalWeight),
          gradFunc: (dy: tf.Scalar, saved: tf.Tensor[]) => [tf.mul(saved[0]!, dy), tf.mul(saved[1]!, dy)],
        };
      }
    }
    const pool = rowPool();
    const v = pool.prepare(batch, n);
    const s = matMulABt(q, c);
    readInto(s, v.scores);
    s.dispose();
    const lossSum = pool.run(batch, n, options, totalWeight);
    // The next step reuses the shared buffers: wasm copies values into its heap on creation,
    // other backends may keep a reference, so they get a copy.
    const own = tf.getBackend() === 'wasm' ? (a: Float32Array) => a : (a: Float32Array) => a.slice();
    const g = tf.tensor2d(own(v.grad), [batch, n]);
    const gT = tf.tensor2d(own(v.gradT), [n, batch]);
    return withScoreGradients(q, c, g, gT, lossSum / totalWeight, save);
  }) as any);
  return f(queries, candidates) as tf.Scalar;
}
