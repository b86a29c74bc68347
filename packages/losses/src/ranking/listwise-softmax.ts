import { tf } from '@twotower/runtime';
import { nonZero } from './reduce';

/** Options of {@link listwiseSoftmaxLoss}. */
export interface ListwiseSoftmaxOptions {
  /**
   * `[lists, listSize]`, 1 (or true) where an entry is real and 0 (false) where it pads a shorter
   * list. Padded entries take no part in the softmax and get zero gradient, whatever their score
   * or label. Default: every entry is real.
   */
  mask?: tf.Tensor2D;
  /** Per-list weights `[lists]` (≥ 0). Default: every weight 1. */
  listWeights?: tf.Tensor1D | Float32Array;
  /**
   * `'mean'` (default): weighted mean over the lists that have at least one positive label;
   * lists without one carry no signal and are left out of both sums. `'sum'`: their weighted sum.
   */
  reduction?: 'mean' | 'sum';
}

/** Logit given to padded entries: softmax weight zero, yet finite (no NaN in gradients). */
const PADDED_LOGIT = -1e9;

/**
 * Listwise softmax cross-entropy (TF-Ranking's `SoftmaxLoss`): per list, the labels normalised
 * to a distribution `pⱼ = yⱼ / Σ y` against the softmax of the scores over the list's real
 * entries, `−Σⱼ pⱼ · log softmax(s)ⱼ`. With one positive per list this is the sampled softmax of
 * that item against the others. Gradient with respect to the scores: `softmax(s) − p` per list
 * (divided by the number or weight of lists for the mean).
 *
 * @param scores [lists, listSize]
 * @param labels [lists, listSize] graded (e.g. ratings) or binary relevance, each ≥ 0
 * @returns scalar
 */
export function listwiseSoftmaxLoss(scores: tf.Tensor2D, labels: tf.Tensor2D, options: ListwiseSoftmaxOptions = {}): tf.Scalar {
  const op = 'listwiseSoftmaxLoss';
  if (scores.rank !== 2) throw new Error(`${op}: scores must be [lists, listSize], got ${JSON.stringify(scores.shape)}`);
  const [lists, listSize] = scores.shape;
  const want = JSON.stringify(scores.shape);
  if (labels.rank !== 2 || labels.shape[0] !== lists || labels.shape[1] !== listSize) {
    throw new Error(`${op}: labels must have the shape of scores ${want}, got ${JSON.stringify(labels.shape)}`);
  }
  const { mask, listWeights } = options;
  if (mask && (mask.rank !== 2 || mask.shape[0] !== lists || mask.shape[1] !== listSize)) {
    throw new Error(`${op}: mask must have the shape of scores ${want}, got ${JSON.stringify(mask.shape)}`);
  }
  const reduction = options.reduction ?? 'mean';
  if (reduction !== 'mean' && reduction !== 'sum') throw new Error(`${op}: reduction must be 'mean' or 'sum', got ${JSON.stringify(reduction)}`);
  return tf.tidy(() => {
    let s: tf.Tensor2D = scores;
    let y: tf.Tensor2D = tf.cast(labels, 'float32');
    if (mask) {
      const real = mask.dtype === 'bool' ? mask : tf.greater(mask, 0);
      s = tf.where(real, scores, tf.fill([lists, listSize], PADDED_LOGIT)) as tf.Tensor2D;
      y = tf.where(real, y, tf.zerosLike(y)) as tf.Tensor2D;
    }
    const total = tf.sum(y, 1, true);
    const p = tf.div(y, nonZero(total));
    const perList = tf.neg(tf.sum(tf.mul(p, tf.logSoftmax(s)), 1)) as tf.Tensor1D;
    let w: tf.Tensor1D = tf.cast(tf.greater(tf.reshape(total, [lists]), 0), 'float32') as tf.Tensor1D;
    if (listWeights !== undefined) {
      const lw = listWeights instanceof Float32Array ? tf.tensor1d(listWeights) : listWeights;
      if (lw.rank !== 1 || lw.shape[0] !== lists) throw new Error(`${op}: listWeights must be [${lists}] (one per list), got ${JSON.stringify(lw.shape)}`);
      w = tf.mul(w, lw) as tf.Tensor1D;
    }
    const weighted = tf.sum(tf.mul(perList, w));
    return (reduction === 'sum' ? weighted : tf.div(weighted, nonZero(tf.sum(w)))) as tf.Scalar;
  });
}
