import { EvalInputError } from '../errors';

/**
 * Cholesky factor of the diagonal block `a[k0 .. k0+kn)²` (row stride `n`, lower triangle read)
 * in float64: a new `[kn × kn]` array holding L (zeros above the diagonal). `row0`: the row of the
 * whole matrix where the block starts, for the error (default `k0`).
 * @throws EvalInputError naming the row of `a` whose pivot is not positive.
 */
export function factorBlock(a: Float32Array | Float64Array, n: number, k0: number, kn: number, row0 = k0): Float64Array {
  const d = new Float64Array(kn * kn);
  for (let r = 0; r < kn; r++) for (let c = 0; c <= r; c++) d[r * kn + c] = a[(k0 + r) * n + k0 + c]!;
  for (let j = 0; j < kn; j++) {
    const rj = j * kn;
    let s = d[rj + j]!;
    for (let p = 0; p < j; p++) s -= d[rj + p]! * d[rj + p]!;
    if (!(s > 0)) {
      throw new EvalInputError(`a[${row0 + j}][${row0 + j}]`, `pivot ${s} is not positive: the matrix is not positive definite (raise the regularisation λ)`);
    }
    const djj = Math.sqrt(s);
    d[rj + j] = djj;
    for (let i = j + 1; i < kn; i++) {
      const ri = i * kn;
      let t = d[ri + j]!;
      for (let p = 0; p < j; p++) t -= d[ri + p]! * d[rj + p]!;
      d[ri + j] = t / djj;
    }
  }
  return d;
}

/** Inverts the lower-triangular `[kn × kn]` `d` in place (zeros above the diagonal stay zero). */
export function invertLowerInPlace(d: Float64Array, kn: number): void {
  // row by row: X_i = (e_i − Σ_{p < i} L_ip X_p) / L_ii, each step an axpy over a contiguous row of X
  const x = new Float64Array(kn * kn);
  for (let i = 0; i < kn; i++) {
    const xi = i * kn;
    for (let p = 0; p < i; p++) {
      const l = d[xi + p]!;
      if (l === 0) continue;
      const xp = p * kn;
      for (let j = 0; j <= p; j++) x[xi + j]! -= l * x[xp + j]!;
    }
    const inv = 1 / d[xi + i]!;
    for (let j = 0; j < i; j++) x[xi + j]! *= inv;
    x[xi + i] = inv;
  }
  d.set(x);
}

/** Copies the lower triangle of the `[n × n]` `a` onto its upper triangle, in cache-sized tiles. */
export function mirrorLower(a: Float32Array, n: number): void {
  const T = 32;
  for (let it = 0; it < n; it += T) {
    const ie = Math.min(n, it + T);
    for (let jt = 0; jt <= it; jt += T) {
      for (let i = it; i < ie; i++) {
        const je = Math.min(i, jt + T);
        for (let j = jt; j < je; j++) a[j * n + i] = a[i * n + j]!;
      }
    }
  }
}
