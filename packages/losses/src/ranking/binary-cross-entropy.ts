import { tf } from '@twotower/runtime';
import { pairedExamples, reduceLoss, type RankingLossOptions } from './reduce';

/**
 * Binary cross-entropy from logits, `−y·log σ(x) − (1−y)·log(1−σ(x))`, computed in the stable
 * form `softplus(x) − x·y`: no overflow for large |x|, and the gradient is exactly
 * `σ(x) − y` per example (divided by `n` or `Σ w` for the mean), also at `x = 0`.
 *
 * @param logits [n] or [n, 1] raw scores (before the sigmoid)
 * @param labels same number of examples as `logits`, each in [0, 1] (soft labels allowed)
 * @returns scalar (weighted) mean or sum over examples
 */
export function binaryCrossEntropy(logits: tf.Tensor, labels: tf.Tensor, options: RankingLossOptions = {}): tf.Scalar {
  return tf.tidy(() => {
    const [x, yRaw] = pairedExamples('binaryCrossEntropy', 'logits', logits, 'labels', labels);
    const y = tf.cast(yRaw, 'float32');
    const perExample = tf.sub(tf.softplus(x), tf.mul(x, y)) as tf.Tensor1D;
    return reduceLoss('binaryCrossEntropy', perExample, options);
  });
}
