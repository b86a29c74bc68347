import { tf } from '@twotower/runtime';
import { MASKED_LOGIT } from './remove-accidental-hits';

/**
 * Hard-negative mining (TFRS `HardNegativeMining`): each row keeps its positive (column i) and
 * only its `k` highest-scoring negatives; the other columns are masked. The loss equals TFRS's
 * gathered `[batch, k + 1]` form; keeping the shape lets the parts compose.
 *
 * @param logits [batch, numCandidates]
 * @param k negatives kept per row (>= 1); k >= numCandidates - 1 keeps all
 */
export function hardNegativeMining(logits: tf.Tensor2D, k: number): tf.Tensor2D {
  const [batch, numCandidates] = logits.shape;
  if (!Number.isInteger(k) || k < 1) throw new Error(`hardNegativeMining: k must be an integer >= 1, got ${k}`);
  if (k >= numCandidates - 1) return logits;
  return tf.tidy(() => {
    const diag = tf.cast(tf.oneHot(tf.range(0, batch, 1, 'int32'), numCandidates), 'bool');
    // The mask is a function of the values only: build it from a copy that autodiff cannot see.
    const detached = tf.tensor2d(logits.dataSync() as Float32Array, [batch, numCandidates]);
    const negOnly = tf.where(diag, tf.fill([batch, numCandidates], -Infinity), detached);
    const kth = tf.slice(tf.topk(negOnly, k).values, [0, k - 1], [batch, 1]);
    const keep = tf.logicalOr(diag, tf.greaterEqual(negOnly, kth));
    return tf.where(keep, logits, tf.fill([batch, numCandidates], MASKED_LOGIT)) as tf.Tensor2D;
  });
}
