import { tf } from '../tf';

/**
 * Whether matrix products should transpose their operands explicitly rather than pass
 * transpose flags to `matMul`. On `wasm`, XNNPACK serves only untransposed products: a flagged
 * `matMul(a[2048,32], b[2048,32], false, true)` measured 139 ms against 14–21 ms for the same
 * product on an explicitly transposed input (FINDINGS.md). Other backends handle flags natively.
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
