import { progressReporter, type ProgressCallback } from '@twotower/utils';
import { EvalInputError, checkInteger } from '../errors';
import { jsMatMulF32, type MatMulF32 } from './matmul';
import { factorBlock, invertLowerInPlace } from './small-blocks';

/** Options of {@link invertSpdBlocked}. */
export interface BlockedSpdInverseOptions {
  /**
   * The matrix product every large step runs on (`C = A·B`, float32): pass `@twotower/runtime`'s
   * `matMulF32` for tfjs's backend (XNNPACK on wasm, ~20 GFLOP/s here). Default: a plain
   * JavaScript product (correct, about 10× slower).
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

/** Copies `a[r0 .. r0+rows) × [c0 .. c0+cols)` (row stride `n`) into a new `[rows × cols]` array. */
function pack(a: Float32Array, n: number, r0: number, rows: number, c0: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) out.set(a.subarray((r0 + r) * n + c0, (r0 + r) * n + c0 + cols), r * cols);
  return out;
}

/** `[cols × rows]` transpose of the `[rows × cols]` row-major `m`. */
function transposed(m: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = m[r * cols + c]!;
  return out;
}

/**
 * Inverts a symmetric positive-definite float32 matrix in place with blocked algorithms whose
 * work is matrix products (`options.matmul`): a right-looking blocked Cholesky `A = L Lᵀ`, then
 * `W = L⁻¹` by block columns, then `A⁻¹ = Wᵀ W` by block rows — about n³/2 multiply-adds, all but
 * O(n·b²) of them in products of `[≥ b × b]` blocks (n = 10,000: 5·10¹¹). Diagonal blocks are
 * factored and inverted in float64. Only the lower triangle of the input is read; the whole
 * symmetric inverse is written. float32 throughout: for EASE's Gram matrix plus λI the
 * inverse agrees with the float64 one to about 1e-6 relative (tests).
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
  const blocks = blocksOf(n, b);
  const pass = Math.round((n * n * n) / 6);
  const tick = progressReporter(options.onProgress, 3 * pass);
  const cube = (m: number) => (m * m * m) / 6;
  /** `[size × size]` inverse of each diagonal block of L. */
  const diagInv: Float32Array[] = [];

  // 1. Cholesky, right-looking: factor the diagonal block, solve the panel below it, update the trailing lower triangle.
  for (const [k, blk] of blocks.entries()) {
    const { start: k0, size: kn } = blk;
    const d = factorBlock(a, n, k0, kn);
    for (let r = 0; r < kn; r++) for (let c = 0; c <= r; c++) a[(k0 + r) * n + k0 + c] = d[r * kn + c]!;
    invertLowerInPlace(d, kn);
    diagInv.push(Float32Array.from(d));
    const c0 = k0 + kn;
    const m = n - c0;
    if (m > 0) {
      // L_panel = A_panel · L_kk⁻ᵀ
      const panel = mm(pack(a, n, c0, m, k0, kn), transposed(diagInv[k]!, kn, kn), m, kn, kn);
      for (let r = 0; r < m; r++) a.set(panel.subarray(r * kn, (r + 1) * kn), (c0 + r) * n + k0);
      // A[R, c0 .. R end) -= L_panel[R] · (L_panel[0 .. w))ᵀ: [rn × kn]·[kn × w], the right operand
      // the first w columns of the panel's transpose
      const panelT = transposed(panel, m, kn);
      for (const rb of blocks.slice(k + 1)) {
        const w = rb.start + rb.size - c0;
        const prod = mm(panel.subarray((rb.start - c0) * kn, (rb.start - c0 + rb.size) * kn), pack(panelT, m, 0, kn, 0, w), rb.size, kn, w);
        for (let i = 0; i < rb.size; i++) {
          const row = (rb.start + i) * n + c0;
          const pr = i * w;
          for (let j = 0; j < w; j++) a[row + j]! -= prod[pr + j]!;
        }
      }
    }
    tick(pass - cube(n - c0));
  }

  // 2. W = L⁻¹ in place, block column by column: W_jj = L_jj⁻¹, W_ij = −L_ii⁻¹ · Σ_{j ≤ k < i} L_ik W_kj.
  for (const [j, jb] of blocks.entries()) {
    const { start: j0, size: jn } = jb;
    // column j of W from its diagonal down, packed [rows below j0 × jn], filled as rows are computed
    const col = new Float32Array((n - j0) * jn);
    col.set(diagInv[j]!);
    for (let r = 0; r < jn; r++) a.set(col.subarray(r * jn, (r + 1) * jn), (j0 + r) * n + j0);
    for (const [i, ib] of blocks.entries()) {
      if (i <= j) continue;
      const w = ib.start - j0;
      const t = mm(pack(a, n, ib.start, ib.size, j0, w), col.subarray(0, w * jn), ib.size, w, jn);
      const wij = mm(diagInv[i]!, t, ib.size, ib.size, jn);
      for (let r = 0; r < ib.size; r++) {
        const row = wij.subarray(r * jn, (r + 1) * jn);
        for (let c = 0; c < jn; c++) row[c] = -row[c]!;
        col.set(row, (w + r) * jn);
        a.set(row, (ib.start + r) * n + j0);
      }
    }
    tick(2 * pass - cube(n - j0 - jn));
  }

  // 3. A⁻¹ = Wᵀ W, lower triangle by block rows: C_i,[0 .. i] = (W_[i..],i)ᵀ · W_[i..],[0 .. i].
  for (const ib of blocks) {
    const { start: i0, size: inn } = ib;
    const m = n - i0;
    const cols = i0 + inn;
    const left = transposed(pack(a, n, i0, m, i0, inn), m, inn);
    const right = pack(a, n, i0, m, 0, cols);
    // W is lower triangular: right's rows above each column's block are zero where i0 + r < column block start — packed as stored (zeros above the diagonal are not stored, so clear them)
    for (let r = 0; r < inn; r++) right.fill(0, r * cols + i0 + r + 1, (r + 1) * cols);
    const c = mm(left, right, inn, m, cols);
    for (let r = 0; r < inn; r++) a.set(c.subarray(r * cols, r * cols + i0 + r + 1), (i0 + r) * n);
    tick(3 * pass - cube(n - i0 - inn));
  }
  tick(3 * pass);
  // mirror the lower triangle
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j]!;
}
