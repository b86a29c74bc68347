import { tf } from '@twotower/runtime';
import { pairDifferences } from './pairwise';
import { reduceLoss, type RankingLossOptions } from './reduce';

/**
 * Bayesian personalised ranking (Rendle et al. 2009): `−log σ(s⁺ − s⁻)`, computed stably as
 * `softplus(s⁻ − s⁺)`, averaged over each example's negatives, then reduced over examples.
 * Gradient with respect to `s⁺`: `−σ(s⁻ − s⁺)` per pair.
 *
 * @param positive [n] or [n, 1] scores of the positive items
 * @param negative [n] (one negative per example) or [n, k] scores of sampled negatives
 * @returns scalar (weighted) mean or sum over examples
 */
export function bprLoss(positive: tf.Tensor, negative: tf.Tensor, options: RankingLossOptions = {}): tf.Scalar {
  return tf.tidy(() => {
    const diff = pairDifferences('bprLoss', positive, negative);
    return reduceLoss('bprLoss', tf.mean(tf.softplus(tf.neg(diff)), 1) as tf.Tensor1D, options);
  });
}
