import { VizInputError } from './errors';
import { exactKnn } from './knn';
import { countRows, type Vectors } from './vectors';

/** Options of {@link trustworthiness}. */
export interface TrustworthinessOptions {
  /** Neighbourhood size k. Default 5 (scikit-learn's default). */
  neighbours?: number;
}

/**
 * Trustworthiness of a low-dimensional projection (Venna & Kaski 2001; the same definition as
 * scikit-learn's `sklearn.manifold.trustworthiness`): 1 minus a penalty for every point that
 * is among a row's k nearest neighbours in the projection but not in the original space,
 * weighted by how far down the original ranking it sits. 1 means every projected neighbourhood
 * is a true one; random projections score about 0.5.
 *
 * O(n² · dim) time, O(n) memory beyond the k-NN of the projection.
 *
 * @param high `[n, highDim]` original vectors.
 * @param low `[n, lowDim]` projection (usually lowDim = 2).
 */
export function trustworthiness(
  high: Vectors,
  highDim: number,
  low: Vectors,
  lowDim = 2,
  options: TrustworthinessOptions = {},
): number {
  const n = countRows(high, highDim, 'high');
  const nLow = countRows(low, lowDim, 'low');
  if (n !== nLow) {
    throw new VizInputError('low', `has ${nLow} rows but high has ${n}: pass the projection of the same rows`);
  }
  const k = options.neighbours ?? 5;
  if (!Number.isInteger(k) || k < 1 || k >= n / 2) {
    throw new VizInputError('neighbours', `must be an integer in [1, n/2) = [1, ${n / 2}); got ${k}`);
  }
  const lowKnn = exactKnn(low, lowDim, k);
  const row = new Float64Array(n);
  let penalty = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let d = 0;
      for (let c = 0; c < highDim; c++) {
        const t = high[i * highDim + c]! - high[j * highDim + c]!;
        d += t * t;
      }
      row[j] = d;
    }
    for (let t = 0; t < k; t++) {
      const j = lowKnn.indices[i * k + t]!;
      const dj = row[j]!;
      // rank of j among i's neighbours in the original space (1 = nearest; ties by index)
      let rank = 1;
      for (let l = 0; l < n; l++) {
        if (l === i || l === j) continue;
        const dl = row[l]!;
        if (dl < dj || (dl === dj && l < j)) rank++;
      }
      if (rank > k) penalty += rank - k;
    }
  }
  return 1 - (penalty * 2) / (n * k * (2 * n - 3 * k - 1));
}
