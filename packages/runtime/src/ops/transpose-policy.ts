import { tf } from '../tf';

/**
 * Whether matrix products should transpose their operands explicitly rather than pass
 * transpose flags to `matMul`: true on `wasm`, whose fast kernel (XNNPACK) serves only
 * untransposed products, so a flagged product runs about ten times slower than the same product
 * on an explicitly transposed input (figures in docs/performance.md). Other backends handle
 * the flags natively.
 */
export function explicitTranspose(): boolean {
  return tf.getBackend() === 'wasm';
}

/** `a · bᵀ` for a [m, k], b [n, k] → [m, n], without a transposed kernel on wasm. */
export function matMulABt(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return explicitTranspose() ? tf.matMul(a, tf.transpose(b)) : tf.matMul(a, b, false, true);
}

/** `aᵀ · b` for a [k, m], b [k, n] → [m, n], without a transposed kernel on wasm. */
export function matMulAtB(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return explicitTranspose() ? tf.matMul(tf.transpose(a), b) : tf.matMul(a, b, true, false);
}
