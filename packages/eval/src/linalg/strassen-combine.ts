import type { GemmTask, MatrixRegion } from './gemm';

/**
 * C (mode)= the Winograd combination of the seven `[h × w]` products `m` (each stored with row
 * stride `w` from offset 0), in one pass: `C₁₁ = M₁ + M₂`, `C₁₂ = M₁ + M₆ + M₅ + M₃`,
 * `C₂₁ = M₁ + M₆ + M₇ − M₄`, `C₂₂ = M₁ + M₆ + M₇ + M₅` (C's quadrants cropped to C, which is at
 * most `[2h × 2w]`). `i0`/`i1` (default `0`/`h`): only the products' rows `[i0, i1)`, i.e. C's rows
 * `[i0, i1)` and `[h + i0, h + i1)`, so that disjoint ranges can run at once on several threads.
 */
export function combineInto(c: MatrixRegion, m: readonly Float32Array[], h: number, w: number, mode: GemmTask['mode'], i0 = 0, i1 = h): void {
  const [m1, m2, m3, m4, m5, m6, m7] = m as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const cd = c.data;
  const s = mode === 'sub' ? -1 : 1;
  const set = mode === 'set';
  const rows2 = c.rows - h;
  const cols2 = c.cols - w;
  for (let i = i0; i < i1; i++) {
    const o = i * w;
    const c1 = c.offset + i * c.stride;
    const c2 = c1 + h * c.stride;
    const low = i < rows2;
    for (let j = 0; j < w; j++) {
      const x1 = m1[o + j]!;
      const x5 = m5[o + j]!;
      const u2 = x1 + m6[o + j]!;
      const u3 = u2 + m7[o + j]!;
      const c11 = x1 + m2[o + j]!;
      const c12 = u2 + x5 + m3[o + j]!;
      const c21 = u3 - m4[o + j]!;
      const c22 = u3 + x5;
      const right = j < cols2;
      if (set) {
        cd[c1 + j] = c11;
        if (right) cd[c1 + w + j] = c12;
        if (low) {
          cd[c2 + j] = c21;
          if (right) cd[c2 + w + j] = c22;
        }
      } else {
        cd[c1 + j]! += s * c11;
        if (right) cd[c1 + w + j]! += s * c12;
        if (low) {
          cd[c2 + j]! += s * c21;
          if (right) cd[c2 + w + j]! += s * c22;
        }
      }
    }
  }
}
