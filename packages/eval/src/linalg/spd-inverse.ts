import { EvalInputError, checkInteger } from '../errors';

/**
 * Inverts a symmetric positive-definite matrix in place, on one `n × n` Float64Array (row-major)
 * plus O(n) scratch: Cholesky `A = L Lᵀ` (row-oriented), then `U = L⁻ᵀ` and `A⁻¹ = U Uᵀ`, every
 * inner loop a dot product of two contiguous rows. About n³/2 multiply-adds (n = 1682: ~2.4e9,
 * a few seconds in V8). Only the lower triangle of the input is read.
 *
 * Layout while it runs: L lives in the strict lower triangle (its diagonal in scratch), U in the
 * upper triangle with the diagonal; the inverse is written into the strict lower triangle as U is
 * consumed, and mirrored at the end.
 *
 * @param a `[n × n]` row-major; overwritten with the full symmetric inverse.
 * @param n matrix order.
 * @throws EvalInputError naming the pivot row when the matrix is not positive definite.
 */
export function invertSpdInPlace(a: Float64Array, n: number): void {
  checkInteger('n', n, 0);
  if (a.length !== n * n) {
    throw new EvalInputError('a', `has length ${a.length}, expected n × n = ${n * n}`);
  }
  const diagL = new Float64Array(n);

  // 1. Cholesky–Banachiewicz: L[i][j] = (A[i][j] - Σ_{k<j} L[i][k] L[j][k]) / L[j][j].
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      const s = a[ri + j]! - dot(a, ri, rj, j);
      if (i === j) {
        if (!(s > 0)) {
          throw new EvalInputError(
            `a[${i}][${i}]`,
            `pivot ${s} is not positive: the matrix is not positive definite (or is too ill-conditioned); add a larger ridge to the diagonal`,
          );
        }
        const d = Math.sqrt(s);
        diagL[i] = d;
        a[ri + i] = d;
      } else {
        a[ri + j] = s / diagL[j]!;
      }
    }
  }

  // 2. U = (L⁻¹)ᵀ, row j of U = column j of L⁻¹, stored in the upper triangle (with diagonal):
  //    U[j][j] = 1 / L[j][j];  U[j][i] = -(Σ_{k=j}^{i-1} L[i][k] U[j][k]) / L[i][i]  for i > j.
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    a[rj + j] = 1 / diagL[j]!;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = 0;
      let k = j;
      for (; k + 3 < i; k += 4) {
        s += a[ri + k]! * a[rj + k]! + a[ri + k + 1]! * a[rj + k + 1]! + a[ri + k + 2]! * a[rj + k + 2]! + a[ri + k + 3]! * a[rj + k + 3]!;
      }
      for (; k < i; k++) s += a[ri + k]! * a[rj + k]!;
      a[rj + i] = -s / diagL[i]!;
    }
  }

  // 3. A⁻¹ = L⁻ᵀ L⁻¹ = U Uᵀ restricted to k >= max(p, q): P[p][q] = Σ_{k>=q} U[p][k] U[q][k], p <= q.
  //    P[p][q] (p < q) goes to the strict lower slot [q][p] (L is no longer needed); P[p][p] to scratch.
  const diagP = diagL; // L's diagonal is no longer needed either
  for (let p = 0; p < n; p++) {
    const rp = p * n;
    for (let q = p; q < n; q++) {
      const rq = q * n;
      let s = 0;
      let k = q;
      for (; k + 3 < n; k += 4) {
        s += a[rp + k]! * a[rq + k]! + a[rp + k + 1]! * a[rq + k + 1]! + a[rp + k + 2]! * a[rq + k + 2]! + a[rp + k + 3]! * a[rq + k + 3]!;
      }
      for (; k < n; k++) s += a[rp + k]! * a[rq + k]!;
      if (q === p) diagP[p] = s;
      else a[rq + p] = s;
    }
  }
  // 4. Mirror the lower triangle to the upper and put the diagonal back.
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    a[ri + i] = diagP[i]!;
    for (let j = 0; j < i; j++) a[j * n + i] = a[ri + j]!;
  }
}

/** Σ_{k<len} a[ri + k] · a[rj + k], unrolled by four. */
function dot(a: Float64Array, ri: number, rj: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += a[ri + k]! * a[rj + k]! + a[ri + k + 2]! * a[rj + k + 2]!;
    s1 += a[ri + k + 1]! * a[rj + k + 1]! + a[ri + k + 3]! * a[rj + k + 3]!;
  }
  for (; k < len; k++) s0 += a[ri + k]! * a[rj + k]!;
  return s0 + s1;
}
