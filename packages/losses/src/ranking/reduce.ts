import { tf } from '@twotower/runtime';

/** How per-example losses combine into one scalar. */
export type RankingReduction = 'mean' | 'sum';

/** Options shared by the pointwise and pairwise ranking losses. */
export interface RankingLossOptions {
  /**
   * Per-example weights `[n]` (≥ 0). With `'mean'` the loss is the weighted mean
   * `Σ wᵢ·lossᵢ / Σ wᵢ` (0 when every weight is 0). Default: every weight 1.
   */
  sampleWeights?: tf.Tensor1D | Float32Array;
  /** `'mean'` (default) or `'sum'` of the (weighted) per-example losses. */
  reduction?: RankingReduction;
}

const shapeOf = (t: tf.Tensor) => JSON.stringify(t.shape);

/**
 * Number of examples of a per-example tensor: `[n]` or `[n, 1]` (what a one-unit dense head
 * produces). Throws, naming the argument and its shape, otherwise.
 */
export function exampleCount(op: string, name: string, t: tf.Tensor): number {
  if (t.rank === 1) return t.shape[0]!;
  if (t.rank === 2 && t.shape[1] === 1) return t.shape[0]!;
  throw new Error(`${op}: ${name} must be [n] or [n, 1], got ${shapeOf(t)}`);
}

/**
 * Checks that `a` and `b` hold one value per example for the same `n` examples and returns them
 * flattened to `[n]`.
 */
export function pairedExamples(op: string, aName: string, a: tf.Tensor, bName: string, b: tf.Tensor): [tf.Tensor1D, tf.Tensor1D, number] {
  const n = exampleCount(op, aName, a);
  const m = exampleCount(op, bName, b);
  if (n !== m) throw new Error(`${op}: ${aName} ${shapeOf(a)} and ${bName} ${shapeOf(b)} must hold the same number of examples`);
  return [tf.reshape(a, [n]) as tf.Tensor1D, tf.reshape(b, [n]) as tf.Tensor1D, n];
}

/**
 * Combines per-example losses `[n]` by `options.reduction`, weighted by `options.sampleWeights`.
 * Must run inside a `tf.tidy`.
 */
export function reduceLoss(op: string, perExample: tf.Tensor1D, options: RankingLossOptions): tf.Scalar {
  const n = perExample.shape[0]!;
  const reduction = options.reduction ?? 'mean';
  if (reduction !== 'mean' && reduction !== 'sum') throw new Error(`${op}: reduction must be 'mean' or 'sum', got ${JSON.stringify(reduction)}`);
  const w = options.sampleWeights;
  if (w === undefined) return (reduction === 'sum' ? tf.sum(perExample) : tf.mean(perExample)) as tf.Scalar;
  const wt = w instanceof Float32Array ? tf.tensor1d(w) : w;
  if (wt.rank !== 1 || wt.shape[0] !== n) throw new Error(`${op}: sampleWeights must be [${n}] (one per example), got ${shapeOf(wt)}`);
  const total = tf.sum(tf.mul(perExample, wt));
  return (reduction === 'sum' ? total : tf.div(total, nonZero(tf.sum(wt)))) as tf.Scalar;
}

/**
 * `x`, with zeros replaced by ones: a denominator for weighted means whose numerator is 0 when
 * the weights are. (`tf.divNoNan` cannot be used on a differentiated path: its internal
 * `Equal` on the result has no gradient.)
 */
export function nonZero(x: tf.Tensor): tf.Tensor {
  return tf.where(tf.equal(x, 0), tf.onesLike(x), x);
}
