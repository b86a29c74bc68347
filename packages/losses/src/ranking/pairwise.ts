import { tf } from '@twotower/runtime';
import { exampleCount } from './reduce';

/**
 * Score differences `positive − negative` of a pairwise loss, `[n, k]`: each example's positive
 * against each of its `k` negatives.
 *
 * @param positive [n] or [n, 1]
 * @param negative [n] (one negative each), or [n, k]
 */
export function pairDifferences(op: string, positive: tf.Tensor, negative: tf.Tensor): tf.Tensor2D {
  const n = exampleCount(op, 'positive', positive);
  const shapes = `positive ${JSON.stringify(positive.shape)}, negative ${JSON.stringify(negative.shape)}`;
  if (negative.rank !== 1 && negative.rank !== 2) throw new Error(`${op}: negative must be [n] or [n, k], got ${JSON.stringify(negative.shape)}`);
  if (negative.shape[0] !== n) throw new Error(`${op}: positive and negative scores must cover the same ${n} examples: ${shapes}`);
  const neg = negative.rank === 1 ? tf.reshape(negative, [n, 1]) : negative;
  return tf.sub(tf.reshape(positive, [n, 1]), neg) as tf.Tensor2D;
}
