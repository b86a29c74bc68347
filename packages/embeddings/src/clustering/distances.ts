/**
 * @internal Squared row norms `||x_i||²` of `[rows × dim]` data, accumulated in double.
 */
export function rowSquaredNorms(x: ArrayLike<number>, rows: number, dim: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0, o = 0; i < rows; i++, o += dim) {
    let s = 0;
    for (let d = 0; d < dim; d++) {
      const v = x[o + d]!;
      s += v * v;
    }
    out[i] = s;
  }
  return out;
}

/** @internal `||x_i − c_j||²` computed directly (no cancellation), in double. */
export function squaredDistance(x: Float64Array, xo: number, c: Float64Array, co: number, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) {
    const t = x[xo + d]! - c[co + d]!;
    s += t * t;
  }
  return s;
}

/** @internal Dot product of row `xo` of `x` and row `co` of `c` (both of length `dim`). */
export function dot(x: Float64Array, xo: number, c: Float64Array, co: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let d = 0;
  for (; d + 1 < dim; d += 2) {
    s0 += x[xo + d]! * c[co + d]!;
    s1 += x[xo + d + 1]! * c[co + d + 1]!;
  }
  if (d < dim) s0 += x[xo + d]! * c[co + d]!;
  return s0 + s1;
}

/**
 * @internal The nearest and second nearest of centres `[from, k)` of `c` `[k × dim]` to row `xo` of `x`, by
 * `||x||² + ||c||² − 2x·c` four centres at a time (the row's values are read once per four).
 * Writes `[index, squared distance, second squared distance]` into `out` (Infinity when absent); ties go to the lower index.
 */
export function nearestTwo(x: Float64Array, xo: number, xNorm: number, c: Float64Array, cNorms: Float64Array, from: number, k: number, dim: number, out: Float64Array): void {
  let b1 = Infinity;
  let b2 = Infinity;
  let j1 = -1;
  let j = from;
  for (; j + 3 < k; j += 4) {
    const o0 = j * dim;
    const o1 = o0 + dim;
    const o2 = o1 + dim;
    const o3 = o2 + dim;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let d = 0; d < dim; d++) {
      const v = x[xo + d]!;
      s0 += v * c[o0 + d]!;
      s1 += v * c[o1 + d]!;
      s2 += v * c[o2 + d]!;
      s3 += v * c[o3 + d]!;
    }
    let t = xNorm + cNorms[j]! - 2 * s0;
    if (t < b1) {
      b2 = b1;
      b1 = t;
      j1 = j;
    } else if (t < b2) b2 = t;
    t = xNorm + cNorms[j + 1]! - 2 * s1;
    if (t < b1) {
      b2 = b1;
      b1 = t;
      j1 = j + 1;
    } else if (t < b2) b2 = t;
    t = xNorm + cNorms[j + 2]! - 2 * s2;
    if (t < b1) {
      b2 = b1;
      b1 = t;
      j1 = j + 2;
    } else if (t < b2) b2 = t;
    t = xNorm + cNorms[j + 3]! - 2 * s3;
    if (t < b1) {
      b2 = b1;
      b1 = t;
      j1 = j + 3;
    } else if (t < b2) b2 = t;
  }
  for (; j < k; j++) {
    const t = xNorm + cNorms[j]! - 2 * dot(x, xo, c, j * dim, dim);
    if (t < b1) {
      b2 = b1;
      b1 = t;
      j1 = j;
    } else if (t < b2) b2 = t;
  }
  out[0] = j1;
  out[1] = b1 > 0 ? b1 : 0;
  out[2] = b2 > 0 ? b2 : 0; // Infinity stays Infinity
}
