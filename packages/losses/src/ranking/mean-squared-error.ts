import { tf } from '@twotower/runtime';
import { pairedExamples, reduceLoss, type RankingLossOptions } from './reduce';

/**
 * Mean squared error `(prediction − target)²` (the rating-regression loss of TFRS' ranking
 * model). Gradient `2·(prediction − target)` per example, divided by `n` (or `Σ w`) for the mean.
 *
 * @param predictions [n] or [n, 1]
 * @param targets same number of examples as `predictions`
 * @returns scalar (weighted) mean or sum over examples
 */
export function meanSquaredError(predictions: tf.Tensor, targets: tf.Tensor, options: RankingLossOptions = {}): tf.Scalar {
  return tf.tidy(() => {
    const [p, tRaw] = pairedExamples('meanSquaredError', 'predictions', predictions, 'targets', targets);
    const t = tf.cast(tRaw, 'float32');
    return reduceLoss('meanSquaredError', tf.squaredDifference(p, t) as tf.Tensor1D, options);
  });
}
