import { tf } from '@twotower/runtime';

/**
 * Divides scores by a temperature: below 1 sharpens the softmax (useful with L2-normalised
 * towers, whose dot products lie in [-1, 1]), above 1 flattens it.
 *
 * @param scores [batch, numCandidates]
 * @param temperature > 0
 */
export function applyTemperature(scores: tf.Tensor2D, temperature: number): tf.Tensor2D {
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new Error(`temperature must be a positive finite number, got ${temperature}`);
  }
  return temperature === 1 ? scores : tf.div(scores, temperature);
}
