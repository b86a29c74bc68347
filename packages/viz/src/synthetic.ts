import { VizInputError } from './errors';
import { SeededRandom } from './random';

/** Options of {@link clusteredPoints}. */
export interface ClusteredPointsOptions {
  /** Number of points. Default 1000. */
  n?: number;
  /** Width of each point. Default 32. */
  dim?: number;
  /** Number of planted clusters (points are dealt round-robin). Default 10. */
  clusters?: number;
  /** Standard deviation of the cluster centres (per coordinate). Default 10. */
  centreSpread?: number;
  /** Standard deviation of points around their centre (per coordinate). Default 1. */
  pointSpread?: number;
  /** Seed. Default 0. */
  seed?: number;
}

/**
 * Gaussian blobs: `clusters` centres drawn from N(0, centreSpread²) per coordinate, points drawn
 * around them. For tests, benchmarks and demos.
 *
 * @returns `data` `[n, dim]` row-major and `labels` `[n]` (cluster of each point).
 */
export function clusteredPoints(options: ClusteredPointsOptions = {}): { data: Float32Array; labels: Int32Array; dim: number } {
  const n = options.n ?? 1000;
  const dim = options.dim ?? 32;
  const clusters = options.clusters ?? 10;
  if (!Number.isInteger(n) || n < 1) throw new VizInputError('n', `must be a positive integer; got ${n}`);
  if (!Number.isInteger(dim) || dim < 1) throw new VizInputError('dim', `must be a positive integer; got ${dim}`);
  if (!Number.isInteger(clusters) || clusters < 1) throw new VizInputError('clusters', `must be a positive integer; got ${clusters}`);
  const rng = new SeededRandom(options.seed ?? 0);
  const centreSpread = options.centreSpread ?? 10;
  const pointSpread = options.pointSpread ?? 1;
  const centres = new Float64Array(clusters * dim);
  for (let t = 0; t < centres.length; t++) centres[t] = centreSpread * rng.normal();
  const data = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    labels[i] = c;
    for (let d = 0; d < dim; d++) data[i * dim + d] = centres[c * dim + d]! + pointSpread * rng.normal();
  }
  return { data, labels, dim };
}
