import { VizInputError } from './errors';
import { SeededRandom } from './random';
import { symmetricEigen } from './symmetric-eigen';
import { countRows, type Vectors } from './vectors';

/** Options of {@link pca}. */
export interface PcaOptions {
  /** Number of principal components to keep. Default 2. */
  components?: number;
  /**
   * Largest dimension solved exactly (covariance matrix + Jacobi eigen-decomposition). Wider
   * data uses subspace iteration on the covariance operator. Default 256.
   */
  exactMaxDim?: number;
  /** Seed of the subspace iteration's starting block (wide data only). Default 0. */
  seed?: number;
}

/** What {@link pca} returns. */
export interface PcaResult {
  /** The projected data, `[n, components]` row-major. */
  projection: Float32Array;
  /** Principal axes, `[components, dim]` row-major, unit length; each axis's largest-magnitude entry is positive. */
  components: Float64Array;
  /** Variance along each axis (sample variance, divided by n − 1), descending. */
  explainedVariance: Float64Array;
  /** `explainedVariance` divided by the total variance of the data. */
  explainedVarianceRatio: Float64Array;
  /** Column means that were subtracted, `[dim]`. */
  mean: Float64Array;
}

/**
 * Principal component analysis.
 *
 * @param data `[n, dim]` row-major vectors.
 * @param dim width of each row.
 */
export function pca(data: Vectors, dim: number, options: PcaOptions = {}): PcaResult {
  const n = countRows(data, dim);
  const k = options.components ?? 2;
  if (!Number.isInteger(k) || k < 1 || k > dim) {
    throw new VizInputError('components', `must be an integer in [1, ${dim}] (the data's dim); got ${k}`);
  }
  if (n < 2) throw new VizInputError('data', `PCA needs at least 2 rows; got ${n}`);
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let c = 0; c < dim; c++) mean[c]! += data[i * dim + c]!;
  for (let c = 0; c < dim; c++) mean[c]! /= n;
  const centred = new Float64Array(n * dim);
  let totalVar = 0;
  for (let i = 0; i < n * dim; i++) {
    const x = data[i]! - mean[i % dim]!;
    centred[i] = x;
    totalVar += x * x;
  }
  totalVar /= n - 1;

  const axes =
    dim <= (options.exactMaxDim ?? 256)
      ? exactAxes(centred, n, dim, k)
      : subspaceAxes(centred, n, dim, k, options.seed ?? 0);

  const components = new Float64Array(k * dim);
  const explainedVariance = new Float64Array(k);
  const explainedVarianceRatio = new Float64Array(k);
  for (let r = 0; r < k; r++) {
    let big = 0;
    for (let c = 0; c < dim; c++) if (Math.abs(axes.vectors[r * dim + c]!) > Math.abs(big)) big = axes.vectors[r * dim + c]!;
    const sign = big < 0 ? -1 : 1;
    for (let c = 0; c < dim; c++) components[r * dim + c] = sign * axes.vectors[r * dim + c]!;
    explainedVariance[r] = Math.max(0, axes.values[r]!);
    explainedVarianceRatio[r] = totalVar > 0 ? explainedVariance[r]! / totalVar : 0;
  }
  const projection = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < k; r++) {
      let s = 0;
      for (let c = 0; c < dim; c++) s += centred[i * dim + c]! * components[r * dim + c]!;
      projection[i * k + r] = s;
    }
  }
  return { projection, components, explainedVariance, explainedVarianceRatio, mean };
}

function covariance(x: Float64Array, n: number, dim: number): Float64Array {
  const cov = new Float64Array(dim * dim);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    for (let a = 0; a < dim; a++) {
      const xa = x[o + a]!;
      if (xa === 0) continue;
      const row = a * dim;
      for (let b = a; b < dim; b++) cov[row + b]! += xa * x[o + b]!;
    }
  }
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) {
      const v = cov[a * dim + b]! / (n - 1);
      cov[a * dim + b] = v;
      cov[b * dim + a] = v;
    }
  }
  return cov;
}

function exactAxes(x: Float64Array, n: number, dim: number, k: number): { values: Float64Array; vectors: Float64Array } {
  const { values, vectors } = symmetricEigen(covariance(x, n, dim), dim);
  return { values: values.subarray(0, k), vectors: vectors.subarray(0, k * dim) };
}

/** Top-k axes of wide data: block power iteration on C = XᵀX/(n−1), then Rayleigh–Ritz. */
function subspaceAxes(
  x: Float64Array,
  n: number,
  dim: number,
  k: number,
  seed: number,
): { values: Float64Array; vectors: Float64Array } {
  const m = Math.min(dim, k + 8);
  const rng = new SeededRandom(seed);
  let q = new Float64Array(m * dim); // rows are basis vectors
  for (let i = 0; i < q.length; i++) q[i] = rng.normal();
  orthonormalizeRows(q, m, dim);
  const xq = new Float64Array(n * m);
  const applyC = (basis: Float64Array): Float64Array => {
    // xq = X · basisᵀ  [n, m]; out = (Xᵀ · xq)ᵀ / (n − 1)  [m, dim]
    xq.fill(0);
    for (let i = 0; i < n; i++) {
      for (let r = 0; r < m; r++) {
        let s = 0;
        for (let c = 0; c < dim; c++) s += x[i * dim + c]! * basis[r * dim + c]!;
        xq[i * m + r] = s;
      }
    }
    const out = new Float64Array(m * dim);
    for (let i = 0; i < n; i++) {
      for (let r = 0; r < m; r++) {
        const w = xq[i * m + r]! / (n - 1);
        if (w === 0) continue;
        for (let c = 0; c < dim; c++) out[r * dim + c]! += w * x[i * dim + c]!;
      }
    }
    return out;
  };
  for (let it = 0; it < 60; it++) {
    q = applyC(q);
    orthonormalizeRows(q, m, dim);
  }
  const cq = applyC(q);
  const t = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      let s = 0;
      for (let c = 0; c < dim; c++) s += q[a * dim + c]! * cq[b * dim + c]!;
      t[a * m + b] = s;
    }
  }
  for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) t[a * m + b] = t[b * m + a] = (t[a * m + b]! + t[b * m + a]!) / 2;
  const small = symmetricEigen(t, m);
  const vectors = new Float64Array(k * dim);
  for (let r = 0; r < k; r++) {
    for (let a = 0; a < m; a++) {
      const w = small.vectors[r * m + a]!;
      for (let c = 0; c < dim; c++) vectors[r * dim + c]! += w * q[a * dim + c]!;
    }
  }
  return { values: small.values.subarray(0, k), vectors };
}

function orthonormalizeRows(q: Float64Array, m: number, dim: number): void {
  for (let r = 0; r < m; r++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < r; p++) {
        let d = 0;
        for (let c = 0; c < dim; c++) d += q[r * dim + c]! * q[p * dim + c]!;
        for (let c = 0; c < dim; c++) q[r * dim + c]! -= d * q[p * dim + c]!;
      }
    }
    let norm = 0;
    for (let c = 0; c < dim; c++) norm += q[r * dim + c]! ** 2;
    norm = Math.sqrt(norm);
    if (norm < 1e-300) {
      for (let c = 0; c < dim; c++) q[r * dim + c] = c === r % dim ? 1 : 0;
    } else {
      for (let c = 0; c < dim; c++) q[r * dim + c]! /= norm;
    }
  }
}
