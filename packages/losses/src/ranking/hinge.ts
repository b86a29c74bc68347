import { tf } from '@twotower/runtime';
import { pairDifferences } from './pairwise';
import { reduceLoss, type RankingLossOptions } from './reduce';

/** Options of {@link pairwiseHingeLoss}. */
export interface HingeLossOptions extends RankingLossOptions {
  /** A pair costs nothing once the positive leads the negative by this much. Default 1. */
  margin?: number;
}

/**
 * Pairwise hinge loss `max(0, margin − (s⁺ − s⁻))`, averaged over each example's negatives,
 * then reduced over examples. Gradient with respect to `s⁺`: −1 per violated pair, 0 otherwise
 * (0 exactly at the hinge).
 *
 * @param positive [n] or [n, 1] scores of the positive items
 * @param negative [n] (one negative per example) or [n, k] scores of sampled negatives
 * @returns scalar (weighted) mean or sum over examples
 */
export function pairwiseHingeLoss(positive: tf.Tensor, negative: tf.Tensor, options: HingeLossOptions = {}): tf.Scalar {
  const margin = options.margin ?? 1;
  if (!Number.isFinite(margin)) throw new Error(`pairwiseHingeLoss: margin must be a finite number, got ${margin}`);
  return tf.tidy(() => {
    const diff = pairDifferences('pairwiseHingeLoss', positive, negative);
    return reduceLoss('pairwiseHingeLoss', tf.mean(tf.relu(tf.sub(margin, diff)), 1) as tf.Tensor1D, options);
  });
}
