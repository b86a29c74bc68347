import { tf } from '@twotower/runtime';

/** A logit low enough that softmax gives it zero weight, yet finite (no NaN in gradients). */
export const MASKED_LOGIT = -1e9;

/**
 * Removes accidental hits (TFRS `RemoveAccidentalHits`): when row i's positive item also
 * appears in another column j (the same item twice in a batch), that column is not a negative
 * for row i. Its logit is set to {@link MASKED_LOGIT}; column i (the positive) is kept.
 *
 * @param logits [batch, numCandidates]
 * @param positiveIds [batch] item id of each row's positive (column i)
 * @param candidateIds [numCandidates] item id of each column
 */
export function removeAccidentalHits(logits: tf.Tensor2D, positiveIds: tf.Tensor1D, candidateIds: tf.Tensor1D): tf.Tensor2D {
  const [batch, numCandidates] = logits.shape;
  if (positiveIds.shape[0] !== batch || candidateIds.shape[0] !== numCandidates) {
    throw new Error(`removeAccidentalHits: expected positiveIds [${batch}] and candidateIds [${numCandidates}], got [${positiveIds.shape}] and [${candidateIds.shape}]`);
  }
  return tf.tidy(() => {
    const same = tf.equal(tf.expandDims(positiveIds, 1), tf.expandDims(candidateIds, 0));
    const diag = tf.cast(tf.oneHot(tf.range(0, batch, 1, 'int32'), numCandidates), 'bool');
    const hit = tf.logicalAnd(same, tf.logicalNot(diag));
    return tf.where(hit, tf.fill([batch, numCandidates], MASKED_LOGIT), logits) as tf.Tensor2D;
  });
}
