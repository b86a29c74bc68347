import { tf } from '@twotower/runtime';

/**
 * Sampling-probability (logQ) correction (Yi et al. 2019; TFRS
 * `SamplingProbablityCorrection`): popular items appear as in-batch negatives more often than
 * others, so the plain in-batch softmax pushes them down. Subtracting `log q_j`, the log of the
 * probability that candidate j is in a batch, removes that bias.
 *
 * @param logits [batch, numCandidates]
 * @param candidateLogProb [numCandidates] log sampling probability of each column's candidate
 * @param weight how much of the correction to apply (1 = full; default 1)
 * @returns `logits - weight * candidateLogProb` broadcast over rows
 */
export function logQCorrection(logits: tf.Tensor2D, candidateLogProb: tf.Tensor1D, weight = 1): tf.Tensor2D {
  if (candidateLogProb.shape[0] !== logits.shape[1]) {
    throw new Error(`logQCorrection: candidateLogProb has ${candidateLogProb.shape[0]} entries but logits have ${logits.shape[1]} columns`);
  }
  return tf.tidy(() => tf.sub(logits, weight === 1 ? candidateLogProb : tf.mul(candidateLogProb, weight)) as tf.Tensor2D);
}

/**
 * Log sampling probabilities from training frequencies: `log(count_j / total)` with a floor of
 * one count, so an item never seen in training still gets a finite value.
 *
 * @param itemCounts [numItems] training interaction counts
 * @returns [numItems] log probabilities
 */
export function logSamplingProbabilities(itemCounts: ArrayLike<number>): Float32Array {
  let total = 0;
  for (let i = 0; i < itemCounts.length; i++) total += Math.max(1, itemCounts[i]!);
  const out = new Float32Array(itemCounts.length);
  const logTotal = Math.log(total);
  for (let i = 0; i < itemCounts.length; i++) out[i] = Math.log(Math.max(1, itemCounts[i]!)) - logTotal;
  return out;
}
