/** Seeded synthetic vectors for tests and benchmarks. */
import { boxMuller, mulberry32 } from '@twotower/utils';

/** Options of {@link clusteredVectors}. */
export interface ClusteredVectorsOptions {
  /** Number of vectors. */
  n: number;
  /** Dimension. */
  dim: number;
  /** Number of Gaussian clusters. Default 100. */
  clusters?: number;
  /** Standard deviation of points around their centre (centres are standard normal). Default 0.3. */
  spread?: number;
  /** Random seed. Default 1. */
  seed?: number;
}

/**
 * `n × dim` vectors drawn around `clusters` random centres (a Gaussian mixture), deterministic
 * for a seed: the kind of data embeddings look like, and harder for an ANN index than it is for
 * uniform noise to look easy.
 * @returns `[n, dim]` row-major.
 */
export function clusteredVectors(options: ClusteredVectorsOptions): Float32Array {
  const { n, dim } = options;
  const clusters = options.clusters ?? 100;
  const spread = options.spread ?? 0.3;
  const random = mulberry32(options.seed ?? 1);
  const normal = boxMuller(random);
  const centres = new Float32Array(clusters * dim);
  for (let i = 0; i < centres.length; i++) centres[i] = normal();
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(random() * clusters);
    for (let j = 0; j < dim; j++) out[i * dim + j] = centres[c * dim + j]! + spread * normal();
  }
  return out;
}
