import { tf } from '@twotower/runtime';

/**
 * In-batch softmax cross-entropy: row `i` of `logits` is a query, column `i` its positive
 * candidate, every other column a negative (the other queries' positives, plus any extra
 * sampled negatives appended after the first `batch` columns).
 *
 * @param logits [batch, numCandidates] with numCandidates >= batch
 * @param sampleWeights optional [batch] weights; the loss is their weighted mean
 * @returns scalar mean (or weighted mean) of `-log softmax(logits)[i, i]`
 */
export function inBatchSoftmax(logits: tf.Tensor2D, sampleWeights?: tf.Tensor1D): tf.Scalar {
  const [batch, numCandidates] = logits.shape;
  if (numCandidates < batch) {
    throw new Error(`inBatchSoftmax: logits must be [batch, numCandidates >= batch], got [${batch}, ${numCandidates}]: column i is row i's positive`);
  }
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    const diagMask = tf.oneHot(tf.range(0, batch, 1, 'int32'), numCandidates);
    const perRow = tf.neg(tf.sum(tf.mul(logp, diagMask), 1));
    if (!sampleWeights) return tf.mean(perRow) as tf.Scalar;
    return tf.div(tf.sum(tf.mul(perRow, sampleWeights)), tf.sum(sampleWeights)) as tf.Scalar;
  });
}
