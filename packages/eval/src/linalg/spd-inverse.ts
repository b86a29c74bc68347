import { progressReporter, type ProgressCallback } from '@twotower/utils';
import { EvalInputError, checkInteger } from '../errors';

/** Options of {@link invertSpdInPlace}. */
export interface SpdInverseOptions {
  /**
   * Called about 100 times with the estimated multiply-adds done of the {@link spdInverseWork}`(n)`
   * total (the three passes take about n³/6 each), the last with `done === total`.
   */
  onProgress?: ProgressCallback;
}

/** The work {@link invertSpdInPlace} reports for an `n × n` matrix: three passes of ~n³/6 multiply-adds. */
export function spdInverseWork(n: number): number {
  return 3 * cubeWork(n);
}

/** Multiply-adds of a triangular pass over the first `m` rows: ~m³/6. */
function cubeWork(m: number): number {
  return Math.round((m * m * m) / 6);
}

/**
 * Inverts a symmetric positive-definite matrix in place, on one `n × n` Float64Array (row-major)
 * plus O(n) scratch: Cholesky `A = L Lᵀ` (row-oriented), then `U = L⁻ᵀ` and `A⁻¹ = U Uᵀ`. Every
 * inner loop is a dot product over contiguous rows, computed for four rows at once so that each
 * row streamed from memory is used four times. About n³/2 multiply-adds (n = 1682: ~2.4e9, a few
 * seconds in V8). Only the lower triangle of the input is read.
 *
 * Layout while it runs: L lives in the strict lower triangle (its diagonal in scratch), U in the
 * upper triangle with the diagonal; the inverse is written into the strict lower triangle as U is
 * consumed, and mirrored at the end.
 *
 * @param a `[n × n]` row-major; overwritten with the full symmetric inverse.
 * @param n matrix order.
 * @param options `onProgress` (see {@link SpdInverseOptions}).
 * @throws EvalInputError naming the pivot row when the matrix is not positive definite.
 */
export function invertSpdInPlace(a: Float64Array, n: number, options: SpdInverseOptions = {}): void {
  checkInteger('n', n, 0);
  if (a.length !== n * n) {
    throw new EvalInputError('a', `has length ${a.length}, expected n × n = ${n * n}`);
  }
  const diag = new Float64Array(n);
  const pass = cubeWork(n);
  const tick = progressReporter(options.onProgress, 3 * pass);
  // Each pass reports after every block of four rows: the first grows as rows³, the others shrink as (n − rows)³.
  cholesky(a, n, diag, (rows) => tick(cubeWork(rows)));
  invertFactor(a, n, diag, (rows) => tick(2 * pass - cubeWork(n - rows)));
  multiplyFactor(a, n, diag, (rows) => tick(3 * pass - cubeWork(n - rows)));
  tick(3 * pass);
  // Mirror the lower triangle to the upper and put the diagonal back.
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    a[ri + i] = diag[i]!;
    for (let j = 0; j < i; j++) a[j * n + i] = a[ri + j]!;
  }
}

/**
 * Cholesky–Banachiewicz, four rows at a time: L[i][j] = (A[i][j] - Σ_{k<j} L[i][k] L[j][k]) / L[j][j].
 * Leaves L in the lower triangle and its diagonal in `diag`.
 */
function cholesky(a: Float64Array, n: number, diag: Float64Array, rowsDone: (rows: number) => void): void {
  for (let i0 = 0; i0 < n; i0 += 4) {
    const m = Math.min(4, n - i0);
    // Columns left of the block: rows i0..i0+m-1 against finished rows j.
    for (let j = 0; j < i0; j++) {
      const rj = j * n;
      const d = diag[j]!;
      if (m === 4) {
        const r0 = i0 * n;
        const r1 = r0 + n;
        const r2 = r1 + n;
        const r3 = r2 + n;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let k = 0; k < j; k++) {
          const v = a[rj + k]!;
          s0 += a[r0 + k]! * v;
          s1 += a[r1 + k]! * v;
          s2 += a[r2 + k]! * v;
          s3 += a[r3 + k]! * v;
        }
        a[r0 + j] = (a[r0 + j]! - s0) / d;
        a[r1 + j] = (a[r1 + j]! - s1) / d;
        a[r2 + j] = (a[r2 + j]! - s2) / d;
        a[r3 + j] = (a[r3 + j]! - s3) / d;
      } else {
        for (let r = 0; r < m; r++) {
          const ri = (i0 + r) * n;
          a[ri + j] = (a[ri + j]! - dot(a, ri, rj, 0, j)) / d;
        }
      }
    }
    // The triangle inside the block.
    for (let i = i0; i < i0 + m; i++) {
      const ri = i * n;
      for (let j = i0; j <= i; j++) {
        const rj = j * n;
        const s = a[ri + j]! - dot(a, ri, rj, 0, j);
        if (i === j) {
          if (!(s > 0)) {
            throw new EvalInputError(
              `a[${i}][${i}]`,
              `pivot ${s} is not positive: the matrix is not positive definite (or is too ill-conditioned); add a larger ridge to the diagonal`,
            );
          }
          diag[i] = Math.sqrt(s);
        } else {
          a[ri + j] = s / diag[j]!;
        }
      }
    }
    rowsDone(i0 + m);
  }
}

/**
 * U = (L⁻¹)ᵀ, row j of U = column j of L⁻¹, into the upper triangle with the diagonal, four rows j
 * at a time: U[j][j] = 1 / L[j][j]; U[j][i] = -(Σ_{k=j}^{i-1} L[i][k] U[j][k]) / L[i][i] for i > j.
 */
function invertFactor(a: Float64Array, n: number, diag: Float64Array, rowsDone: (rows: number) => void): void {
  for (let j0 = 0; j0 < n; j0 += 4) {
    const m = Math.min(4, n - j0);
    for (let r = 0; r < m; r++) a[(j0 + r) * n + j0 + r] = 1 / diag[j0 + r]!;
    // Columns inside the block's span: one row at a time.
    for (let i = j0 + 1; i < j0 + m; i++) {
      const ri = i * n;
      for (let j = j0; j < i; j++) a[j * n + i] = -dot(a, ri, j * n, j, i) / diag[i]!;
    }
    if (m < 4) {
      for (let i = j0 + m; i < n; i++) {
        const ri = i * n;
        for (let j = j0; j < j0 + m; j++) a[j * n + i] = -dot(a, ri, j * n, j, i) / diag[i]!;
      }
      continue;
    }
    const u0 = j0 * n;
    const u1 = u0 + n;
    const u2 = u1 + n;
    const u3 = u2 + n;
    const k0 = j0 + 4;
    for (let i = k0; i < n; i++) {
      const ri = i * n;
      // Prefix k in [j_r, j0 + 3] (row r starts at its own diagonal), then the shared span.
      let s0 = dot(a, ri, u0, j0, k0);
      let s1 = dot(a, ri, u1, j0 + 1, k0);
      let s2 = dot(a, ri, u2, j0 + 2, k0);
      let s3 = a[ri + j0 + 3]! * a[u3 + j0 + 3]!;
      for (let k = k0; k < i; k++) {
        const l = a[ri + k]!;
        s0 += l * a[u0 + k]!;
        s1 += l * a[u1 + k]!;
        s2 += l * a[u2 + k]!;
        s3 += l * a[u3 + k]!;
      }
      const d = diag[i]!;
      a[u0 + i] = -s0 / d;
      a[u1 + i] = -s1 / d;
      a[u2 + i] = -s2 / d;
      a[u3 + i] = -s3 / d;
    }
    rowsDone(j0 + 4);
  }
}

/**
 * A⁻¹ = L⁻ᵀ L⁻¹ = U Uᵀ restricted to k >= max(p, q): P[p][q] = Σ_{k>=q} U[p][k] U[q][k] for p <= q,
 * four rows p at a time. P[p][q] (p < q) goes to the strict lower slot [q][p] (L is no longer
 * needed), P[p][p] to `diag` (L's diagonal is no longer needed either).
 */
function multiplyFactor(a: Float64Array, n: number, diag: Float64Array, rowsDone: (rows: number) => void): void {
  for (let p0 = 0; p0 < n; p0 += 4) {
    const m = Math.min(4, n - p0);
    const qShared = m === 4 ? p0 + 3 : n; // from here on every row of the block has p <= q
    for (let q = p0; q < qShared && q < n; q++) {
      const rq = q * n;
      for (let p = p0; p < p0 + m && p <= q; p++) {
        const s = dot(a, p * n, rq, q, n);
        if (p === q) diag[p] = s;
        else a[rq + p] = s;
      }
    }
    if (m < 4) continue;
    const r0 = p0 * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    for (let q = qShared; q < n; q++) {
      const rq = q * n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = q; k < n; k++) {
        const v = a[rq + k]!;
        s0 += a[r0 + k]! * v;
        s1 += a[r1 + k]! * v;
        s2 += a[r2 + k]! * v;
        s3 += a[r3 + k]! * v;
      }
      a[rq + p0] = s0;
      a[rq + p0 + 1] = s1;
      a[rq + p0 + 2] = s2;
      if (q === p0 + 3) diag[q] = s3;
      else a[rq + p0 + 3] = s3;
    }
    rowsDone(p0 + 4);
  }
}

/** Σ_{k ∈ [from, to)} a[ri + k] · a[rj + k], unrolled by two accumulators. */
function dot(a: Float64Array, ri: number, rj: number, from: number, to: number): number {
  let s0 = 0;
  let s1 = 0;
  let k = from;
  for (; k + 1 < to; k += 2) {
    s0 += a[ri + k]! * a[rj + k]!;
    s1 += a[ri + k + 1]! * a[rj + k + 1]!;
  }
  if (k < to) s0 += a[ri + k]! * a[rj + k]!;
  return s0 + s1;
}
