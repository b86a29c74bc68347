/** Test helpers (not shipped: excluded from the build). */
import { mulberry32 as rng } from '@twotower/utils';

/** Deterministic PRNG in [0, 1): `mulberry32` of `@twotower/utils` (the same stream this file's copy gave). */
export { rng };

/** Naive Gauss-Jordan inverse with partial pivoting, row-major `[n × n]`; the reference for tests. */
export function gaussJordanInverse(a: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]!) > Math.abs(m[piv * n + c]!)) piv = r;
    if (piv !== c) {
      for (let j = 0; j < n; j++) {
        [m[c * n + j], m[piv * n + j]] = [m[piv * n + j]!, m[c * n + j]!];
        [inv[c * n + j], inv[piv * n + j]] = [inv[piv * n + j]!, inv[c * n + j]!];
      }
    }
    const d = m[c * n + c]!;
    for (let j = 0; j < n; j++) {
      m[c * n + j]! /= d;
      inv[c * n + j]! /= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r * n + c]!;
      if (f === 0) continue;
      for (let j = 0; j < n; j++) {
        m[r * n + j]! -= f * m[c * n + j]!;
        inv[r * n + j]! -= f * inv[c * n + j]!;
      }
    }
  }
  return inv;
}

/** A random symmetric positive-definite matrix `MᵀM + ridge·I`. */
export function randomSpd(n: number, seed: number, ridge = 1): Float64Array {
  const r = rng(seed);
  const m = new Float64Array(n * n).map(() => r() * 2 - 1);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += m[k * n + i]! * m[k * n + j]!;
      a[i * n + j] = s + (i === j ? ridge : 0);
    }
  }
  return a;
}

/** Largest |x − y| over the largest |y|: a float32 result against its float64 reference. */
export function relDiff(x: Float32Array, y: Float64Array): number {
  let m = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    m = Math.max(m, Math.abs(x[i]! - y[i]!));
    s = Math.max(s, Math.abs(y[i]!));
  }
  return m / s;
}
