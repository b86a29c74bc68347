import { progressReporter, type ProgressCallback } from '@twotower/utils';
import { EvalInputError, checkInteger } from '../errors';
import { gemmBatchOf, gemmTaskWork, sharedF32, type GemmBatchF32, type MatrixRegion } from './gemm';
import { jsMatMulF32, type MatMulF32 } from './matmul';
import { zeroBlock } from './block-copies';
import { runRowTask } from './row-tasks';
import { factorBlock, invertLowerInPlace } from './small-blocks';
import { productTasks } from './product-tasks';
import { ScratchPool, runProduct, type StrassenOptions } from './strassen';
import { addPhase, timePhase, type PhaseTimes } from './phase-times';

/** Options of {@link invertSpdRecursive}. */
export interface RecursiveSpdInverseOptions {
  /** The matrix product the large steps run on, as for `invertSpdBlocked` (its `gemmBatch` when it has one; its `rowBatch`, when it has one, runs the mirrors, transposes and Strassen–Winograd combinations). Default: {@link jsMatMulF32}. */
  matmul?: MatMulF32;
  /** Diagonal blocks of at most this many rows are inverted in float64 JavaScript. Default 128. */
  leafSize?: number;
  /** Strassen–Winograd levels of the two full products of each halving (`runProduct`'s options). Default `{ levels: 2, minSize: 2048 }`; `{ levels: 0 }` for none. */
  strassen?: StrassenOptions;
  /** Called about 100 times with multiply-adds done of {@link recursiveInverseWork}`(n)`, the last with `done === total`. */
  onProgress?: ProgressCallback;
  /**
   * Given, seconds are added to it per phase: `products` (wall time inside the product batches,
   * their `meanwhile` work included), `productsMeanwhile` (this thread's own work beside a batch:
   * Strassen–Winograd sums and combinations of sub-products), `strassenAdditions` (Strassen–Winograd
   * work with no product running), `leaves` (the float64 diagonal blocks), `blockCopies` (mirrors,
   * transposes, zeroing), and the count `productMacs` (multiply-adds run by the products); of the
   * products, the symmetric updates' lower triangles as `lowerProducts` and `lowerProductMacs`. Default none.
   */
  phases?: PhaseTimes;
}

const DEFAULT_LEAF = 128;

/** Rows of the first half of an `s`-row block: about half, a multiple of 64 for large blocks. */
function splitPoint(s: number): number {
  const q = s >= 256 ? 64 : 1;
  const h = Math.round(s / 2 / q) * q;
  return h >= 1 && h < s ? h : s >> 1;
}

/** Multiply-adds {@link invertSpdRecursive} counts for an `n × n` matrix (about n³/2; `leafSize` as its option). */
export function recursiveInverseWork(n: number, leafSize = DEFAULT_LEAF): number {
  if (n <= leafSize) return Math.round((n * n * n) / 2);
  const n1 = splitPoint(n);
  const n2 = n - n1;
  return recursiveInverseWork(n1, leafSize) + recursiveInverseWork(n2, leafSize) + 3 * Math.round((n1 * n2 * (n1 + n2)) / 2);
}

/** Inverts the SPD diagonal block `a[r0 .. r0+s)²` (lower triangle read) in float64: `(L⁻¹)ᵀ L⁻¹`, written whole. */
function leafInverse(a: Float32Array, n: number, r0: number, s: number): void {
  const w = factorBlock(a, n, r0, s, r0);
  invertLowerInPlace(w, s);
  // P = Wᵀ W, lower triangle: P_ij = Σ_{p ≥ i} W_pi W_pj (j ≤ i)
  const p = new Float64Array(s * s);
  for (let q = 0; q < s; q++) {
    const wq = q * s;
    for (let i = 0; i <= q; i++) {
      const x = w[wq + i]!;
      const pi = i * s;
      for (let j = 0; j <= i; j++) p[pi + j]! += x * w[wq + j]!;
    }
  }
  for (let i = 0; i < s; i++) {
    for (let j = 0; j <= i; j++) {
      const v = p[i * s + j]!;
      a[(r0 + i) * n + r0 + j] = v;
      a[(r0 + j) * n + r0 + i] = v;
    }
  }
}

/**
 * Inverts a symmetric positive-definite float32 matrix in place by halving (block Gaussian
 * elimination on the Schur complement): with `X₁₁ = A₁₁⁻¹`, `U = X₁₁A₁₂`, `S = A₂₂ − A₂₁U`,
 * `X₂₂ = S⁻¹` (both recursively), `X₁₂ = −U X₂₂`, `X₁₁ −= U X₂₁`. About n³/2 multiply-adds, almost
 * all in large products of plain (untransposed) regions (`options.matmul`'s `gemmBatch` when it has
 * one; the two symmetric updates compute lower triangles only, the two full products take
 * Strassen–Winograd levels while they are large: n = 10,000 counts 4.40·10¹¹ multiply-adds, 0.88 ×
 * n³/2); blocks of up to `leafSize` rows in float64 JavaScript. float32 throughout: for EASE's Gram
 * matrix plus λI the inverse agrees with the float64 one to about 1e-6 relative. Only the lower triangle of the input is read; the whole symmetric inverse is
 * written. An `a` on a `SharedArrayBuffer` lets a threaded `gemmBatch` work on it in place.
 *
 * @param a `[n × n]` row-major; overwritten with the inverse.
 * @throws EvalInputError naming the row where the matrix stops being positive definite.
 */
export function invertSpdRecursive(a: Float32Array, n: number, options: RecursiveSpdInverseOptions = {}): void {
  checkInteger('n', n, 0);
  if (a.length !== n * n) throw new EvalInputError('a', `has length ${a.length}, expected n × n = ${n * n}`);
  const leaf = options.leafSize ?? DEFAULT_LEAF;
  checkInteger('leafSize', leaf, 1);
  const mm = options.matmul ?? jsMatMulF32;
  const phases = options.phases;
  const rawGemm: GemmBatchF32 = mm.gemmBatch ?? gemmBatchOf(mm);
  const gemm: GemmBatchF32 = !phases
    ? rawGemm
    : (tasks, meanwhile) => {
        addPhase(phases, 'productMacs', tasks.reduce((s, t) => s + gemmTaskWork(t), 0));
        timePhase(phases, 'products', () => rawGemm(tasks, meanwhile && (() => timePhase(phases, 'productsMeanwhile', meanwhile))));
      };
  const tick = progressReporter(options.onProgress, recursiveInverseWork(n, leaf));
  let done = 0;
  const advance = (work: number) => tick((done += Math.round(work)));
  const pool = new ScratchPool();
  const rows = mm.rowBatch ?? runRowTask;
  const strassen = { levels: 2, minSize: 2048, ...options.strassen, pool, rows };
  const product = (x: MatrixRegion, y: MatrixRegion, c: MatrixRegion, mode: 'set' | 'sub') => {
    const before = phases?.products ?? 0;
    const t = performance.now();
    runProduct(x, y, c, mode, gemm, strassen);
    pool.releaseAll();
    addPhase(phases, 'strassenAdditions', (performance.now() - t) / 1000 - ((phases?.products ?? 0) - before));
  };
  // the symmetric updates' lower triangles as plain tasks: their off-diagonal half by Strassen–Winograd measured slower
  const lowerProduct = (x: MatrixRegion, y: MatrixRegion, c: MatrixRegion) => {
    const tasks = productTasks(x, y, c, 'sub', true, 4);
    if (phases) addPhase(phases, 'lowerProductMacs', tasks.reduce((s, t) => s + gemmTaskWork(t), 0));
    timePhase(phases, 'lowerProducts', () => gemm(tasks));
  };
  const at = (r0: number, c0: number, rows: number, cols: number): MatrixRegion => ({ data: a, offset: r0 * n + c0, stride: n, rows, cols });
  const copies = <T>(fn: () => T): T => timePhase(phases, 'blockCopies', fn);
  const mirror = (r0: number, s: number) => copies(() => rows({ kernel: 'mirrorLower', a, n, r0, s }));
  mirror(0, n);

  // U of each depth of the recursion, kept for the next block at that depth: a fresh array costs its page faults
  const uBuffers: Float32Array[] = [];
  const uAt = (depth: number, length: number): Float32Array => {
    if ((uBuffers[depth]?.length ?? 0) < length) uBuffers[depth] = sharedF32(length);
    return uBuffers[depth]!;
  };

  /** On entry the block `[r0 .. r0+s)²` is symmetric and whole; on return it holds its inverse, whole. */
  const invert = (r0: number, s: number, depth = 0): void => {
    if (s <= leaf) {
      timePhase(phases, 'leaves', () => leafInverse(a, n, r0, s));
      advance((s * s * s) / 2);
      return;
    }
    const n1 = splitPoint(s);
    const n2 = s - n1;
    const r1 = r0 + n1;
    invert(r0, n1, depth + 1);
    const u: MatrixRegion = { data: copies(() => uAt(depth, n1 * n2)), offset: 0, stride: n2, rows: n1, cols: n2 };
    product(at(r0, r0, n1, n1), at(r0, r1, n1, n2), u, 'set'); // U = X₁₁ A₁₂
    lowerProduct(at(r1, r0, n2, n1), u, at(r1, r1, n2, n2)); // S = A₂₂ − A₂₁ U, lower
    mirror(r1, n2);
    advance((n1 * n1 * n2) + (n1 * n2 * n2) / 2);
    invert(r1, n2, depth + 1);
    copies(() => zeroBlock(a, n, r0, r1, n1, n2));
    product(u, at(r1, r1, n2, n2), at(r0, r1, n1, n2), 'sub'); // X₁₂ = −U X₂₂
    copies(() => rows({ kernel: 'transpose', a, n, r0, c0: r1, rows: n1, cols: n2 })); // X₂₁ = X₁₂ᵀ
    lowerProduct(u, at(r1, r0, n2, n1), at(r0, r0, n1, n1)); // X₁₁ −= U X₂₁, lower
    mirror(r0, n1);
    advance((n1 * n2 * n2) + (n1 * n1 * n2) / 2);
  };
  if (n > 0) invert(0, n);
  tick(recursiveInverseWork(n, leaf));
}
