/** Seeded synthetic vectors for tests and benchmarks. */

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

/** A small, fast, seeded PRNG (mulberry32) returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples from a uniform source (Box–Muller). */
export function gaussian(random: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
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
  const random = seededRandom(options.seed ?? 1);
  const normal = gaussian(random);
  const centres = new Float32Array(clusters * dim);
  for (let i = 0; i < centres.length; i++) centres[i] = normal();
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(random() * clusters);
    for (let j = 0; j < dim; j++) out[i * dim + j] = centres[c * dim + j]! + spread * normal();
  }
  return out;
}
