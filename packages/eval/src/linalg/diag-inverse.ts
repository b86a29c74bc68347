import { factorBlock, invertLowerInPlace } from './small-blocks';
import type { MatMulF32 } from './matmul';

/** Blocks up to this size are factored and inverted in float64 JavaScript; larger ones are halved. */
const BASE = 128;

/** `[rows × cols]` at (r0, c0) of the row-major `[· × n]` `s`, as float32. */
function sub(s: Float64Array, n: number, r0: number, c0: number, rows: number, cols: number, transpose = false): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = s[(r0 + r) * n + c0 + c]!;
      if (transpose) out[c * rows + r] = v;
      else out[r * cols + c] = v;
    }
  }
  return out;
}

/**
 * `L⁻¹` of the Cholesky factor of the symmetric positive-definite `[size × size]` float64 `s`
 * (lower triangle read), zeros above the diagonal. Halved recursively: `L₁₁⁻¹` of the top-left,
 * `L₂₁ = S₂₁ L₁₁⁻ᵀ`, the bottom-right's `(S₂₂ − L₂₁ L₂₁ᵀ)`, then `L⁻¹₂₁ = −L₂₂⁻¹ L₂₁ L₁₁⁻¹`; the
 * products on `mm` (float32), the pieces of up to 128 rows in float64 JavaScript.
 * @param row0 row of the whole matrix where `s` starts (named by the error of a non-positive pivot).
 */
function cholInverse(s: Float64Array, size: number, row0: number, mm: MatMulF32): Float64Array {
  if (size <= BASE) {
    const d = factorBlock(s, size, 0, size, row0);
    invertLowerInPlace(d, size);
    return d;
  }
  const h = size >> 1;
  const t = size - h;
  const top = new Float64Array(h * h);
  for (let r = 0; r < h; r++) for (let c = 0; c <= r; c++) top[r * h + c] = s[r * size + c]!;
  const x11 = cholInverse(top, h, row0, mm);
  // L₂₁ = S₂₁ · X₁₁ᵀ   [t × h]
  const l21 = mm(sub(s, size, h, 0, t, h), sub(x11, h, 0, 0, h, h, true), t, h, h);
  // S₂₂ − L₂₁ L₂₁ᵀ
  const l21t = new Float32Array(h * t);
  for (let r = 0; r < t; r++) for (let c = 0; c < h; c++) l21t[c * t + r] = l21[r * h + c]!;
  const upd = mm(l21, l21t, t, h, t);
  const bottom = new Float64Array(t * t);
  for (let r = 0; r < t; r++) for (let c = 0; c <= r; c++) bottom[r * t + c] = s[(h + r) * size + h + c]! - upd[r * t + c]!;
  const x22 = cholInverse(bottom, t, row0 + h, mm);
  // X₂₁ = −X₂₂ · L₂₁ · X₁₁   [t × h]
  const x21 = mm(mm(sub(x22, t, 0, 0, t, t), l21, t, t, h), sub(x11, h, 0, 0, h, h), t, h, h);
  const out = new Float64Array(size * size);
  for (let r = 0; r < h; r++) out.set(x11.subarray(r * h, r * h + r + 1), r * size);
  for (let r = 0; r < t; r++) {
    const o = (h + r) * size;
    for (let c = 0; c < h; c++) out[o + c] = -x21[r * h + c]!;
    out.set(x22.subarray(r * t, r * t + r + 1), o + h);
  }
  return out;
}

/**
 * The inverse `L⁻¹` of the Cholesky factor of the diagonal block `a[k0 .. k0+kn)²` (row stride
 * `n`, lower triangle read), as a new `[kn × kn]` float32 array on a SharedArrayBuffer (zeros above
 * the diagonal). Blocks above 128 rows are halved and their products run on `mm`.
 * @throws EvalInputError naming the row of `a` whose pivot is not positive.
 */
export function diagonalBlockInverse(a: Float32Array, n: number, k0: number, kn: number, mm: MatMulF32): Float32Array {
  const s = new Float64Array(kn * kn);
  for (let r = 0; r < kn; r++) for (let c = 0; c <= r; c++) s[r * kn + c] = a[(k0 + r) * n + k0 + c]!;
  const x = cholInverse(s, kn, k0, mm);
  const out = new Float32Array(new SharedArrayBuffer(kn * kn * 4));
  out.set(x);
  return out;
}
