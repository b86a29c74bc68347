import type { GemmBatchF32 } from './gemm';
import type { RowBatchF32 } from './row-tasks';

/**
 * A float32 matrix product `C = A·B`: `a` `[m × k]`, `b` `[k × n]`, both row-major; returns a new
 * `[m × n]` row-major array and leaves its inputs unchanged. `@twotower/runtime`'s `matMulF32`
 * is one on the tfjs backend; {@link jsMatMulF32} is the plain JavaScript one.
 *
 * It may also carry `gemmBatch`: a runner of independent products on matrix regions (e.g. spread
 * over worker threads), which the blocked inverse then uses instead of calling the product one
 * block at a time; and `rowBatch`: a runner of element-wise steps split by rows (copies,
 * Strassen–Winograd combinations, EASE's weights), which they then use instead of running on the
 * calling thread.
 */
export interface MatMulF32 {
  (a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array;
  /** Runs a batch of independent region products; absent, they run one by one on the product itself. */
  gemmBatch?: GemmBatchF32;
  /** Runs an element-wise step's rows (possibly on several threads); absent, on the calling thread. */
  rowBatch?: RowBatchF32;
}

/** {@link MatMulF32} in JavaScript (i-k-j loops over contiguous rows, float32 sums): for tests and small blocks. */
export const jsMatMulF32: MatMulF32 = (a, b, m, k, n) => {
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const x = a[i * k + p]!;
      if (x === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j]! += x * b[bp + j]!;
    }
  }
  return c;
};
