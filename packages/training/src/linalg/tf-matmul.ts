import type { MatMulF32 } from '@twotower/eval';
import { tf } from '@twotower/runtime';

/**
 * `C = A·B` on the active tfjs backend (XNNPACK on wasm: about 20 GFLOP/s on one core here,
 * against about 2 for a JavaScript loop): `a` `[m × k]`, `b` `[k × n]` row-major float32; a new
 * `[m × n]` array. The inputs are copied into tensors and the tensors disposed before returning.
 * Given to EASE (`EaseOptions.matmul`) so that its inverse runs on products of 512-row blocks.
 */
export const tfMatMulF32: MatMulF32 = (a, b, m, k, n) => {
  const [ta, tb] = [tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])];
  try {
    const c = tf.matMul(ta, tb);
    try {
      return c.dataSync() as Float32Array;
    } finally {
      c.dispose();
    }
  } finally {
    ta.dispose();
    tb.dispose();
  }
};
