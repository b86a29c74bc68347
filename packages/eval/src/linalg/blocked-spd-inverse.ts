import { progressReporter, type ProgressCallback } from '@twotower/utils';
import { EvalInputError, checkInteger } from '../errors';
import { gemmBatchOf, sharedF32, type GemmBatchF32, type GemmTask, type MatrixRegion } from './gemm';
import { jsMatMulF32, type MatMulF32 } from './matmul';
import { diagonalBlockInverse } from './diag-inverse';
import { mirrorLower } from './small-blocks';

/** Options of {@link invertSpdBlocked}. */
export interface BlockedSpdInverseOptions {
  /**
   * The matrix product every large step runs on (`C = A·B`, float32): pass `@twotower/training`'s
   * `parallelMatMulF32` for tfjs's backend on two threads (its `gemmBatch` runs each step's
   * independent products on both). Default: a plain JavaScript product (correct, about 10× slower).
   */
  matmul?: MatMulF32;
  /** Rows per block. Default 512 (large enough for the backend's GEMM to run at speed; the diagonal blocks are factored in float64 JavaScript). */
  blockSize?: number;
  /** Called about 100 times with multiply-adds done of {@link blockedInverseWork}`(n)`, the last with `done === total`. */
  onProgress?: ProgressCallback;
}

/** Multiply-adds {@link invertSpdBlocked} reports for an `n × n` matrix: three passes of ~n³/6. */
export function blockedInverseWork(n: number): number {
  return 3 * Math.round((n * n * n) / 6);
}

/** Row range of block `i`. */
interface Block {
  start: number;
  size: number;
}

function blocksOf(n: number, b: number): Block[] {
  const out: Block[] = [];
  for (let s = 0; s < n; s += b) out.push({ start: s, size: Math.min(b, n - s) });
  return out;
}

/** Region `[rows × cols]` at (r0, c0) of the row-major `data` with row stride `stride`. */
function region(data: Float32Array, stride: number, r0: number, c0: number, rows: number, cols: number, transpose = false): MatrixRegion {
  return { data, offset: r0 * stride + c0, stride, rows, cols, transpose };
}

/** Tasks `C[rows] (mode)= A[rows]·B` for row chunks of `rows` rows of a and c (same height). */
function rowChunks(a: MatrixRegion, b: MatrixRegion, c: MatrixRegion, mode: GemmTask['mode'], rows: number): GemmTask[] {
  const out: GemmTask[] = [];
  for (let r = 0; r < a.rows; r += rows) {
    const h = Math.min(rows, a.rows - r);
    out.push({ a: { ...a, offset: a.offset + r * a.stride, rows: h }, b, c: { ...c, offset: c.offset + r * c.stride, rows: h }, mode });
  }
  return out;
}

/**
 * Inverts a symmetric positive-definite float32 matrix in place with blocked algorithms whose
 * work is batches of independent matrix products (`options.matmul`, its `gemmBatch` when it has
 * one): a right-looking blocked Cholesky `A = L Lᵀ`, then `W = L⁻¹` in place by block columns from
 * the last, then `A⁻¹ = Wᵀ W` by block columns — about n³/2 multiply-adds, all but O(n·b²) of them in
 * products of `[≥ b × b]` blocks (n = 10,000: 5.75·10¹¹ counted, with the triangles' zeros inside
 * blocks). Diagonal blocks' `L⁻¹` by halving down to 128 rows (float64 JavaScript there, the
 * products on the matmul). Only the lower triangle of the input is read; the whole symmetric inverse is
 * written. float32 throughout: for EASE's Gram matrix plus λI the inverse agrees with the float64
 * one to about 1e-6 relative (tests). An `a` on a `SharedArrayBuffer` lets a threaded
 * `gemmBatch` work on it in place.
 *
 * @param a `[n × n]` row-major; overwritten with the inverse.
 * @throws EvalInputError naming the row where the matrix stops being positive definite.
 */
export function invertSpdBlocked(a: Float32Array, n: number, options: BlockedSpdInverseOptions = {}): void {
  checkInteger('n', n, 0);
  if (a.length !== n * n) throw new EvalInputError('a', `has length ${a.length}, expected n × n = ${n * n}`);
  const b = options.blockSize ?? 512;
  checkInteger('blockSize', b, 1);
  const mm = options.matmul ?? jsMatMulF32;
  const gemm: GemmBatchF32 = mm.gemmBatch ?? gemmBatchOf(mm);
  const blocks = blocksOf(n, b);
  const pass = Math.round((n * n * n) / 6);
  const tick = progressReporter(options.onProgress, 3 * pass);
  const cube = (m: number) => (m * m * m) / 6;
  // the strict upper triangle is zero from here on, except inside diagonal blocks during the Cholesky
  for (let i = 0; i < n; i++) a.fill(0, i * n + i + 1, (i + 1) * n);
  /** `[size × size]` inverse of each diagonal block of L (zeros above the diagonal). */
  const diagInv: Float32Array[] = [];
  const lInverse = (blk: Block) => diagonalBlockInverse(a, n, blk.start, blk.size, mm);

  // 1. Cholesky, right-looking: solve the panel below the factored diagonal block, update the
  // next block column, then the rest of the trailing lower triangle while this thread factors the next diagonal block.
  if (blocks.length > 0) diagInv.push(lInverse(blocks[0]!));
  for (const [k, blk] of blocks.entries()) {
    const { start: k0, size: kn } = blk;
    const c0 = k0 + kn;
    if (c0 < n) {
      // L_panel = A_panel · L_kk⁻ᵀ, in place
      const panel = region(a, n, c0, k0, n - c0, kn);
      gemm(rowChunks(panel, region(diagInv[k]!, kn, 0, 0, kn, kn, true), panel, 'set', b));
      // A[cb rows and below, cb] -= L_panel[cb rows and below] · L_panel[cb rows]ᵀ for each later block column cb
      const update = (cb: Block): GemmTask => ({ a: region(a, n, cb.start, k0, n - cb.start, kn), b: region(a, n, cb.start, k0, cb.size, kn, true), c: region(a, n, cb.start, cb.start, n - cb.start, cb.size), mode: 'sub' });
      const next = update(blocks[k + 1]!);
      gemm(rowChunks(next.a, next.b, next.c, 'sub', b));
      gemm(blocks.slice(k + 2).map(update), () => diagInv.push(lInverse(blocks[k + 1]!)));
    }
    tick(pass - cube(n - c0));
  }

  // 2. W = L⁻¹ in place, block columns from the last: W_ij = −(Σ_{j<k≤i} W_ik L_kj) · L_jj⁻¹ (columns right of j are W already, column j still L).
  const temp = sharedF32(n * b);
  for (let j = blocks.length - 1; j >= 0; j--) {
    const { start: j0, size: jn } = blocks[j]!;
    const j1 = j0 + jn;
    if (j1 < n) {
      const neg = sharedF32(jn * jn);
      for (let i = 0; i < neg.length; i++) neg[i] = -diagInv[j]![i]!;
      const post = region(neg, jn, 0, 0, jn, jn);
      // into a scratch column: later row blocks still read column j's L blocks
      gemm(blocks.slice(j + 1).map((ib) => ({ a: region(a, n, ib.start, j1, ib.size, ib.start + ib.size - j1), b: region(a, n, j1, j0, ib.start + ib.size - j1, jn), post, c: region(temp, jn, ib.start - j1, 0, ib.size, jn), mode: 'set' as const })));
      for (let r = 0; r < n - j1; r++) a.set(temp.subarray(r * jn, (r + 1) * jn), (j1 + r) * n + j0);
    }
    // W_jj, zeros above its diagonal included
    for (let r = 0; r < jn; r++) a.set(diagInv[j]!.subarray(r * jn, (r + 1) * jn), (j0 + r) * n + j0);
    tick(pass + cube(n - j0));
  }

  // 3. A⁻¹ = Wᵀ W, lower triangle by block columns: P_[c..],c = (W_[c..],[c..])ᵀ · W_[c..],c, the left
  // operand upper triangular and tall (the backend's GEMM repacks its right operand on every call:
  // a tall left one pays that once per many rows). A few columns per batch, each into a scratch
  // column copied back after (a column's W is read by the columns left of it).
  const GROUP = 4;
  for (let g = 0; g < blocks.length; g += GROUP) {
    const group = blocks.slice(g, g + GROUP);
    const outs = group.map((cb) => sharedF32((n - cb.start) * cb.size));
    gemm(group.map((cb, q) => ({ a: region(a, n, cb.start, cb.start, n - cb.start, n - cb.start, true), aUpper: true, b: region(a, n, cb.start, cb.start, n - cb.start, cb.size), c: region(outs[q]!, cb.size, 0, 0, n - cb.start, cb.size), mode: 'set' as const })));
    for (const [q, cb] of group.entries()) {
      const o = outs[q]!;
      for (let r = 0; r < n - cb.start; r++) a.set(o.subarray(r * cb.size, (r + 1) * cb.size), (cb.start + r) * n + cb.start);
    }
    const last = group[group.length - 1]!;
    tick(3 * pass - cube(n - last.start - last.size));
  }
  tick(3 * pass);
  mirrorLower(a, n);
}
