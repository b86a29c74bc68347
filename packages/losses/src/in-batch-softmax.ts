import { tf } from '@twotower/runtime';

/**
 * In-batch softmax cross-entropy: row `i` of `logits` is a query, column `i` its positive
 * candidate, every other column a negative (the other queries' positives, plus any extra
 * sampled negatives appended after the first `batch` columns).
 *
 * @param logits [batch, numCandidates] with numCandidates >= batch
 * @param sampleWeights optional [batch] weights; the loss is their weighted mean (or sum)
 * @param reduction `'mean'` (default) or `'sum'` over rows — TFRS reduces by sum, which with
 *   Adagrad's initial accumulator makes early steps `batch` times larger than with a mean
 * @returns scalar mean (or weighted mean, or sum) of `-log softmax(logits)[i, i]`
 */
export function inBatchSoftmax(logits: tf.Tensor2D, sampleWeights?: tf.Tensor1D, reduction: 'mean' | 'sum' = 'mean'): tf.Scalar {
  const [batch, numCandidates] = logits.shape;
  if (numCandidates < batch) {
    throw new Error(`inBatchSoftmax: logits must be [batch, numCandidates >= batch], got [${batch}, ${numCandidates}]: column i is row i's positive`);
  }
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    const diagMask = tf.oneHot(tf.range(0, batch, 1, 'int32'), numCandidates);
    const perRow = tf.neg(tf.sum(tf.mul(logp, diagMask), 1));
    const weighted = sampleWeights ? tf.mul(perRow, sampleWeights) : perRow;
    if (reduction === 'sum') return tf.sum(weighted) as tf.Scalar;
    return tf.div(tf.sum(weighted), sampleWeights ? tf.sum(sampleWeights) : batch) as tf.Scalar;
  });
}
